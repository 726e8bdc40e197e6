"""The support actors as CSV for a spreadsheet (Excel in French first).

Format: UTF-8 with a byte-order mark (so Excel reads the accents), ";" as separator and "," as
decimal mark (the French convention, so Excel reads the coordinates as numbers), CRLF line
endings, a header row, one row per actor in the order of the summary (grouped by category).
Every text cell goes through domain.text.csv_cell: a cell that would start with = + - @ (a
formula in a spreadsheet) is prefixed with an apostrophe. The two coordinate cells are numbers
formatted here from floats (they cannot carry a formula) and are left as numbers, so that a
negative longitude (west of Greenwich: Brittany, Pays de la Loire, Nouvelle-Aquitaine, the
Antilles…) stays a number instead of becoming the text "'-1,9464".

Columns (fixed French names, the same whatever the carnet's language):

| column | meaning |
| --- | --- |
| nom | the actor's name |
| categorie | category id from the catalogue (e.g. cress, ptce) |
| categorie_libelle | the category's name in the carnet's language |
| commune | the actor's commune |
| adresse | postal address, as typed or found |
| latitude | WGS 84 latitude in decimal degrees, decimal comma; empty when not placed |
| longitude | WGS 84 longitude in decimal degrees, decimal comma; empty when not placed |
| site_web | website (http/https only; anything else is left empty) |
| statut | contact status in the carnet's language (identifié, contacté, rencontré, projet présenté) |
| contact | PRIVATE, only when private fields are included: the person contacted |
| notes | PRIVATE, only when private fields are included: the learner's notes |

Read it back with pandas: pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig",
decimal=",").
"""

from __future__ import annotations

import csv
import io

from domain.summary import Summary
from domain.text import csv_cell, safe_url

COLUMNS = (
    "nom",
    "categorie",
    "categorie_libelle",
    "commune",
    "adresse",
    "latitude",
    "longitude",
    "site_web",
    "statut",
)
PRIVATE_COLUMNS = ("contact", "notes")


def _coordinate(value: float | None) -> str:
    """A coordinate as a French decimal number (a float, so never a formula; csv_cell would turn
    a negative one into text)."""
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


def actors_csv(summary: Summary) -> bytes:
    columns = COLUMNS + (PRIVATE_COLUMNS if summary.include_private else ())
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    for actor in summary.actors:
        cells = [
            csv_cell(actor.name),
            csv_cell(actor.category),
            csv_cell(actor.category_label),
            csv_cell(actor.commune),
            csv_cell(actor.address),
            _coordinate(actor.lat),
            _coordinate(actor.lon),
            csv_cell(safe_url(actor.website)),
            csv_cell(actor.status_label),
        ]
        if summary.include_private:
            cells += [csv_cell(actor.contact_person or ""), csv_cell(actor.notes or "")]
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")
