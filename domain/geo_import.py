"""Actors from a map file (uMap, GeoJSON, KML / Google My Maps): the decisions, pure.

The file is read by ``adapters.geo_files`` into ``MapFeature`` records; here each feature
becomes a candidate actor or is skipped with a reason, and the report is what the learner sees
before anything reaches the carnet:

- only **Point** features become actors; other geometries (lines, polygons...) are skipped with
  the geometry named; a point without usable coordinates (text, out of range) is skipped too;
- the **name** is the feature's name (or the property the CSV import would read as a name), the
  **description** becomes the actor's public description (cut at the model's limit, with a
  warning), and properties named like the CSV columns (address, commune, website) are kept;
- the **category** is guessed with the CSV import's matching (``category_matcher``): first a
  property named like the category column, then the uMap layer or KML folder name; when neither
  matches, the learner chooses it, row by row, before confirming (``build_actors``).

Reason codes are the CSV import's (``actors_import.reason.<code>``) plus ``GEO_CODES``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from domain.actors_import import Reason, RowCounts, RowResult, category_matcher, field_for_header
from domain.models import MAX_LINE, MAX_NOTE, MAX_SHORT, Actor
from domain.text import clean_text

__all__ = [
    "GEO_CODES",
    "Candidate",
    "GeoImportReport",
    "MapFeature",
    "build_actors",
    "import_map_features",
]

GEO_CODES = (
    "not_a_point", "no_geometry", "invalid_coordinates", "category_to_choose",
    "category_from_layer", "category_from_property", "description_cut",
)  # fmt: skip
_PENDING = "pending"  # a placeholder category while the learner has not chosen one
_SHOWN = 60


@dataclass(frozen=True)
class MapFeature:
    """One feature as found in the file, before any decision (built by ``adapters.geo_files``)."""

    number: int  # 1-based, in the order of the file (the report's « line »)
    layer: str = ""  # uMap layer, KML folder ("" when none)
    name: str = ""
    description: str = ""
    properties: Mapping[str, str] = field(default_factory=dict)  # other values, as text
    geometry: str | None = None  # "Point", "LineString"... None when there is none
    coordinates: tuple[Any, ...] | None = None  # a Point's raw (lon, lat[, alt])
    invalid_geometry: bool = False  # a geometry was there but could not be read


@dataclass(frozen=True)
class Candidate:
    """A feature that will become an actor once its category is known."""

    line: int
    name: str
    fields: Mapping[str, Any]  # Actor fields except the category
    category: str | None  # guessed; None: the learner chooses


@dataclass
class GeoImportReport(RowCounts):
    format: str  # umap, geojson, kml
    rows: list[RowResult]
    candidates: list[Candidate]

    @property
    def to_choose(self) -> list[Candidate]:
        return [c for c in self.candidates if c.category is None]


def _shown(value: str) -> str:
    value = clean_text(value)
    return value if len(value) <= _SHOWN else value[: _SHOWN - 1] + "…"


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _by_field(properties: Mapping[str, str]) -> dict[str, str]:
    """Properties named like the CSV columns → {actor field: value}; the first one wins."""
    found: dict[str, str] = {}
    for key, value in properties.items():
        name = field_for_header(key)
        if name and name not in found and clean_text(value):
            found[name] = value
    return found


def import_map_features(
    fmt: str, features: Sequence[MapFeature], categories: Mapping[str, Sequence[str]]
) -> GeoImportReport:
    """Decide, feature by feature; nothing here touches a carnet."""
    match = category_matcher(categories)
    rows: list[RowResult] = []
    candidates: list[Candidate] = []
    seen: dict[tuple[str, float, float], int] = {}
    for feature in features:
        row, candidate = _feature(feature, match, seen)
        rows.append(row)
        if candidate is not None:
            candidates.append(candidate)
    return GeoImportReport(format=fmt, rows=rows, candidates=candidates)


def _feature(
    feature: MapFeature, match: Any, seen: dict[tuple[str, float, float], int]
) -> tuple[RowResult, Candidate | None]:
    line = feature.number
    fields = _by_field(feature.properties)
    name = clean_text(feature.name or fields.get("name", ""))
    shown = _shown(name)

    def skipped(*reasons: Reason) -> tuple[RowResult, None]:
        return RowResult(line, "rejected", reasons, shown), None

    if feature.geometry is None:
        return skipped(Reason("invalid_coordinates" if feature.invalid_geometry else "no_geometry"))
    if feature.geometry != "Point":
        return skipped(Reason("not_a_point", {"geometry": _shown(feature.geometry)}))
    raw = feature.coordinates or ()
    lon = _number(raw[0]) if len(raw) > 0 else None
    lat = _number(raw[1]) if len(raw) > 1 else None
    if lon is None or lat is None:
        return skipped(Reason("invalid_coordinates"))
    errors: list[Reason] = []
    if not -90 <= lat <= 90:
        errors.append(Reason("lat_out_of_range", {"value": _shown(str(raw[1]))}))
    if not -180 <= lon <= 180:
        errors.append(Reason("lon_out_of_range", {"value": _shown(str(raw[0]))}))
    if not name:
        errors.append(Reason("missing_name"))
    elif len(name) > MAX_SHORT:
        errors.append(Reason("too_long", {"column": "name", "max": MAX_SHORT}))
    if errors:
        return skipped(*errors)

    warnings: list[Reason] = []
    infos: list[Reason] = []
    description = clean_text(feature.description, multiline=True)
    if len(description) > MAX_NOTE:
        description = description[: MAX_NOTE - 1].rstrip() + "…"
        warnings.append(Reason("description_cut", {"max": MAX_NOTE}))
    values: dict[str, Any] = {
        "name": name,
        "description": description,
        "address": clean_text(fields.get("address", ""))[:MAX_LINE],
        "commune": clean_text(fields.get("commune", ""))[:MAX_SHORT],
        "website": clean_text(fields.get("website", "")),
        "lat": lat,
        "lon": lon,
        "placed_by": "import",
    }
    if lat == 0 and lon == 0:  # « Null Island »: an empty position exported as zeros
        values["lat"] = values["lon"] = None
        warnings.append(Reason("not_located"))
    try:
        Actor(category=_PENDING, **values)
    except ValidationError as error:
        bad = {str(d["loc"][0]) for d in error.errors() if d.get("loc")}
        if bad == {"website"}:
            warnings.append(Reason("invalid_website", {"value": _shown(values["website"])}))
            values["website"] = ""
        else:
            column = ", ".join(sorted(bad)) or "?"
            return skipped(Reason("invalid_value", {"column": column}))

    category = match(fields.get("category", ""))
    if category is not None:
        infos.append(Reason("category_from_property", {"value": _shown(fields["category"])}))
    else:
        category = match(feature.layer)
        if category is not None:
            infos.append(Reason("category_from_layer", {"layer": _shown(feature.layer)}))
    if category is None:
        warnings.append(Reason("category_to_choose"))

    key = (name.casefold(), round(lat, 5), round(lon, 5))
    if key in seen:
        warnings.append(Reason("duplicate_in_file", {"line": seen[key]}))
    else:
        seen[key] = line
    status: Literal["imported", "warning"] = "warning" if warnings else "imported"
    candidate = Candidate(line=line, name=name, fields=values, category=category)
    return RowResult(line, status, tuple(warnings + infos), shown), candidate


def build_actors(
    report: GeoImportReport, chosen: Mapping[int, str | None], known: Sequence[str]
) -> tuple[list[Actor], list[int]]:
    """The actors to add: each candidate with its guessed category, or the one the learner
    chose for its line (``chosen``: line → category id). Returns (actors, lines still without a
    category — left out)."""
    actors: list[Actor] = []
    missing: list[int] = []
    allowed = set(known)
    for candidate in report.candidates:
        category = chosen.get(candidate.line) or candidate.category
        if category is None or category not in allowed:
            missing.append(candidate.line)
            continue
        actors.append(Actor(category=category, **candidate.fields))
    return actors, missing
