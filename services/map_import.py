"""Use case: import support actors from a map made in another tool (uMap, GeoJSON, KML from
Google My Maps). Reading the file is ``adapters.geo_files``; the decisions (what becomes an
actor, the guessed category, why a feature is skipped) are ``domain.geo_import``. Nothing here
touches the carnet: the learner reviews the report, chooses the missing categories, and the
page adds ``actors_to_add`` through the carnet's update.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath

from adapters.geo_files import GeoFileProblem, read_geo_file
from domain.geo_import import GeoImportReport, build_actors, import_map_features
from domain.models import Actor
from services.errors import Invalid

__all__ = ["MAP_EXTENSIONS", "actors_to_add", "is_map_file", "read_map_file"]

MAP_EXTENSIONS = (".umap", ".geojson", ".json", ".kml", ".kmz")
_TABLE_EXTENSIONS = (".csv", ".tsv", ".txt")


def is_map_file(file_name: str, data: bytes) -> bool:
    """A map file (uMap, GeoJSON, KML) rather than a CSV table: by the file's extension, or,
    without a known one, by its first bytes (a JSON object, or XML)."""
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix in MAP_EXTENSIONS:
        return True
    if suffix in _TABLE_EXTENSIONS:
        return False
    head = bytes(data[:512]).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"{", b"<?xml", b"<kml"))


def read_map_file(data: bytes, categories: Mapping[str, Sequence[str]]) -> GeoImportReport:
    """The report of a map file; ``Invalid`` (``actors_import.error.<code>``) for a file that
    cannot be read at all. ``categories``: as ``domain.actors.import_labels`` gives them."""
    try:
        fmt, features = read_geo_file(data)
    except GeoFileProblem as problem:
        raise Invalid(problem.key, **problem.params) from None
    return import_map_features(fmt, features, categories)


def actors_to_add(
    report: GeoImportReport, chosen: Mapping[int, str | None], categories: Sequence[str]
) -> list[Actor]:
    """The actors the learner confirms; ``Invalid`` when a row still has no category."""
    actors, missing = build_actors(report, chosen, categories)
    if missing:
        raise Invalid("actors_import.error.category_missing", lines=", ".join(map(str, missing)))
    if not actors:
        raise Invalid("actors_import.error.no_rows")
    return actors
