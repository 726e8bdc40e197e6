"""Test corpora shared by the unit, app and browser tests.

- ``hostile_strings()``: the payloads of ``hostile_strings.txt`` (HTML/script injection,
  template syntax, Markdown and CSV formula injection, bidi and control characters, very long
  strings...), escapes decoded; see the top of that file for its format.
- ``bad_inputs(kind)``: the bad files of ``bad_inputs/<kind>/`` with what each must produce
  (``bad_inputs/manifest.json`` per kind; ``bad_inputs/build_corpus.py`` rebuilds them).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
HOSTILE_STRINGS = CORPUS_DIR / "hostile_strings.txt"
BAD_INPUTS = CORPUS_DIR / "bad_inputs"

_ESCAPE = re.compile(
    r"\\(?:(?P<simple>[\\nrt0#s])|x(?P<x>[0-9A-Fa-f]{2})|u(?P<u>[0-9A-Fa-f]{4})"
    r"|U(?P<U>[0-9A-Fa-f]{8})|\{(?P<count>\d+):(?P<text>[^}\\]*)\}|(?P<bad>.?))",
    re.DOTALL,
)
_SIMPLE = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t", "0": "\0", "#": "#", "s": " "}


def decode_line(line: str) -> str:
    """One line of hostile_strings.txt → the payload (see the format at the top of the file)."""

    def replace(match: re.Match[str]) -> str:
        if match.group("simple") is not None:
            return _SIMPLE[match.group("simple")]
        for name in ("x", "u", "U"):
            if match.group(name) is not None:
                return chr(int(match.group(name), 16))
        if match.group("count") is not None:
            return match.group("text") * int(match.group("count"))
        raise ValueError(f"unknown escape \\{match.group('bad')!r} in {line!r}")

    return _ESCAPE.sub(replace, line)


@cache
def _hostile_strings() -> tuple[str, ...]:
    payloads = []
    for line in HOSTILE_STRINGS.read_text(encoding="utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        payloads.append(decode_line(line))
    return tuple(payloads)


def hostile_strings() -> list[str]:
    """Every payload of hostile_strings.txt, decoded, in file order (a new list each call)."""
    return list(_hostile_strings())


@dataclass(frozen=True)
class BadInput:
    kind: str  # folder: carnet_json, actors_csv, geocoder_geojson
    name: str  # file name in the folder
    what: str  # what the file is
    expect: dict = field(default_factory=dict)  # code / row_codes / problem, see build_corpus.py

    @property
    def path(self) -> Path:
        return BAD_INPUTS / self.kind / self.name

    def data(self) -> bytes:
        """The bytes an upload (or the fake service) delivers: gzipped files are inflated."""
        raw = self.path.read_bytes()
        return gzip.decompress(raw) if self.expect.get("gzip") else raw


def bad_inputs(kind: str) -> list[BadInput]:
    """The corpus of one input, from its manifest (every file on disk must be listed)."""
    folder = BAD_INPUTS / kind
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    on_disk = {p.name for p in folder.iterdir() if p.name != "manifest.json"}
    if on_disk != set(manifest):
        raise AssertionError(f"{kind}: files and manifest differ: {on_disk ^ set(manifest)}")
    return [
        BadInput(kind, name, entry["what"], {k: v for k, v in entry.items() if k != "what"})
        for name, entry in sorted(manifest.items())
    ]
