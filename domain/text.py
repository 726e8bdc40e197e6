"""Text safety: the one place where learner strings are cleaned and escaped.

Cleaning happens when text enters the carnet (control characters out); escaping happens when text
leaves it, for the target format: HTML (including folium popups, which sit inside a JavaScript
template literal), Markdown, CSV.
"""

from __future__ import annotations

import re
import unicodedata

# C0/C1 controls except tab and newline, plus the bidi overrides and isolates that can reorder
# what a reader sees (the "Trojan Source" trick). Right-to-left letters themselves are kept.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

_HTML_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    # folium writes popup and tooltip HTML into a JavaScript template literal: a backtick closes
    # it, "${" interpolates and a backslash escapes. As HTML entities they are inert there.
    "`": "&#96;",
    "$": "&#36;",
    "\\": "&#92;",
    # branca (folium) re-reads rendered scripts as Jinja templates: "{{ ... }}" in learner text
    # would run on the server. As entities, braces are inert for Jinja and display the same.
    "{": "&#123;",
    "}": "&#125;",
}
_HTML_RE = re.compile("[&<>\"'`$\\\\{}]")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Normalise a learner string: NFC, no control or bidi-override characters, trimmed."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _UNSAFE_CHARS.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    return text.strip()


def escape_html(value: object) -> str:
    """Escape for HTML text and attribute values, and for folium's template-literal popups."""
    return _HTML_RE.sub(lambda m: _HTML_ESCAPES[m.group(0)], "" if value is None else str(value))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$=])")


def escape_markdown(value: object) -> str:
    """Escape Markdown syntax so a learner string is shown as typed, never as a link or HTML.

    Every punctuation mark Markdown (and Streamlit's Markdown, which also reads $ as LaTeX) could
    interpret gets a backslash; "<" and ">" become entities so no raw HTML survives.
    """
    text = "" if value is None else str(value)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return text.replace("\\<", "&lt;").replace("\\>", "&gt;")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formula injection (=HYPERLINK(...), +cmd, @SUM...) in a CSV cell."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


_URL_UNSAFE = re.compile(r"[\s<>\"'`]")


def http_link(value: str) -> str:
    """A link typed by the learner, made a plain http(s) URL that ``safe_url`` keeps: spaces,
    quotes, ``<`` and ``>`` are percent-encoded. ValueError("url") for any other scheme
    (javascript:, data:, ftp:...) or no host. "" stays "".
    """
    value = (value or "").strip()
    if not value:
        return ""
    if not re.match(r"^https?://[^/\s]", value, re.IGNORECASE):
        raise ValueError("url")
    value = _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value)
    if not safe_url(value):
        raise ValueError("url")
    return value


def safe_url(value: str) -> str:
    """Return the URL when it is a plain http(s) link, else an empty string (no javascript:)."""
    value = (value or "").strip()
    return value if _SAFE_URL.match(value) else ""
