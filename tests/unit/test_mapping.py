"""The map HTML the learners' browsers receive: places, colours, escaping, privacy, no CDN."""

from __future__ import annotations

import functools
import json
import re

import folium
import folium.plugins
import pytest
from jinja2.utils import htmlsafe_json_dumps

from adapters import map_assets, mapping
from adapters.mapping import (
    NO_TILES,
    OSM,
    UNKNOWN_COLOUR,
    CategoryStyle,
    TilesSetting,
    actors_geojson,
    actors_layer,
    build_base_map,
    legend_html,
    territory_layer,
    tiles_setting,
    used_categories,
)
from domain.gazetteer import Gazetteer
from domain.models import Actor, Territory
from domain.outlines import load_outlines
from domain.places import departement_points
from domain.text import escape_html

STYLES = {
    "association": CategoryStyle(label="Association", colour="#1b9e77"),
    "collectivite": CategoryStyle(label="Collectivité", colour="#d95f02"),
    "entreprise": CategoryStyle(label="Entreprise", colour="#7570b3"),
}
LABELS = {"legend": "Légende", "territory": "Votre territoire", "website": "Site web"}
CENTER = (47.5, -1.5)

HOSTILE_NAMES = [
    "<img src=x onerror=alert(1)>",
    "`${alert(2)}`",
    "</script><script>alert(3)</script>",
    "back\\slash\\`; alert(4); //",
    '" onmouseover="alert(5)',
    # branca compiles rendered scripts as Jinja templates: these would run on the server.
    '{{ "ssti" ~ "-expression" }}',
    '{% set x = "ssti" ~ "-block" %}{{ x }}',
]
SECRET_CONTACT = "Jeanne Secretcontact"
SECRET_NOTE = "Note privee 7f3a9"


def actor(name: str, category: str, lat: float | None, lon: float | None, **kw) -> Actor:
    return Actor(name=name, category=category, lat=lat, lon=lon, **kw)


@pytest.fixture
def actors() -> list[Actor]:
    return [
        actor(
            "Mairie de Châteaubriant",
            "collectivite",
            47.81,
            -1.95,
            commune="Châteaubriant",
            website="https://www.ville-chateaubriant.fr",
            contact_person=SECRET_CONTACT,
            notes=SECRET_NOTE,
        ),
        actor("Les Jardins de Cocagne", "association", 48.85, 2.35, commune="Paris"),
        actor("Scop Bois", "entreprise", 43.3, 5.4),
        actor("Sans position", "association", None, None, notes=SECRET_NOTE),
    ]


def render(*layers: folium.Element, tiles: TilesSetting = NO_TILES) -> str:
    m = build_base_map(CENTER, 9, tiles=tiles)
    for layer in layers:
        if layer is not None:
            layer.add_to(m)
    return m.get_root().render()


def embedded_collections(html: str) -> list[dict]:
    """The GeoJSON data folium embedded in the page (``<layer>_add({...});``)."""
    decoder = json.JSONDecoder()
    found = []
    for match in re.finditer(r"_add\(", html):
        try:
            value, _ = decoder.raw_decode(html, match.end())
        except ValueError:
            continue
        if isinstance(value, dict) and value.get("type") == "FeatureCollection":
            found.append(value)
    return found


def features_in(html: str) -> list[dict]:
    return [f for c in embedded_collections(html) for f in c["features"]]


def categories_in(html: str) -> dict:
    """The category labels/colours the actors layer sends once (its details script)."""
    match = re.search(r"\}\)\([a-z_0-9]+,\s*(?=\{)", html)
    assert match, "no actor details script in the page"
    value, _ = json.JSONDecoder().raw_decode(html, match.end())
    return value


def in_page(text: str) -> str:
    """How an escaped string appears once folium has embedded it in a <script> (tojson)."""
    return str(htmlsafe_json_dumps(text))[1:-1]


# ------------------------------------------------------------------------- places and colours


def test_each_located_actor_is_drawn_exactly_once_at_its_place_with_its_colour(actors):
    html = render(actors_layer(actors, STYLES, labels=LABELS))
    features = features_in(html)
    categories = categories_in(html)

    assert len(embedded_collections(html)) == 1  # ONE layer, not one marker per actor
    assert sorted(f["id"] for f in features) == sorted(a.id for a in actors if a.located)
    by_id = {f["id"]: f for f in features}
    for a in actors:
        if not a.located:
            assert a.id not in html
            continue
        feature = by_id[a.id]
        assert feature["geometry"] == {"type": "Point", "coordinates": [a.lon, a.lat]}
        assert feature["properties"]["n"] == escape_html(a.name)
        assert html.count(in_page(escape_html(a.name))) == 1
        assert categories[feature["properties"]["c"]] == {
            "label": STYLES[a.category].label,
            "colour": STYLES[a.category].colour,
        }

    # lon/lat order, on a point where they clearly differ: GeoJSON [lon, lat], never swapped.
    assert html.count("[-1.95, 47.81]") == 1
    assert "[47.81, -1.95]" not in html
    assert "new L.CircleMarker(latlng, opts)" in html  # circle markers from the one layer
    # no Marker (icon) per actor: the one L.marker is the fixed script's, which draws the
    # numbers in the browser (when asked) from the layer's data
    assert html.count("L.marker(") == 1
    assert "point.setStyle({fillColor: category.colour})" in html
    assert "point.bindTooltip(" in html and "point.bindPopup(" in html


def test_unknown_category_is_grey_and_uses_the_callers_label():
    stray = actor("Ovni", "inconnue", 45.0, 4.0)
    html = render(actors_layer([stray], STYLES, labels={"other_category": "Autre"}))
    assert categories_in(html) == {"inconnue": {"label": "Autre", "colour": UNKNOWN_COLOUR}}
    assert actors_geojson([stray], STYLES)["features"][0]["properties"]["category_label"] == (
        "inconnue"
    )


def test_the_actors_layer_renders_like_folium_geojson(actors):
    # _ActorsGeoJson skips branca's re-compilation of the rendered script: same page otherwise.
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "a1",
                "geometry": {"type": "Point", "coordinates": [1.0, 2.0]},
                "properties": {"c": "x"},
            },
        ],
    }

    def page(cls) -> str:
        m = build_base_map(CENTER, 9, tiles=NO_TILES)
        group = folium.FeatureGroup(name="g", control=False).add_to(m)
        cls(data, name="g", control=False, marker=folium.CircleMarker(radius=3)).add_to(group)
        return re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render())

    assert page(mapping._ActorsGeoJson) == page(folium.GeoJson)


def test_no_actor_still_renders():
    html = render(actors_layer([], STYLES, labels=LABELS))
    assert features_in(html) == []


def test_points_do_not_pass_their_clicks_to_the_map(actors):
    html = render(actors_layer(actors, STYLES, labels=LABELS))
    assert '"bubblingMouseEvents": false' in html


# --------------------------------------------------------------------------------- escaping


def test_hostile_names_appear_only_escaped():
    hostile = [
        actor(
            name,
            "association",
            44.0 + i / 10,
            1.0 + i / 10,
            commune=name,
            website="https://ex.org/{{7*7}}",
        )
        for i, name in enumerate(HOSTILE_NAMES)
    ]
    territory = Territory(commune=HOSTILE_NAMES[5], lat=44.5, lon=1.5)
    styles = {"association": CategoryStyle(label=HOSTILE_NAMES[6], colour="#123456")}
    html = render(
        actors_layer(hostile, styles, labels=LABELS),
        territory_layer(territory, labels=LABELS),
    )
    assert len(features_in(html)) == len(HOSTILE_NAMES)

    rest = html
    for name in HOSTILE_NAMES:
        escaped = escape_html(name)
        assert in_page(escaped) in rest or escaped in rest
        rest = rest.replace(in_page(escaped), "").replace(escaped, "")
    # Once the escaped forms are taken out, nothing of the payloads is left.
    assert "alert" not in rest
    assert "ssti" not in rest
    assert "<img" not in html
    assert "${alert" not in html
    assert "`${" not in html
    assert "`; alert" not in html
    assert "back\\slash" not in html and "back\\\\slash" not in html
    assert '" onmouseover' not in html and '\\" onmouseover' not in html
    assert "{{" not in html and "{%" not in html  # nothing left for Jinja
    assert "ssti-expression" not in html and "ssti-block" not in html  # it did not run
    assert "/{{7*7}}" not in html and "/49" not in html
    # Every </script> closes one of folium's own <script> tags.
    assert html.count("</script>") == html.count("<script")


def test_popup_links_only_plain_http_urls_and_escapes_them():
    a = actor("Site", "association", 45.0, 4.0, website="https://ex.org/a?b=1&c=2")
    b = actor("Quote", "association", 45.1, 4.1, website="https://ex.org/it's")
    # The model refuses such a URL; the map must not rely on it (defence in depth).
    c = Actor.model_construct(
        name="Script", category="association", lat=45.2, lon=4.2, website="javascript:alert(1)"
    )
    html = render(actors_layer([a, b, c], STYLES, labels=LABELS))
    props = {f["id"]: f["properties"] for f in features_in(html)}
    assert props[a.id]["w"] == "https://ex.org/a?b=1&amp;c=2"
    assert "w" not in props[b.id]  # safe_url refuses it: no link rather than a broken one
    assert "w" not in props[c.id]
    assert "javascript:" not in html
    assert 'target="_blank" rel="noopener noreferrer"' in html
    assert in_page("Site web") in html  # the caller's link text


def test_private_fields_never_reach_the_map_or_the_geojson(actors):
    html = render(actors_layer(actors, STYLES, labels=LABELS))
    data = json.dumps(actors_geojson(actors, STYLES), ensure_ascii=False)
    for secret in (SECRET_CONTACT, SECRET_NOTE):
        assert secret not in html
        assert secret not in data
        assert in_page(secret) not in html


# ------------------------------------------------------------------------------- no CDN


@pytest.fixture
def local_folium(monkeypatch):
    """Configure folium as the app does, and restore the class attributes afterwards."""
    for cls in (folium.Map, folium.plugins.MarkerCluster):
        monkeypatch.setattr(cls, "default_js", list(cls.default_js))
        monkeypatch.setattr(cls, "default_css", list(cls.default_css))
    return map_assets.configure_folium(map_assets.vendor_url())


CDN_PATTERN = re.compile("|".join(re.escape(host) for host in map_assets.CDN_HOSTS))


@pytest.mark.parametrize("tiles", [NO_TILES, OSM], ids=["no-tiles", "osm"])
def test_no_public_cdn_in_the_rendered_map(local_folium, actors, tiles):
    territory = Territory(commune="Nozay", lat=47.56, lon=-1.62)
    cluster = folium.plugins.MarkerCluster()
    html = render(
        actors_layer(actors, STYLES, labels=LABELS),
        territory_layer(territory, labels=LABELS),
        cluster,
        tiles=tiles,
    )
    assert not CDN_PATTERN.search(html)
    assert '<script src="/app/static/vendor/leaflet-' in html
    assert "/jquery.min.js" in html and "leaflet.css" in html
    assert "markercluster" in html


def test_without_configuration_folium_would_use_cdns():
    # The reason for adapters.map_assets: check the premise still holds for the folium in use.
    pristine = [url for _, url in folium.folium._default_js]
    assert any(CDN_PATTERN.search(url) for url in pristine)


# -------------------------------------------------------------------------------- tiles


def test_tiles_none_draws_no_tile_layer_but_still_the_points(actors):
    html = render(
        actors_layer(actors, STYLES, labels=LABELS),
        tiles=tiles_setting({"ALLIANCES_TILES": "none"}),
    )
    assert "tileLayer" not in html and "tile_layer" not in html
    assert len(features_in(html)) == 3


def test_osm_tiles_are_credited():
    html = render(tiles=tiles_setting({}))
    assert "tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert "OpenStreetMap" in html and "copyright" in html


def test_custom_tile_template_and_attribution_are_used():
    setting = tiles_setting(
        {
            "ALLIANCES_TILES": "https://tiles.example.fr/plan/{z}/{x}/{y}.png",
            "ALLIANCES_TILES_ATTRIBUTION": "© Plan école",
        }
    )
    assert setting == TilesSetting(
        kind="custom",
        url="https://tiles.example.fr/plan/{z}/{x}/{y}.png",
        attribution="© Plan école",
    )
    html = render(tiles=setting)
    assert "https://tiles.example.fr/plan/{z}/{x}/{y}.png" in html
    assert "tile.openstreetmap.org" not in html
    assert in_page("© Plan école") in html or "© Plan école" in html


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, OSM),
        ({"ALLIANCES_TILES": ""}, OSM),
        ({"ALLIANCES_TILES": "OSM"}, OSM),
        ({"ALLIANCES_TILES": "none"}, NO_TILES),
        ({"ALLIANCES_TILES": " None "}, NO_TILES),
        # a typo never falls back to a public tile server
        ({"ALLIANCES_TILES": "ign"}, NO_TILES),
        (
            {"ALLIANCES_TILES": "https://t.example.org/{z}/{x}/{y}.png"},
            TilesSetting("custom", "https://t.example.org/{z}/{x}/{y}.png", "t.example.org"),
        ),
    ],
)
def test_tiles_setting_reads_the_environment(env, expected):
    assert tiles_setting(env) == expected


def test_tiles_setting_defaults_to_os_environ(monkeypatch):
    monkeypatch.setenv("ALLIANCES_TILES", "none")
    assert tiles_setting() == NO_TILES
    monkeypatch.delenv("ALLIANCES_TILES")
    assert tiles_setting() == OSM


# ------------------------------------------------------------------------------ stable base


def _normalised(m: folium.Map) -> str:
    return re.sub(r"_[0-9a-f]{32}", "_ID", m.get_root().render())


def test_base_map_is_stable_and_holds_no_actor(actors):
    from streamlit_folium import _get_map_string, generate_js_hash

    first, second = build_base_map(CENTER, 9, tiles=OSM), build_base_map(CENTER, 9, tiles=OSM)
    assert first is not second
    assert _normalised(first) == _normalised(second)
    # st_folium keys its iframe on this hash: it must not move while the actors change.
    hash_one = generate_js_hash(_get_map_string(build_base_map(CENTER, 9, tiles=OSM)), "k")
    hash_two = generate_js_hash(_get_map_string(build_base_map(CENTER, 9, tiles=OSM)), "k")
    assert hash_one == hash_two
    moved = generate_js_hash(_get_map_string(build_base_map((45.0, 4.0), 9, tiles=OSM)), "k")
    assert moved != hash_one
    assert actors[0].name not in first.get_root().render()


# -------------------------------------------------------------------------------- geojson


def test_actors_geojson_is_rfc7946(actors):
    collection = actors_geojson(actors, STYLES)
    json.loads(json.dumps(collection))  # plain JSON
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    assert len(collection["features"]) == 3  # the unlocated actor is left out
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["id"], str)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(feature["properties"]) == {
            "name",
            "category",
            "category_label",
            "colour",
            "commune",
        }
    first = collection["features"][0]
    assert first["geometry"]["coordinates"] == [-1.95, 47.81]
    assert first["properties"] == {
        "name": "Mairie de Châteaubriant",
        "category": "collectivite",
        "category_label": "Collectivité",
        "colour": "#d95f02",
        "commune": "Châteaubriant",
    }


def test_actors_geojson_keeps_raw_text_for_other_renderers():
    hostile = actor(HOSTILE_NAMES[0], "association", 45.0, 4.0)
    [feature] = actors_geojson([hostile], STYLES)["features"]
    assert feature["properties"]["name"] == HOSTILE_NAMES[0]  # escaped at render time only


# ------------------------------------------------------------------------------ territory


def test_territory_ring_is_placed_and_escaped():
    territory = Territory(commune="Nozay <b>", lat=47.56, lon=-1.62)
    html = render(territory_layer(territory, labels=LABELS))
    assert "[47.56, -1.62]" in html  # folium locations are [lat, lon]
    assert "Nozay &lt;b&gt;" in html and "Nozay <b>" not in html
    assert "{{" not in render(territory_layer(Territory(commune="{{ 6*7 }}", lat=1, lon=1)))
    assert "Votre territoire" in html
    assert territory_layer(Territory(commune="Nulle part")) is None


# --------------------------------------------------------------------------------- legend


def test_legend_lists_used_categories_in_order_with_counts(actors):
    html = legend_html(STYLES, used_categories(actors), LABELS, show_territory=True)
    assert html.index("Association") < html.index("Collectivité") < html.index("Entreprise")
    assert "Association (1)" in html  # the unlocated association is not on the map
    assert "#d95f02" in html and "Légende" in html and "Votre territoire" in html
    assert 'aria-hidden="true"' in html


def test_legend_escapes_labels_and_skips_unused_categories():
    styles = {**STYLES, "hostile": CategoryStyle(label="<b>x</b> `${y}`", colour="#000000")}
    html = legend_html(styles, ["hostile"], {"legend": "<i>L</i>"})
    assert "<b>x</b>" not in html and "${y}" not in html and "<i>L</i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "Association" not in html
    assert legend_html(STYLES, [], LABELS) == ""


# ---------------------------------------------------------------------------- fingerprint

# A valid new value for each field of Actor and Territory (a change the map may or may not show).
_ACTOR_CHANGES = {
    "id": "abcdef123456",
    "name": "Autre nom",
    "category": "entreprise",
    "address": "1 rue Neuve",
    "commune": "Nantes",
    "lat": 47.2,
    "lon": -1.55,
    "website": "https://autre.example.fr",
    "contact_person": "Autre personne",
    "notes": "Autre note",
    "status": "contacted",
    "contact_log": [{"status": "contacted", "on": "2026-10-01"}],
    "placed_by": "click",
    "description": "Autre description",
    "reaches": ["0123456789ab"],
    "directory_entry_id": 7,
}
_TERRITORY_CHANGES = {
    "commune": "Nantes",
    "insee": "44109",
    "postcode": "44000",
    "departement": "Loire-Atlantique",
    "departement_code": "44",
    "region": "Pays de la Loire",
    "region_code": "52",
    "lat": 47.2,
    "lon": -1.55,
}


@functools.lru_cache(maxsize=8)
def _inside(departement_code: str) -> tuple[tuple[float, float], ...]:
    """What components.map_view gives territory_layer: communes inside the département."""
    return departement_points(Gazetteer.load(), departement_code, load_outlines())


def _layers_page(actors: list[Actor], territory: Territory | None) -> str:
    """The rendered layers with folium's random element ids made stable."""
    html = render(
        actors_layer(actors, STYLES, labels=LABELS),
        territory_layer(
            territory, labels=LABELS, departement_points=_inside(territory.departement_code)
        )
        if territory
        else None,
    )
    return re.sub(r"_[0-9a-f]{32}", "_ID", html)


def test_every_actor_field_is_covered():
    assert set(_ACTOR_CHANGES) == set(Actor.model_fields)
    assert set(_TERRITORY_CHANGES) == set(Territory.model_fields)


@pytest.mark.parametrize("name", sorted(_ACTOR_CHANGES))
def test_fingerprint_changes_whenever_an_actor_change_shows_on_the_map(actors, name):
    """A cached map is reused only while the fingerprint is the same: any change the map shows
    must change it (or the learner would see a stale map); others may leave it alone."""
    edited = Actor.model_validate({**actors[0].model_dump(), name: _ACTOR_CHANGES[name]})
    changed = [edited, *actors[1:]]
    shows = _layers_page(actors, None) != _layers_page(changed, None)
    moves = mapping.layers_fingerprint(actors, STYLES, LABELS) != mapping.layers_fingerprint(
        changed, STYLES, LABELS
    )
    assert moves == shows, f"{name}: on the map {shows}, in the fingerprint {moves}"


@pytest.mark.parametrize("name", sorted(_TERRITORY_CHANGES))
def test_fingerprint_changes_whenever_a_territory_change_shows_on_the_map(actors, name):
    territory = Territory(commune="Châteaubriant", lat=47.72, lon=-1.38)
    changed = Territory.model_validate({**territory.model_dump(), name: _TERRITORY_CHANGES[name]})
    shows = _layers_page(actors, territory) != _layers_page(actors, changed)
    moves = mapping.layers_fingerprint(
        actors, STYLES, LABELS, territory
    ) != mapping.layers_fingerprint(actors, STYLES, LABELS, changed)
    assert moves == shows, f"{name}: on the map {shows}, in the fingerprint {moves}"


def test_fingerprint_follows_styles_labels_and_the_ring(actors):
    base = mapping.layers_fingerprint(actors, STYLES, LABELS)
    assert base == mapping.layers_fingerprint(list(actors), dict(STYLES), dict(LABELS))
    recoloured = {**STYLES, "association": CategoryStyle(label="Association", colour="#000000")}
    assert mapping.layers_fingerprint(actors, recoloured, LABELS) != base
    assert mapping.layers_fingerprint(actors, STYLES, {**LABELS, "website": "Site"}) != base
    ring = Territory(commune="Châteaubriant", lat=47.72, lon=-1.38)
    assert mapping.layers_fingerprint(actors, STYLES, LABELS, ring) != base
    hash(mapping.layers_fingerprint(actors, STYLES, LABELS, ring))  # usable as a cache key


def test_layer_features_are_the_escaped_features_on_the_map(actors):
    layer = actors_layer(actors, STYLES, labels=LABELS)
    features = mapping.layer_features(layer)
    assert [f["id"] for f in features] == [a.id for a in actors if a.located]
    assert features == features_in(render(layer))


def test_the_map_document_lets_the_reader_zoom():
    from streamlit_folium import _get_header

    m = build_base_map(CENTER, 9, tiles=NO_TILES)
    m.get_root().render()  # as st_folium does before taking the header
    header = _get_header(m)
    assert "user-scalable=no" in header  # what folium declares
    fixed = mapping.allow_page_zoom(header)
    assert "user-scalable" not in fixed and "maximum-scale" not in fixed
    assert fixed.count(mapping.ZOOMABLE_VIEWPORT) == 1
    assert mapping.allow_page_zoom(fixed) == fixed


# ------------------------------------------------------------------- the territory's limits


def test_the_territory_layer_finds_its_departement_from_points_inside_it():
    inside = _inside("26")
    assert len(inside) >= 8
    html = render(
        None,
        territory_layer(
            Territory(commune="Romans-sur-Isère", departement_code="26", lat=45.04, lon=5.05),
            departement_points=inside,
        ),
    )
    assert "window.alliancesOutlines" in html  # drawn from the offline base's lines
    assert mapping.TERRITORY_LIMIT_CLASS in html
    assert json.dumps([[round(lat, 4), round(lon, 4)] for lat, lon in inside]) in html


def test_without_a_departement_the_limits_are_sought_from_the_commune():
    html = render(None, territory_layer(Territory(commune="Ici", lat=45.5, lon=4.25)))
    assert "[[45.5, 4.25]]" in html


def test_every_kind_of_map_draws_the_offline_base():
    from adapters import directory_mapping

    maps = {
        "territory": build_base_map(CENTER, 9, tiles=NO_TILES),
        "osm tiles": build_base_map(CENTER, 9, tiles=OSM),
        "class board (clustered)": build_base_map(CENTER, 6, tiles=NO_TILES, cluster=True),
        "directory": directory_mapping.base_map(CENTER, 6, tiles=NO_TILES),
    }
    for name, m in maps.items():
        html = m.get_root().render()
        assert "window.alliancesOutlines" in html, name
        assert 'createPane("alliancesOutlines")' in html, name
