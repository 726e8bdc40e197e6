"""The located support actors as GeoJSON (RFC 7946), ready to import into uMap.

- a FeatureCollection of Point features, coordinates [longitude, latitude] in WGS 84 with six
  decimals (RFC 7946 §3.1.1 and §11.2); no "crs" member (removed by RFC 7946); actors without a
  position are left out (the CSV and the other exports have them);
- each Feature has the actor's id as "id" and these properties: "name" and "description" (what
  uMap shows in its popup by default; the description is plain text lines: category, address and
  commune, website), "category" (catalogue id), "category_label", "commune", "address",
  "website", "status" (label), and uMap's per-feature style "_umap_options": {"color": "#rrggbb"}
  (the category's colour);
- "contact" and "notes" (private) only when the summary includes private fields.

Values are plain strings (json.dumps escapes them for JSON); uMap escapes text it displays.
"""

from __future__ import annotations

import json
from typing import Any

from domain.summary import ActorSummary, Summary, safe_colour
from domain.text import safe_url

PRECISION = 6


def _description(actor: ActorSummary) -> str:
    place = actor.address
    if actor.commune and actor.commune.lower() not in actor.address.lower():
        place = f"{place}, {actor.commune}" if place else actor.commune
    lines = [actor.category_label, place, safe_url(actor.website)]
    return "\n".join(line for line in lines if line)


def actor_feature(actor: ActorSummary, include_private: bool) -> dict[str, Any]:
    properties: dict[str, object] = {
        "name": actor.name,
        "description": _description(actor),
        "category": actor.category,
        "category_label": actor.category_label,
        "commune": actor.commune,
        "address": actor.address,
        "website": safe_url(actor.website),
        "status": actor.status_label,
    }
    if include_private:
        properties["contact"] = actor.contact_person or ""
        properties["notes"] = actor.notes or ""
    properties["_umap_options"] = {"color": safe_colour(actor.colour)}
    return {
        "type": "Feature",
        "id": actor.id,
        "geometry": {
            "type": "Point",
            "coordinates": [round(actor.lon or 0.0, PRECISION), round(actor.lat or 0.0, PRECISION)],
        },
        "properties": properties,
    }


def actors_geojson(summary: Summary) -> str:
    collection = {
        "type": "FeatureCollection",
        "features": [
            actor_feature(actor, summary.include_private) for actor in summary.located_actors
        ],
    }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"
