"""An uploaded JSON file read once for every import (carnet files, map files): UTF-8 with or
without a byte-order mark, then JSON; each caller names the problem in its own words."""

from __future__ import annotations

import json
from typing import Any


class JsonFileProblem(ValueError):
    """``kind``: ``encoding`` (not UTF-8) or ``not_json``."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def load_json(raw: bytes) -> Any:
    """The JSON document in ``raw``; raise ``JsonFileProblem`` when it is not one."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JsonFileProblem("encoding") from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        # JSONDecodeError is a ValueError; so is an integer over Python's 4,300-digit limit.
        raise JsonFileProblem("not_json") from None
