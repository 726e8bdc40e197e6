"""The class map's layer: one GeoJSON layer inside one marker-cluster group, numbered points,
and a base map that loads the cluster plugin (from the app, never a CDN) with a maxZoom."""

from __future__ import annotations

import folium
from folium.plugins import MarkerCluster

from adapters import map_assets
from adapters.mapping import NO_TILES, CategoryStyle, actors_layer, build_base_map, layer_features
from domain.classroom import PublicActor

STYLES = {"cress": CategoryStyle("CRESS", "#0072B2")}


def public(n: int, located: bool = True) -> PublicActor:
    return PublicActor(
        id=f"{n:06x}",
        name=f"Acteur {n} <b>",
        category="cress",
        commune="Valence",
        address="",
        lat=44.9 + n / 100 if located else None,
        lon=4.9 if located else None,
        website="",
        departement_code="26",
        departement="Drôme",
    )


def test_a_clustered_numbered_layer_is_one_geojson_layer_in_one_cluster():
    actors = [public(1), public(2, located=False), public(3)]
    group = actors_layer(actors, STYLES, cluster=True, numbered=True)
    clusters = [c for c in group._children.values() if isinstance(c, MarkerCluster)]
    assert len(clusters) == 1
    layers = [c for c in clusters[0]._children.values() if isinstance(c, folium.GeoJson)]
    assert len(layers) == 1
    features = layer_features(group)
    # Numbered by position in the list (the board's table numbers), unlocated ones skipped.
    assert [(f["properties"]["k"], f["properties"]["n"]) for f in features] == [
        (1, "Acteur 1 &lt;b&gt;"),
        (3, "Acteur 3 &lt;b&gt;"),
    ]


def test_a_plain_layer_carries_no_numbers():
    features = layer_features(actors_layer([public(1)], STYLES))
    assert "k" not in features[0]["properties"]


def test_the_cluster_base_map_loads_the_plugin_locally_and_has_a_max_zoom(tmp_path):
    the_plan = map_assets.plan()
    map_assets.configure_folium("/app/static/vendor", the_plan)
    m = build_base_map((46.6, 2.4), 5, tiles=NO_TILES, cluster=True)
    html = m.get_root().render()
    assert '"maxZoom": 18' in html
    assert "/app/static/vendor/leaflet.markercluster" in html
    for host in map_assets.CDN_HOSTS:
        assert host not in html
    plain = build_base_map((46.6, 2.4), 5, tiles=NO_TILES).get_root().render()
    assert "markercluster" not in plain.lower()
