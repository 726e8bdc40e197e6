"""Exporters of a carnet: one module per format, all reading a domain.summary.Summary.

- markdown.summary_markdown(summary, t) -> str       the whole carnet as Markdown
- forum.forum_post_markdown / forum_post_text(summary, t, full, share_url) -> str   forum post
- html.summary_html(summary, t) -> str              standalone printable page (inline SVG)
- pdf.summary_pdf(summary, t, progress) -> bytes    PDF (DejaVu Sans + Noto Emoji, map)
- csv_export.actors_csv(summary) -> bytes           actors for Excel (UTF-8 BOM, ";")
- geojson.actors_geojson(summary) -> str            located actors for uMap (RFC 7946)
- carnet_json(carnet, include_private) -> str       the carnet itself, re-importable

Private fields (contact_person, notes) appear only when the summary was built with
include_private=True (or carnet_json is called with it); the forum post never has them.
See docs/exports.md.
"""

from __future__ import annotations

from domain.carnet_io import carnet_to_json
from domain.models import Carnet


def carnet_json(carnet: Carnet, include_private: bool = False) -> str:
    """The carnet as JSON (domain.carnet_io format); private fields blanked unless included.

    With include_private=True the text re-imports (carnet_io.parse_carnet_json) to an equal
    carnet; without, to the same carnet with empty contact_person and notes.
    """
    if include_private:
        return carnet_to_json(carnet)
    shared = carnet.model_copy(deep=True)
    for actor in shared.actors:
        actor.contact_person = ""
        actor.notes = ""
    return carnet_to_json(shared)
