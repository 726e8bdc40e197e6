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


# What CommonMark (with GFM tables and strikethrough) and Streamlit's Markdown read in running
# text, and nothing else: "-", ".", "(", "!"... are ordinary there and stay as typed.
# code, emphasis, links, table cells, $math$; a run of "_" touching a word's edge
_MD_ANYWHERE = re.compile(r"[\\`*|~$]|(?<![^\W_])_+|_+(?![^\W_])")
# a "]" that would close a link, an image, a reference or a footnote definition: "](", "][",
# "]:"; a lone "[…]" stays as typed (no link without one of those)
_MD_BRACKET = re.compile(r"\](?=[(\[:])")
_MD_LINE_START = re.compile(r"^([ \t]*)([#>+=-])", re.MULTILINE)  # headings, quotes, lists, rules
_MD_ORDERED = re.compile(r"^([ \t]*[0-9]+)([.)])", re.MULTILINE)  # "1. " would start a list
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # "&amp;" typed stays "&amp;"
# Streamlit's :emoji:, :material/x: and :red[coloured text]
_MD_SHORTCODE = re.compile(r":(?=[0-9A-Za-z_/+-]+[:\[])")


def escape_markdown(value: object) -> str:
    """Escape Markdown syntax so a learner string is shown as typed, never as a link or HTML.

    Only what would change the rendering gets a backslash: code, emphasis, a "]" that would close
    a link or reference ("](", "][", "]:"), table pipes, strikethrough, "$" (Streamlit reads $…$ as LaTeX), "_" at a word's edge, and at a
    line's start the characters that open a heading, quote, list or rule. "<" becomes "&lt;" (no
    raw HTML, no autolink), "&" before an entity name "&amp;". Ordinary punctuation stays as is.
    """
    text = "" if value is None else str(value)
    text = _MD_ANYWHERE.sub(lambda m: "".join("\\" + c for c in m.group(0)), text)
    text = _MD_BRACKET.sub(r"\\]", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    text = _MD_ORDERED.sub(r"\1\\\2", text)
    text = _MD_SHORTCODE.sub(r"\\:", text)
    text = _MD_ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


ELLIPSIS = " […]"
_SENTENCE_END = re.compile(r"[.!?…»)](?=\s)")


def shorten_words(text: str, limit: int) -> str:
    """Prose cut to at most `limit` characters, never inside a word: at the end of the last
    sentence that fits when it keeps most of the room, else at the last space; ELLIPSIS marks the
    cut. Empty when not even one word fits."""
    text = text.strip()
    if len(text) <= limit:
        return text
    room = limit - len(ELLIPSIS)
    if room <= 0:
        return ""
    head = text[: room + 1]  # one more: a cut right before a space keeps the whole word
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= room * 0.6:
        cut = head[: ends[-1]]
    else:
        space = max(head.rfind(" "), head.rfind("\n"))
        if space <= 0:
            return ""
        cut = head[:space]
    return cut.rstrip() + ELLIPSIS


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


# --------------------------------------------------------------------------- comparing and cutting

# Letters that NFKD does not split into base letter + combining mark.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
    }
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text: str) -> str:
    """The key for forgiving comparisons: lower case, no accents, ligatures spelt out, every run
    of other characters (spaces, hyphens, apostrophes, punctuation) one space, trimmed::

        >>> fold("L’Haÿ-les-Roses") == fold("l'hay les ROSES") == "l hay les roses"
        True
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
        text = _COMBINING.sub("", text)  # accents; other non-ASCII (’, «) become spaces below
    return _NON_ALNUM.sub(" ", text.lower()).strip()


def shorten(text: str, limit: int, *, one_line: bool = False) -> str:
    """A label of at most ``limit`` characters, cut with an ellipsis (map and figure labels,
    stored values); ``one_line``: runs of white space (new lines included) become one space
    first. Prose that a reader reads whole (the forum post) uses ``shorten_words``."""
    if one_line:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
