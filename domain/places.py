"""From a commune of the gazetteer to the carnet's territory: one place builder."""

from __future__ import annotations

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
