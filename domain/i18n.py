"""Translations: flat key → string JSON files per language, one Translator per language."""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent.parent / "data" / "locales"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def locale_files(lang: str) -> list[Path]:
    """One JSON file per area of the app (core, actors, alliance, summary...), per language."""
    return sorted((LOCALES_DIR / lang).glob("*.json"))


@cache
def load_messages(lang: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for path in locale_files(lang):
        with path.open(encoding="utf-8") as handle:
            messages.update(json.load(handle))
    return messages


def placeholders(template: str) -> set[str]:
    """Names of the {placeholders} of a message (used by the locale consistency test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class Translator:
    """t("key", name=...) in one language; a missing key falls back to French, then to the key."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._messages = load_messages(self.lang)
        self._fallback = load_messages(DEFAULT_LANGUAGE)

    def __call__(self, key: str, **params: object) -> str:
        template = self._messages.get(key) or self._fallback.get(key)
        if template is None:
            return key
        return template.format(**params) if params else template

    def has(self, key: str) -> bool:
        return key in self._messages

    def pick(self, value: object) -> str:
        """Choose the current language from {fr, en} catalogue data (a dict or LocalizedText)."""
        if value is None or isinstance(value, str):
            return value or ""
        get = getattr(value, "get", None)
        if get is None:
            return ""
        return str(get(self.lang) or get(DEFAULT_LANGUAGE) or "")


def detect_language(accept_language: str | None) -> str:
    """First supported language of an Accept-Language header, French by default."""
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
