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

uMap does NOT show "name" and "description" as plain text. Its popup (rendering/template.js)
first runs `greedyTemplate` on the description and on the popup template (default
"# {name}\n{description}"): every `{key}` is replaced by that property, so a learner's "{commune}"
or "{name}" changes. Then `toHTML` reads the result as uMap's own markup (`{{url}}` becomes an
image, `{{{url}}}` an iframe, `[[url|text]]` a link, `**`/`*` bold and italics, `#` at a line's
start a heading, `---` a rule) and inserts it as HTML (tags allowed by its DOMPurify list survive).
So the two display fields go through `umap_text`: every character those rules read is written as
an HTML character reference, which neither `greedyTemplate` nor `toHTML` matches and which the
browser shows as the character typed. The other properties are raw data (json.dumps escapes them
for JSON); a uMap user who puts them in a custom popup template gets uMap's reading of them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from domain.summary import ActorSummary, Summary, safe_colour
from domain.text import safe_url

PRECISION = 6

# What uMap's greedyTemplate and toHTML read, and HTML's own & < > " ' (toHTML puts a URL found
# in the text into an href="…" attribute): written as references.
# "#" and "-" matter only at a line's start (headings, "---"); "_" for its "h_t_t_p" rule.
_UMAP_SPECIAL = re.compile(r"[&<>\"'{}\[\]*_]|^[#-]", re.MULTILINE)


def umap_text(value: str) -> str:
    """A learner string as uMap's popup shows it verbatim (see the module's docstring)."""
    return _UMAP_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", value or "")


def _description(actor: ActorSummary) -> str:
    place = actor.address
    if actor.commune and actor.commune.lower() not in actor.address.lower():
        place = f"{place}, {actor.commune}" if place else actor.commune
    lines = [actor.category_label, place, safe_url(actor.website)]
    return "\n".join(line for line in lines if line)


def actor_feature(actor: ActorSummary, include_private: bool) -> dict[str, Any]:
    properties: dict[str, object] = {
        "name": umap_text(actor.name),
        "description": umap_text(_description(actor)),
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
