"""From the catalogue (``domain.catalogue``, data/alliances.json) to the carnet: a catalogue
alliance as the learner's alliance, with its known members."""

from __future__ import annotations

from collections.abc import Iterable

from domain.catalogue import CatalogueAlliance, localized
from domain.members import parse_family
from domain.models import (
    MAX_LINE,
    MAX_MEMBERS,
    MAX_NOTE,
    MAX_SHORT,
    Alliance,
    Family,
    Member,
)
from domain.text import clean_text, safe_url, shorten


def _fit(text: str, limit: int, *, multiline: bool = False) -> str:
    return shorten(clean_text(text, multiline=multiline), limit)


def _source_url(sources: Iterable[str]) -> str:
    """The first plain http(s) source that fits the carnet's limit."""
    return next((url for url in map(safe_url, sources) if url and len(url) <= MAX_LINE), "")


def members_from_catalogue(alliance: CatalogueAlliance, lang: str) -> list[Member]:
    """The catalogue alliance's members for the learner's table: name (in English when the
    catalogue translates it), family and role (in lang); expertise and interest stay empty, for
    the learner to write. New ids each time. Text is cut to the carnet's limits."""
    return [
        Member(
            name=_fit(item.display_name(lang), MAX_SHORT),
            family=parse_family(item.family) or Family.OTHER,
            role=_fit(localized(item.role, lang), MAX_NOTE, multiline=True),
        )
        for item in alliance.members[:MAX_MEMBERS]
        if clean_text(item.display_name(lang))
    ]


def alliance_from_catalogue(alliance: CatalogueAlliance, lang: str) -> Alliance:
    """The carnet's Alliance for a catalogue alliance: name, place "commune, département",
    source_url (its first http(s) source), description (its summary), lat/lon and members."""
    return Alliance(
        catalogue_id=alliance.id,
        name=_fit(alliance.display_name(lang), MAX_SHORT),
        place=_fit(f"{alliance.commune}, {alliance.departement}", MAX_LINE),
        source_url=_source_url(alliance.sources),
        description=_fit(localized(alliance.summary, lang), MAX_NOTE, multiline=True),
        lat=alliance.lat,
        lon=alliance.lon,
        members=members_from_catalogue(alliance, lang),
    )
