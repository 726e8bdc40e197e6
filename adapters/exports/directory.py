"""The shared directory as open data: CSV (Excel-ready) and GeoJSON (uMap-ready).

Both state the directory's licence (``domain.directory.LICENCE``, ODbL 1.0): the CSV in a
``licence`` column of every row (a comment line would break spreadsheets and CSV readers), the
GeoJSON as top-level ``license`` / ``attribution`` members (foreign members, allowed by RFC
7946 §6.1) and in each feature's ``licence`` property.

CSV: the carnet's conventions (``adapters.exports.csv_export``): UTF-8 with a BOM, ";"
separator, decimal comma, CRLF, every text cell through ``domain.text.csv_cell``. Columns:

| column | meaning |
| --- | --- |
| id | the entry's number in the directory |
| nom, categorie, categorie_libelle, reseau | name, category id and label, network (CRESS, DLA...) |
| commune, code_insee, departement, region, code_region | where; commune empty when only the région is known |
| adresse, latitude, longitude, site_web | address when a source gives one; commune centre or the learner's point |
| description | short public description |
| source, source_url | « proposé par des apprenants », or the page the entry comes from |
| confirmations, derniere_confirmation | how many learners confirmed it; date it was last confirmed |
| signale | « oui » while a report waits for moderation |
| licence | the directory's licence |

GeoJSON: entries with coordinates only (région-only entries are in the CSV), [lon, lat],
properties ``name``, ``description`` (uMap's popup), the columns above, and uMap's
``_umap_options.color`` (the category's colour). Private fields do not exist here: a
directory entry holds public fields only.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

from adapters.exports.csv_export import _coordinate
from adapters.storage.directory import EntryRow
from domain.directory import LICENCE, LICENCE_NAME, LICENCE_URL
from domain.summary import safe_colour
from domain.text import csv_cell, safe_url

COLUMNS = (
    "id",
    "nom",
    "categorie",
    "categorie_libelle",
    "reseau",
    "commune",
    "code_insee",
    "departement",
    "region",
    "code_region",
    "adresse",
    "latitude",
    "longitude",
    "site_web",
    "description",
    "source",
    "source_url",
    "confirmations",
    "derniere_confirmation",
    "signale",
    "licence",
)
PRECISION = 6


def licence_line() -> str:
    return f"{LICENCE_NAME} — {LICENCE_URL}"


def _source(entry: EntryRow, learners_label: str) -> tuple[str, str]:
    if entry.source_kind == "learners":
        return learners_label, ""
    return entry.source_title or safe_url(entry.source_url), safe_url(entry.source_url)


def directory_csv(
    entries: Sequence[EntryRow],
    *,
    category_labels: Mapping[str, str],
    lang: str,
    learners_label: str,
    yes: str,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    licence = licence_line()
    for entry in entries:
        source, source_url = _source(entry, learners_label)
        writer.writerow(
            [
                str(entry.id),
                csv_cell(entry.name),
                csv_cell(entry.category),
                csv_cell(category_labels.get(entry.category, entry.category)),
                csv_cell(entry.network),
                csv_cell(entry.commune),
                csv_cell(entry.insee),
                csv_cell(entry.departement),
                csv_cell(entry.region),
                csv_cell(entry.region_code),
                csv_cell(entry.address),
                _coordinate(entry.lat),
                _coordinate(entry.lon),
                csv_cell(safe_url(entry.website)),
                csv_cell(entry.description(lang)),
                csv_cell(source),
                csv_cell(source_url),
                str(entry.confirmations),
                entry.last_confirmed.isoformat() if entry.last_confirmed else "",
                yes if entry.status == "reported" else "",
                csv_cell(licence),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def directory_geojson(
    entries: Sequence[EntryRow],
    *,
    category_labels: Mapping[str, str],
    colours: Mapping[str, str],
    lang: str,
    learners_label: str,
    attribution: str,
) -> str:
    features = []
    for entry in entries:
        if entry.lat is None or entry.lon is None:
            continue
        source, source_url = _source(entry, learners_label)
        label = category_labels.get(entry.category, entry.category)
        description = entry.description(lang)
        lines = [label, entry.address or entry.commune, safe_url(entry.website), description]
        features.append(
            {
                "type": "Feature",
                "id": entry.id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(entry.lon, PRECISION), round(entry.lat, PRECISION)],
                },
                "properties": {
                    "name": entry.name,
                    "description": "\n".join(line for line in lines if line),
                    "category": entry.category,
                    "category_label": label,
                    "network": entry.network,
                    "commune": entry.commune,
                    "insee": entry.insee,
                    "departement": entry.departement,
                    "region": entry.region,
                    "address": entry.address,
                    "website": safe_url(entry.website),
                    "source": source,
                    "source_url": source_url,
                    "confirmations": entry.confirmations,
                    "last_confirmed": (
                        entry.last_confirmed.isoformat() if entry.last_confirmed else None
                    ),
                    "reported": entry.status == "reported",
                    "licence": LICENCE,
                    "_umap_options": {"color": safe_colour(colours.get(entry.category, ""))},
                },
            }
        )
    collection = {
        "type": "FeatureCollection",
        "license": LICENCE,
        "license_url": LICENCE_URL,
        "attribution": attribution,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
