"""From a commune of the gazetteer to the places the app keeps: the carnet's territory, and
where the shared directory puts an entry. One home for these lookups."""

from __future__ import annotations

from dataclasses import replace

from domain.directory import Place
from domain.gazetteer import Commune
from domain.models import Territory


def territory_of(commune: Commune, query: str = "") -> Territory:
    """The learner's territory at a commune (the postcode typed in ``query`` when it is one of
    the commune's, else its first; its département and région)."""
    return Territory(
        commune=commune.name,
        insee=commune.insee,
        postcode=commune.postcode_for(query),
        departement=commune.departement,
        departement_code=commune.departement_code,
        region=commune.region,
        region_code=commune.region_code,
        lat=commune.lat,
        lon=commune.lon,
    )


def region_place(area: Commune | Territory) -> Place:
    """A directory place with only the département (by its code) and the région of ``area``."""
    return Place(
        departement=area.departement_code, region=area.region, region_code=area.region_code
    )


def directory_place(commune: Commune) -> Place:
    """Where the shared directory puts an entry at this commune of the gazetteer."""
    return replace(
        region_place(commune),
        commune=commune.name,
        insee=commune.insee,
        lat=commune.lat,
        lon=commune.lon,
    )
