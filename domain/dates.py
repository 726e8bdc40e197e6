"""Dates as people write them: « 6 décembre 2026 », « 1er mars 2027 », "6 December 2026".

``long_date`` writes a date with the month names of the locale files (``date.month.<1..12>``,
``date.long``, ``date.first_day``): no dependency on the server's C locale, which would write
"December". ``parse_date`` reads what a learner types: « 06/12/2026 », « 6/12/26 »,
« 2026-12-06 », « 6 décembre 2026 ».
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache

from domain.i18n import LANGUAGES, load_messages

Translate = Callable[..., str]


def long_date(day: date, t: Translate) -> str:
    """« 6 décembre 2026 » (the first of the month is « 1er » in French)."""
    number = t("date.first_day") if day.day == 1 else str(day.day)
    return t("date.long", day=number, month=t(f"date.month.{day.month}"), year=day.year)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Month names in every language, and their first three letters, folded."""
    names: dict[str, int] = {}
    for lang in LANGUAGES:
        messages = load_messages(lang)
        for month in range(1, 13):
            name = _fold(messages.get(f"date.month.{month}", ""))
            if name:
                names[name] = month
                names.setdefault(name[:3], month)
    names.setdefault("fev", 2)
    names.setdefault("aou", 8)
    return names


_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:er)?\s+([^\d\s.]+)\.?\s+(\d{4})$")


def parse_date(text: str) -> date | None:
    """A date typed day first (French and British order), ISO, or with the month in words;
    None when it is not a real date."""
    raw = " ".join(_fold(text or "").replace(",", " ").split())
    try:
        if match := _ISO.match(raw):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _NUMERIC.match(raw):
            year = int(match[3])
            return date(year + 2000 if year < 100 else year, int(match[2]), int(match[1]))
        if match := _WORDS.match(raw):
            month = _months().get(match[2]) or _months().get(match[2][:3])
            return date(int(match[3]), month, int(match[1])) if month else None
    except ValueError:
        return None
    return None


def saved_at(moment: datetime, now: datetime, t: Translate) -> str:
    """« Enregistré à 14 h 32 » (today) or « Enregistré le 5 décembre 2026 à 14 h 32 »;
    ``moment`` and ``now`` already in the learner's time zone."""
    clock = t("date.clock", hour=moment.hour, minute=f"{moment.minute:02d}")
    if moment.date() == now.date():
        return t("date.saved_today", time=clock)
    return t("date.saved_on", date=long_date(moment.date(), t), time=clock)
