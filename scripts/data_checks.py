"""Checks shared by the data builders (``build_catalogue.py``, ``build_directory_seed.py``) and
their tests: French typography of one string, a source URL, a point in France, every string of a
JSON value.

A builder run as a script puts the repository root on ``sys.path`` first, then imports
``scripts.data_checks``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

# (south, north, west, east) boxes: metropolitan France with Corsica, then the five DROM.
FRANCE_BOXES = {
    "metropole": (41.3, 51.2, -5.3, 9.7),
    "guadeloupe": (15.8, 16.6, -61.9, -61.0),
    "martinique": (14.3, 14.95, -61.3, -60.8),
    "guyane": (2.1, 5.8, -54.7, -51.5),
    "reunion": (-21.45, -20.85, 55.2, 55.9),
    "mayotte": (-13.05, -12.6, 45.0, 45.35),
}

_NBSP = "\u00a0\u202f"
_URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def is_url(value: object) -> bool:
    """An absolute http(s) URL with a host and nothing that could break out of an attribute."""
    return isinstance(value, str) and bool(_URL_RE.match(value)) and bool(urlsplit(value).netloc)


class BuildError(Exception):
    """A build refused: every problem found, listed (the command prints them, exit status 1)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def in_france(lat: float, lon: float) -> bool:
    """True when (lat, lon) falls in metropolitan France or one of the five DROM."""
    return any(s <= lat <= n and w <= lon <= e for s, n, w, e in FRANCE_BOXES.values())


def french_typography_problems(text: str) -> list[str]:
    """Problems in one French string (URLs ignored): ; : ! ? » need a non-breaking space before,
    « one after, and the apostrophe is the typographic ’."""
    text = re.sub(r"https?://\S+", "", text)
    problems = []
    if "'" in text:
        problems.append("straight apostrophe ' (use ’)")
    for match in re.finditer(r"[ \t\n]([;:!?»])", text):
        problems.append(f"ordinary space before {match.group(1)!r}")
    for match in re.finditer(r"(?<![\s" + _NBSP + r"])([;:!?»])", text):
        if match.start() > 0:
            problems.append(f"no non-breaking space before {match.group(1)!r}")
    if re.search(r"«[ \t\n]", text):
        problems.append("ordinary space after '«'")
    if re.search(r"«(?![" + _NBSP + r"])", text):
        problems.append("no non-breaking space after '«'")
    return problems


def walk_strings(value: object, key: str | None = None) -> Iterator[tuple[str | None, str]]:
    """(key, string) for every string in a JSON value; list items inherit their list's key."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk_strings(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk_strings(v, key)
    elif isinstance(value, str):
        yield key, value
