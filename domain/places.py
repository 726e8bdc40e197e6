"""From a commune of the gazetteer to the places the app keeps: the carnet's territory, and
where the shared directory puts an entry. One home for these lookups."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import replace

from domain.directory import Place
from domain.gazetteer import Commune
from domain.models import Territory
from domain.outlines import Outlines


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


def departement_points(
    communes: Iterable[Commune],
    departement_code: str,
    outlines: Outlines,
    *,
    count: int = 16,
    candidates: int = 80,
    clearance: float = 0.03,
) -> tuple[tuple[float, float], ...]:
    """Up to ``count`` (lat, lon) of communes of one département, spread over it and at least
    ``clearance`` degrees (about 3 km) from every line of ``outlines``: points surely inside the
    département as those simplified lines draw it, for a map that finds the département's
    limits among the lines (``adapters.mapping.TerritoryOutline``). An even sample of
    ``candidates`` communes (by latitude) is tried; communes whose place is an estimate are left
    out. Deterministic; linear in the number of communes."""
    inside = sorted(
        (c.lat, c.lon)
        for c in communes
        if departement_code and c.departement_code == departement_code and not c.approximate
    )
    if not inside:
        return ()
    sample = inside[:: max(1, len(inside) // candidates)]
    lats, lons = [lat for lat, _ in sample], [lon for _, lon in sample]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    box = (
        min(lons) - clearance / k,
        min(lats) - clearance,
        max(lons) + clearance / k,
        max(lats) + clearance,
    )
    segments = [
        (a[0] * k, a[1], b[0] * k, b[1])
        for line in outlines.lines_in(box)
        for run in line.runs_in(box)
        for a, b in zip(run, run[1:], strict=False)
    ]
    chosen = [
        (lat, lon)
        for lat, lon in sample
        if all(_distance((lon * k, lat), segment) >= clearance for segment in segments)
    ]
    step = max(1, len(chosen) // count)
    return tuple(chosen[::step][:count])


def _distance(point: tuple[float, float], segment: tuple[float, float, float, float]) -> float:
    (px, py), (ax, ay, bx, by) = point, segment
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)
