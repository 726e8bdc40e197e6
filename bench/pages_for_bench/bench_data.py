"""Bench inputs built once per process (the scripts below re-run, this module stays imported)."""

from __future__ import annotations

import random
from functools import cache

from adapters.mapping import CategoryStyle
from domain.models import Actor

CENTER = (46.6, 2.4)  # France
ZOOM = 6
CATEGORIES = {
    "association": CategoryStyle("Association", "#1b9e77"),
    "collectivite": CategoryStyle("Collectivité", "#d95f02"),
    "entreprise": CategoryStyle("Entreprise", "#7570b3"),
    "ess": CategoryStyle("Structure de l'ESS", "#e7298a"),
    "etat": CategoryStyle("Services de l'État", "#66a61e"),
    "fondation": CategoryStyle("Fondation", "#e6ab02"),
    "recherche": CategoryStyle("Recherche", "#a6761d"),
    "reseau": CategoryStyle("Réseau", "#1f78b4"),
}
LABELS = {"legend": "Légende", "territory": "Votre territoire", "website": "Site web"}


@cache
def points(n: int) -> tuple[tuple[float, float, str], ...]:
    """n (lat, lon, category) spread over metropolitan France, 8 categories, fixed seed."""
    rng = random.Random(n)
    cats = list(CATEGORIES)
    return tuple(
        (round(rng.uniform(42.5, 51.0), 5), round(rng.uniform(-4.5, 8.0), 5), cats[i % len(cats)])
        for i in range(n)
    )


def actor_fields(i: int, lat: float, lon: float, category: str) -> dict[str, object]:
    """The public fields of the i-th bench actor (a website for one in three)."""
    return {
        "name": f"Acteur n°{i} « {category} »",
        "category": category,
        "lat": lat,
        "lon": lon,
        "commune": f"Commune {i % 97}",
        "website": f"https://acteur-{i}.example.fr" if i % 3 == 0 else "",
    }


@cache
def actors(n: int) -> tuple[Actor, ...]:
    return tuple(
        Actor(**actor_fields(i, lat, lon, cat), contact_person="privé", notes="privé")
        for i, (lat, lon, cat) in enumerate(points(n))
    )


def bare_map(n: int):  # -> folium.Map
    """The baseline map: the same N points as one plain folium GeoJson layer of circle markers
    (what a page calling st_folium directly would draw), no tiles."""
    import folium

    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"style": {"fillColor": CATEGORIES[cat].colour}},
            }
            for lat, lon, cat in points(n)
        ],
    }
    m = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None)
    marker = folium.CircleMarker(radius=7, fill=True, fill_opacity=0.9)
    folium.GeoJson(data, marker=marker).add_to(m)
    return m
