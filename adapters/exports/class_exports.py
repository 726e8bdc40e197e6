"""The trainer's class exports, built from a ``domain.classroom.Board`` only (so only from what
learners chose to share): progress as CSV (Excel in French, like ``csv_export``), the class map
as GeoJSON (uMap-ready, like ``geojson``), and a printable HTML report (Jinja2 with autoescape
and ``escape_html`` on every value, like ``html``; no script, no external resource).

Progress CSV columns (fixed French names): ``apprenant``; one column per step (``projet``,
``acteurs``, ``alliance``, ``analyse``, ``synthese``: « oui », « non », or empty when the learner
does not share their progress); ``nb_acteurs`` (empty when actors are not shared);
``alliance`` (empty when not shared or not chosen).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime

from adapters.exports.csv_export import _coordinate
from adapters.exports.geojson import PRECISION
from adapters.exports.html import _ENV
from domain import progress
from domain.classroom import Board, ClassProposal
from domain.models import QUESTIONS
from domain.summary import CategoryInfo, TranslatorLike, safe_colour
from domain.text import csv_cell, safe_url

STEP_IDS = tuple(step.id for step in progress.steps(None))
PROGRESS_COLUMNS = ("apprenant", *STEP_IDS, "nb_acteurs", "alliance")
MAP_COLUMNS = ("numero", "nom", "categorie", "commune", "departement", "latitude", "longitude")


def progress_csv(board: Board) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(PROGRESS_COLUMNS)
    for view in board.views:
        done = {step.id: step.done for step in view.progress} if view.progress else {}
        cells = [csv_cell(view.label)]
        cells += [("oui" if done[s] else "non") if done else "" for s in STEP_IDS]
        cells.append(str(len(view.actors)) if view.actors is not None else "")
        cells.append(csv_cell(view.alliance.name) if view.alliance else "")
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8-sig")


def class_geojson(board: Board, categories: Sequence[CategoryInfo]) -> str:
    """The class's shared, located actors as a FeatureCollection (``[lon, lat]``), with uMap's
    ``name``/``description`` and per-feature colour; the learner who found each one."""
    by_id = {c.id: c for c in categories}
    features = []
    for item in board.actors:
        actor = item.actor
        if actor.lat is None or actor.lon is None:
            continue
        info = by_id.get(actor.category)
        label = info.label if info else actor.category
        place = ", ".join(p for p in (actor.address, actor.commune) if p)
        description = "\n".join(p for p in (label, place, safe_url(actor.website)) if p)
        features.append(
            {
                "type": "Feature",
                "id": item.number,
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(actor.lon, PRECISION), round(actor.lat, PRECISION)],
                },
                "properties": {
                    "number": item.number,
                    "name": actor.name,
                    "description": description,
                    "category": actor.category,
                    "category_label": label,
                    "commune": actor.commune,
                    "address": actor.address,
                    "departement": actor.departement,
                    "website": safe_url(actor.website),
                    "learner": item.learner,
                    "_umap_options": {"color": safe_colour(info.colour if info else "")},
                },
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def actors_csv(board: Board, categories: Sequence[CategoryInfo]) -> bytes:
    """The class map's table (numbered like the map) as CSV."""
    labels = {c.id: c.label for c in categories}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(MAP_COLUMNS)
    for item in board.actors:
        actor = item.actor
        writer.writerow(
            [
                str(item.number),
                csv_cell(actor.name),
                csv_cell(labels.get(actor.category, actor.category)),
                csv_cell(actor.commune),
                csv_cell(actor.departement),
                _coordinate(actor.lat),
                _coordinate(actor.lon),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def class_report_html(
    board: Board,
    *,
    class_name: str,
    territory: str,
    categories: Sequence[CategoryInfo],
    t: TranslatorLike,
    language: str,
    proposals: Sequence[ClassProposal] = (),
    generated_at: datetime | None = None,
) -> str:
    """The printable report; ``proposals``: the class's directory proposals the board shows
    (``domain.classroom.class_proposals``: only of learners who share their actors)."""
    labels = {c.id: c.label for c in categories}
    template = _ENV.get_template("class_report.html.j2")
    return template.render(
        board=board,
        proposals=proposals,
        class_name=class_name,
        territory=territory,
        label=lambda cid: labels.get(cid, cid),
        labels_of=lambda ids: ", ".join(labels.get(cid, cid) for cid in ids),
        steps=STEP_IDS,
        questions=QUESTIONS,
        t=t,
        language=language,
        generated=(generated_at or datetime.now(UTC)).date().isoformat(),
    )
