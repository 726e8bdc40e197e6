"""Map building: the stable base map, the actors layer, the territory marker, the legend.

Pure Python (folium, never streamlit). ``components.map_view`` shows these with st_folium.

Rules this module keeps:

- **Stable base map**: ``build_base_map`` depends only on (center, zoom, tiles). Actors and the
  territory go in separate layers, passed to st_folium's ``feature_group_to_add``, so a new actor
  updates the layer without remounting the map iframe (st_folium keys the iframe on the base
  map's generated JavaScript).
- **One GeoJSON layer** for all actors, drawn as circle markers coloured by category (no
  ``folium.Marker`` per actor: those cost ~20x more at 1,000 actors, and need icon images).
- **Escaping**: every learner string reaching the map (tooltip, popup) goes through
  ``domain.text.escape_html`` (which also neutralises `` ` ``, ``${`` and ``\\``: folium writes
  some HTML into JavaScript template literals) plus ``{``/``}`` (branca compiles rendered
  scripts as Jinja templates: ``{{ ... }}`` in a name would run on the server). The layer's
  embedded data carries only these escaped snippets and a category id: no raw learner text.
  ``contact_person`` and ``notes`` never reach the map.
- **Coordinates**: the models hold ``lat``/``lon``; GeoJSON is ``[lon, lat]`` (RFC 7946);
  folium/Leaflet locations are ``[lat, lon]``.
- **No user-facing text here**: labels come from the caller (see ``LABEL_KEYS``).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

import folium
from branca.element import Element, MacroElement
from folium.elements import ElementAddToElement, JSCSSMixin
from folium.plugins import MarkerCluster
from folium.template import Template
from folium.utilities import get_obj_in_upper_tree

from domain.actors import actor_numbers
from domain.map_layout import WEB_MARKER_RADIUS, spread_on_web_map
from domain.models import Actor, Territory
from domain.summary import UNKNOWN_COLOUR as SUMMARY_UNKNOWN_COLOUR
from domain.summary import safe_colour
from domain.text import escape_html, safe_url

#: Keys of the ``labels`` mapping the caller passes (all optional; missing ones degrade gracefully).
LABEL_KEYS = {
    "legend": "legend title, e.g. « Légende »",
    "territory": "the learner's commune marker, e.g. « Votre territoire »",
    "website": "text of the link to an actor's website (default: the site's host name)",
    "other_category": "category of an actor whose category is unknown (default: its id)",
}

#: Colour of actors whose category has no style (neutral grey, 4.8:1 on white).
UNKNOWN_COLOUR = SUMMARY_UNKNOWN_COLOUR  # the same grey on the map, its legend and every export
#: Colour of the learner's commune ring.
TERRITORY_COLOUR = "#111827"
#: CSS classes on the SVG paths (tests and e2e checks find the points with them).
ACTOR_CLASS = "alliances-actor"
TERRITORY_CLASS = "alliances-territory"
#: CSS class of the limits of the learner's département, drawn darker.
TERRITORY_LIMIT_CLASS = "alliances-territory-limit"
#: CSS class of the number drawn on each point of a numbered map.
NUMBER_CLASS = "alliances-number"
#: The key a map that reports when it is drawn (``DrawnReport``) adds to st_folium's value.
DRAWN_KEY = "drawn"
#: The global a map document sets once it has sent its « drawn » report (in its script).
DRAWN_SENT = "alliancesDrawnSent"
#: RFC 7946 recommends about 6 decimals (~10 cm); more is noise.
COORDINATE_DECIMALS = 6

_ACTOR_MARKER = {
    "radius": 7,
    "weight": 1.5,
    "color": "#ffffff",  # white ring: separates overlapping points, readable on tiles and on grey
    "opacity": 1.0,
    "fill": True,
    "fill_opacity": 0.9,
    # A click on a point opens its popup; it must not also reach the map (click-to-place).
    "bubbling_mouse_events": False,
    "class_name": ACTOR_CLASS,
}


# --------------------------------------------------------------------------------------- tiles


@dataclass(frozen=True)
class TilesSetting:
    """Which background the maps use (env ``ALLIANCES_TILES``)."""

    kind: Literal["osm", "none", "custom"]
    url: str = ""
    attribution: str = ""


OSM = TilesSetting(kind="osm")
NO_TILES = TilesSetting(kind="none")


def tiles_setting(environ: Mapping[str, str] | None = None) -> TilesSetting:
    """Read ``ALLIANCES_TILES``: unset/"osm" → OpenStreetMap; "none" → no background;
    a URL template with ``{z}`` → that template, attributed with ``ALLIANCES_TILES_ATTRIBUTION``.

    Anything else is a configuration mistake: it falls back to "none" (no third-party request),
    never silently to a public tile server.
    """
    env = os.environ if environ is None else environ
    value = (env.get("ALLIANCES_TILES") or "").strip()
    if value.lower() in ("", "osm", "openstreetmap"):
        return OSM
    if value.lower() == "none":
        return NO_TILES
    if "{z}" in value:
        attribution = (env.get("ALLIANCES_TILES_ATTRIBUTION") or "").strip()
        if not attribution:
            # Tiles must be credited; the host name is the least wrong default.
            attribution = urlsplit(value).hostname or value
        return TilesSetting(kind="custom", url=value, attribution=attribution)
    return NO_TILES


# ----------------------------------------------------------------------------------- base map


def build_base_map(
    center: tuple[float, float],
    zoom: int,
    *,
    tiles: TilesSetting | None = None,
    cluster: bool = False,
    outlines: bool = True,
) -> folium.Map:
    """A new base map: same (center, zoom, tiles) → same generated map, whatever the actors.

    Returns a fresh object on each call (st_folium adds the feature groups to the map it is
    given, so a shared map would accumulate them). ``tiles`` defaults to ``tiles_setting()``.
    ``cluster``: the map will hold a clustered layer (``actors_layer(cluster=True)``); st_folium
    loads the scripts the base map asks for, so the base carries an empty cluster group.
    ``outlines``: the offline base of France under the points (``FranceOutlines``); off only
    to measure what it costs (``bench/bench_map.py``).
    """
    tiles = tiles_setting() if tiles is None else tiles
    lat, lon = float(center[0]), float(center[1])
    m = folium.Map(
        location=[round(lat, COORDINATE_DECIMALS), round(lon, COORDINATE_DECIMALS)],
        zoom_start=int(zoom),
        tiles=None,
        control_scale=False,  # folium's scale shows miles too: MetricScale shows metres only
        min_zoom=2,
        max_zoom=18,
    )
    MetricScale().add_to(m)  # type: ignore[no-untyped-call]  # folium's MacroElement
    if outlines:  # always in the app: tiles may be off, or fail to load offline
        FranceOutlines().add_to(m)
    if tiles.kind == "osm":
        folium.TileLayer("OpenStreetMap", max_zoom=19).add_to(m)
    elif tiles.kind == "custom":
        # The attribution comes from the operator's configuration (trusted; may hold a link).
        folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, max_zoom=19).add_to(m)
    if cluster:
        # Leaflet.markercluster needs the map's own maxZoom (folium gives it to tile layers
        # only, and the background may be off).
        m.options["max_zoom"] = 18
        m.options["min_zoom"] = 2
        MarkerCluster(control=False).add_to(m)  # type: ignore[no-untyped-call]
    return m


#: Colours of the offline base's lines (light greys, darker for the coast and the borders).
OUTLINE_COLOURS = {"admin": "#c4c8ce", "border": "#8e949c", "coast": "#8e949c"}
#: The map's background where no tile is drawn (tiles off, or not loaded: offline).
MAP_BACKGROUND = "#f6f6f3"


class FranceOutlines(JSCSSMixin):
    """The offline base under every map: the lines of France (coast, borders, régions and
    départements; ``domain.outlines``, Natural Earth), light grey, over the tiles (when they
    load) and under the points, drawn on one canvas in a pane of their own.

    The lines are not in the map's page: they come from one static script served by the app
    (``adapters.map_assets.outlines_script``, linked through ``default_js``, which
    ``map_assets.configure_folium`` points at the local copy), the same for every map, kept by
    the browser's cache. The map itself carries this fixed script only (a few hundred bytes),
    so it stays the same whatever the territory and the cached maps stay small. Without the
    script (assets not installed) nothing is drawn.
    """

    default_js: list[tuple[str, str]] = []  # set by adapters.map_assets.configure_folium

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, data, colours) {
            map.getContainer().style.background = {{ this.background|tojson }};
            if (!data) { return; }
            var pane = map.createPane("alliancesOutlines");
            pane.style.zIndex = 250;  // tiles: 200, points: 400
            pane.style.pointerEvents = "none";
            var renderer = L.canvas({pane: "alliancesOutlines", padding: 0.3});
            function decode(line) {
                var points = [], lat = 0, lon = 0;
                for (var i = 0; i + 1 < line.length; i += 2) {
                    lat += line[i]; lon += line[i + 1];
                    points.push([lat / 1000, lon / 1000]);
                }
                return points;
            }
            ["admin", "border", "coast"].forEach(function (kind) {
                L.polyline((data[kind] || []).map(decode), {
                    renderer: renderer, pane: "alliancesOutlines", interactive: false,
                    color: colours[kind], weight: kind === "admin" ? 0.9 : 1.3, opacity: 1
                }).addTo(map);
            });
        })({{ this._parent.get_name() }}, window.{{ this.global_name }},
           {{ this.colours|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "FranceOutlines"
        self.global_name = "alliancesOutlines"  # adapters.map_assets.OUTLINES_GLOBAL
        self.colours = OUTLINE_COLOURS
        self.background = MAP_BACKGROUND


class MetricScale(MacroElement):
    """Leaflet's scale bar in metres and kilometres only (folium's ``control_scale`` adds miles
    and feet, which mean nothing to a French learner)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            L.control.scale({metric: true, imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


_VIEWPORT = re.compile(r"<meta\s+name=[\"']viewport[\"'][^>]*>", re.IGNORECASE)
#: What the map's document declares instead of folium's « maximum-scale=1.0, user-scalable=no »
#: (which forbids zooming: WCAG 1.4.4, axe « meta-viewport »).
ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0" />'


def allow_page_zoom(header: str) -> str:
    """A rendered map header whose viewport lets the reader zoom (see ``ZOOMABLE_VIEWPORT``)."""
    return _VIEWPORT.sub(ZOOMABLE_VIEWPORT, header)


# -------------------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class CategoryStyle:
    """How one actor category is shown: its label (already translated) and its colour."""

    label: str
    colour: str


def _style_for(category: str, styles: Mapping[str, CategoryStyle]) -> tuple[str, str]:
    """(label, colour) of a category; unknown categories keep their id and the neutral grey."""
    style = styles.get(category)
    if style is None:
        return category, UNKNOWN_COLOUR
    return style.label, style.colour


class Placed(Protocol):
    """What the legend counts: an actor, or a directory entry (``EntryRow``)."""

    @property
    def category(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...


P = TypeVar("P", bound=Placed)


def located(actors: Iterable[P]) -> list[P]:
    return [a for a in actors if a.lat is not None and a.lon is not None]


def _lonlat(actor: Actor) -> list[float]:
    """GeoJSON position: longitude first."""
    return [
        round(float(actor.lon or 0.0), COORDINATE_DECIMALS),  # located actors only
        round(float(actor.lat or 0.0), COORDINATE_DECIMALS),
    ]


# ------------------------------------------------------------------------------------- geojson


def actors_geojson(actors: Sequence[Actor], styles: Mapping[str, CategoryStyle]) -> dict[str, Any]:
    """The located actors as an RFC 7946 FeatureCollection (positions ``[lon, lat]``).

    Properties: name, category, category_label, colour, commune — raw text (escaping belongs to
    whatever renders it). Private fields (contact_person, notes) are never included.

    For exports and APIs. Never hand it to ``folium.GeoJson`` as is: folium embeds it in a
    script that branca then compiles as a Jinja template (``{{ }}`` in a name would run) and
    its popups/tooltips insert properties as HTML. ``actors_layer`` is the map's way.
    """
    features = []
    for actor in located(actors):
        label, colour = _style_for(actor.category, styles)
        features.append(
            {
                "type": "Feature",
                "id": actor.id,
                "geometry": {"type": "Point", "coordinates": _lonlat(actor)},
                "properties": {
                    "name": actor.name,
                    "category": actor.category,
                    "category_label": label,
                    "colour": colour,
                    "commune": actor.commune,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _colour(value: str) -> str:
    """The colour checked as the exports check it (domain.summary.safe_colour)."""
    return safe_colour(value)


class _Verbatim(Element):
    """Already-rendered text, inserted as is (not compiled as a template, unlike ``Element``)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def _render_without_recompiling(element: MacroElement, **kwargs: Any) -> None:
    """``MacroElement.render`` without re-parsing the output as a Jinja template.

    Same result in the page; saves compiling the layer's whole data (hundreds of kB at 1,000
    actors) as a template on every rerun, and no learner text is ever seen by Jinja.
    """
    figure = element.get_root()
    macros = element._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(
                _Verbatim(macro(element, kwargs)), name=element.get_name()
            )
    for child in list(element._children.values()):
        child.render(**kwargs)


class _ActorsGeoJson(folium.GeoJson):
    """folium.GeoJson (no style_function, no highlight) rendered without recompiling."""

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        # What GeoJson.render and Layer.render do for such a layer, then MacroElement's job.
        self.parent_map = get_obj_in_upper_tree(self, folium.Map)  # type: ignore[assignment]
        parent = self._parent
        if self.show and parent is not None:
            self.add_child(
                ElementAddToElement(
                    element_name=self.get_name(), element_parent_name=parent.get_name()
                ),
                name=self.get_name() + "_add",
            )
        _render_without_recompiling(self, **kwargs)


class _ActorDetails(MacroElement):
    """Colours each point by category and binds its tooltip and popup, from escaped data.

    Per feature the layer carries only escaped HTML snippets (``n`` name, ``m`` commune,
    ``w`` website URL) and a category id (``c``); category labels and colours are sent once.
    This fixed script only concatenates those snippets with fixed tags.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (layer, categories, linkText, showNumbers) {
            var numbers = [];
            layer.eachLayer(function (point) {
                var p = point.feature.properties;
                var category = categories[p.c];
                point.setStyle({fillColor: category.colour});
                var head = (p.k ? p.k + ". " : "") + "<b>" + p.n + "</b><br>" + category.label;
                point.bindTooltip(head, {sticky: false, direction: "top"});
                var body = head;
                if (p.m) { body += "<br>" + p.m; }
                if (p.w) {
                    body += '<br><a href="' + p.w + '" target="_blank" rel="noopener noreferrer">'
                        + (linkText || p.w) + "</a>";
                }
                point.bindPopup(body, {maxWidth: 320});
                if (showNumbers && p.k) { numbers.push([point.getLatLng(), String(p.k)]); }
            });
            // The number on each point, as in the lists beside the map (drawn over the point,
            // not clickable: a click reaches the point under it).
            numbers.forEach(function (item) {
                var text = item[1], size = text.length > 2 ? 9 : 11;
                L.marker(item[0], {
                    icon: L.divIcon({
                        className: "{{ this.number_class }}", iconSize: [22, 22],
                        html: '<span aria-hidden="true" style="display:block;width:22px;'
                            + "line-height:22px;text-align:center;font:bold " + size
                            + 'px sans-serif;color:#fff;text-shadow:0 0 2px #000,0 0 1px #000">'
                            + text + "</span>"
                    }),
                    interactive: false, keyboard: false
                }).addTo(layer);
            });
        })({{ this._parent.get_name() }},
           {{ this.categories|tojson }}, {{ this.link_text|tojson }},
           {{ this.show_numbers|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        categories: dict[str, dict[str, str]],
        link_text: str | None,
        *,
        show_numbers: bool = False,
    ) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "ActorDetails"
        self.categories = categories
        self.link_text = link_text
        self.show_numbers = show_numbers
        self.number_class = NUMBER_CLASS

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        _render_without_recompiling(self, **kwargs)


class DrawnReport(MacroElement):
    """Tells the page once, when the map is on screen, that it is drawn: st_folium's value
    with ``DRAWN_KEY`` set, sent after the layers are added and the browser has painted them
    (an animation frame, then a task), once per map document (a layer redrawn later sends
    nothing). A page that draws its other elements once its map is there
    (``components.actor_map``) waits for it: the browser fetches and mounts those elements'
    code while the map is not drawn yet otherwise (BENCHMARKS.md, « Page speed, fifth pass »).
    Nothing is sent where st_folium's ``Streamlit`` object is missing (not in its iframe).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (key, sent) {
            if (window[sent] || !window.Streamlit) { return; }
            window[sent] = true;
            window.requestAnimationFrame(function () {
                window.setTimeout(function () {
                    var shared = window.__GLOBAL_DATA__ || {};
                    var value = Object.assign({}, shared.previous_data || {});
                    value[key] = true;
                    window.Streamlit.setComponentValue(value);
                }, 0);
            });
        })({{ this.key|tojson }}, {{ this.sent|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "DrawnReport"
        self.key = DRAWN_KEY
        self.sent = DRAWN_SENT


def drawn_report_value() -> dict[str, Any]:
    """The value ``DrawnReport`` sends from a map returning ``last_clicked`` (st_folium's first
    value, nothing clicked, and the flag): what the test and load clients play for the browser."""
    return {"last_clicked": None, DRAWN_KEY: True}


def _layer_data(
    actors: Sequence[Actor],
    styles: Mapping[str, CategoryStyle],
    labels: Mapping[str, str],
    *,
    numbered: bool = False,
    numbers: Mapping[str, int] | None = None,
    spread_zoom: int | None = None,
) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """``actors_geojson`` made fit for the page: same ids, properties reduced to escaped HTML
    snippets, the category id and the actor's number (``numbers`` by actor id, else its
    position in ``actors`` when ``numbered``); plus the used categories' (escaped) labels and
    colours, sent once. ``spread_zoom``: actors at one point are drawn spread in a small circle
    around it, as the map opens at that zoom (``domain.map_layout.spread_on_web_map``)."""
    collection = actors_geojson(actors, styles)
    other = labels.get("other_category")
    categories: dict[str, dict[str, str]] = {}
    by_position = {id(actor): n for n, actor in enumerate(actors, start=1)} if numbered else {}
    if spread_zoom is not None:
        points = [f["geometry"]["coordinates"] for f in collection["features"]]
        spread = spread_on_web_map([(lat, lon) for lon, lat in points], spread_zoom)
        for feature, (lat, lon) in zip(collection["features"], spread, strict=True):
            feature["geometry"]["coordinates"] = [lon, lat]
    for feature, actor in zip(collection["features"], located(actors), strict=True):
        raw = feature["properties"]
        category = raw["category"]
        if category not in categories:
            label = other if (other and category not in styles) else raw["category_label"]
            categories[category] = {"label": escape_html(label), "colour": _colour(raw["colour"])}
        props: dict[str, object] = {"c": category, "n": escape_html(raw["name"])}
        if numbers is not None:
            props["k"] = numbers[actor.id]
        elif numbered:
            props["k"] = by_position[id(actor)]
        if raw["commune"]:
            props["m"] = escape_html(raw["commune"])
        url = safe_url(actor.website)
        if url:
            props["w"] = escape_html(url)
        feature["properties"] = props
    return collection, categories


# -------------------------------------------------------------------------------------- layers


def actors_layer(
    actors: Sequence[Actor],
    styles: Mapping[str, CategoryStyle],
    *,
    labels: Mapping[str, str] | None = None,
    name: str = "actors",
    cluster: bool = False,
    numbered: bool = False,
    show_numbers: bool = False,
    spread_zoom: int | None = None,
) -> folium.FeatureGroup:
    """All located actors as ONE GeoJSON layer of circle markers coloured by category.

    Each point has a tooltip (name, category) and a popup (name, category, commune, website
    link), all escaped (``escape_html``). Cost: one folium element for the whole layer, whatever the
    number of actors. ``cluster``: the layer sits in one marker-cluster group (the class map
    of thousands of points; the base map must be built with ``cluster=True``); ``numbered``:
    each point's tooltip starts with its position in ``actors`` (1-based), as in a table.

    ``show_numbers`` (the carnet's maps, not clustered): every point carries the number the
    lists give its actor (``domain.actors.actor_numbers``, categories in the order of
    ``styles``), drawn on it and at the head of its tooltip. ``spread_zoom``: actors at one
    point are spread in a small circle around it, as the map opens at that zoom.
    """
    labels = labels or {}
    numbers = actor_numbers(actors, styles) if show_numbers and not cluster else None
    data, categories = _layer_data(
        actors, styles, labels, numbered=numbered, numbers=numbers, spread_zoom=spread_zoom
    )
    group = folium.FeatureGroup(name=name, control=False)
    marker = dict(_ACTOR_MARKER)
    if numbers is not None:
        marker["radius"] = WEB_MARKER_RADIUS  # room for the number
    layer = _ActorsGeoJson(
        data,
        name=name,
        control=False,
        marker=folium.CircleMarker(**marker),  # type: ignore[arg-type]
    )
    link_text = labels.get("website")
    _ActorDetails(
        categories, escape_html(link_text) if link_text else None, show_numbers=numbers is not None
    ).add_to(layer)
    if cluster:
        clustered = MarkerCluster(name=f"{name}_cluster", control=False)  # type: ignore[no-untyped-call]
        layer.add_to(clustered)
        clustered.add_to(group)
    else:
        layer.add_to(group)
    return group


def layer_features(group: folium.FeatureGroup) -> list[dict[str, Any]]:
    """The GeoJSON features an ``actors_layer`` carries (properties escaped, as on the map)."""
    layers = []
    for child in group._children.values():
        if isinstance(child, MarkerCluster):
            layers += [c for c in child._children.values() if isinstance(c, folium.GeoJson)]
        elif isinstance(child, folium.GeoJson):
            layers.append(child)
    return [feature for layer in layers for feature in layer.data["features"]]


def territory_layer(
    territory: Territory,
    *,
    labels: Mapping[str, str] | None = None,
    name: str = "territory",
    departement_points: Sequence[tuple[float, float]] = (),
) -> folium.FeatureGroup | None:
    """A ring on the learner's commune, with its (escaped) name; None when it is not located.

    The ring lets clicks through to the map, so an actor can be placed right on the commune.
    The limits of its département are drawn darker over the offline base (``TerritoryOutline``),
    found from the commune and ``departement_points``, (lat, lon) of other communes of it.
    """
    if territory.lat is None or territory.lon is None:
        return None
    labels = labels or {}
    parts = [f"<strong>{escape_html(territory.commune)}</strong>"] if territory.commune else []
    if labels.get("territory"):
        parts.append(escape_html(labels["territory"]))
    group = folium.FeatureGroup(name=name, control=False)
    folium.CircleMarker(
        location=[
            round(float(territory.lat), COORDINATE_DECIMALS),
            round(float(territory.lon), COORDINATE_DECIMALS),
        ],
        radius=14,
        color=TERRITORY_COLOUR,
        weight=3,
        dash_array="6 4",
        fill=True,
        fill_color="#ffffff",
        fill_opacity=0.15,
        class_name=TERRITORY_CLASS,
        tooltip=folium.Tooltip("<br>".join(parts), sticky=False) if parts else None,
    ).add_to(group)
    # Points of the département away from its limits; else the commune (which may be close
    # enough to a limit to see the neighbour's lines first).
    inside = list(departement_points) or [(float(territory.lat), float(territory.lon))]
    TerritoryOutline(inside).add_to(group)
    return group


class TerritoryOutline(MacroElement):
    """The limits of the learner's département drawn darker over the offline base of France
    (``FranceOutlines``' lines, in the browser).

    The shipped file has lines, not polygons (data/outlines/README.md), so the limits are found
    as the lines seen first from points inside the département: the commune's centre and a few
    communes spread over the département (``domain.places.departement_points``). From each,
    RAYS rays are cast; an admin or border line that at least two rays meet first bounds the
    département; a line joining two such lines end to end closes a gap the rays missed. The
    coast stops rays but is not drawn darker (one coast line runs along many départements).
    Nothing is drawn when the lines script is missing.
    """

    RAYS = 180  # per point
    MARGIN = 0.5  # degrees around the points where limits are looked for

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (group, seeds, rays, margin, colour) {
            var data = window.alliancesOutlines;
            if (!data || !seeds.length) { return; }
            var south = 90, north = -90, west = 180, east = -180;
            seeds.forEach(function (s) {
                south = Math.min(south, s[0]); north = Math.max(north, s[0]);
                west = Math.min(west, s[1]); east = Math.max(east, s[1]);
            });
            var k = Math.cos((south + north) / 2 * Math.PI / 180);
            var s0 = south - margin, n0 = north + margin;
            var w0 = west - margin / k, e0 = east + margin / k;
            var lines = [], segments = [];
            ["admin", "border", "coast"].forEach(function (kind) {
                (data[kind] || []).forEach(function (flat) {
                    var points = [], lat = 0, lon = 0;
                    var line = {kind: kind, points: points, hits: 0}, near = false;
                    for (var i = 0; i + 1 < flat.length; i += 2) {
                        lat += flat[i]; lon += flat[i + 1];
                        var p = [lat / 1000, lon / 1000];
                        points.push(p);
                        if (points.length < 2) { continue; }
                        var q = points[points.length - 2];
                        // only the segments that may cross the box around the points
                        if (Math.max(p[0], q[0]) < s0 || Math.min(p[0], q[0]) > n0
                            || Math.max(p[1], q[1]) < w0 || Math.min(p[1], q[1]) > e0) {
                            continue;
                        }
                        near = true;
                        segments.push([q[1] * k, q[0], p[1] * k, p[0], line]);
                    }
                    if (near) { lines.push(line); }
                });
            });
            seeds.forEach(function (seed) {
                var x0 = seed[1] * k, y0 = seed[0];
                for (var r = 0; r < rays; r++) {
                    var angle = 2 * Math.PI * (r + 0.5) / rays;
                    var dx = Math.cos(angle), dy = Math.sin(angle);
                    var best = Infinity, bestLine = null;
                    for (var j = 0; j < segments.length; j++) {
                        var sg = segments[j];
                        var ax = sg[0] - x0, ay = sg[1] - y0, ex = sg[2] - sg[0], ey = sg[3] - sg[1];
                        var den = dx * ey - dy * ex;
                        if (Math.abs(den) < 1e-12) { continue; }
                        var t = (ax * ey - ay * ex) / den, u = (ax * dy - ay * dx) / den;
                        if (t > 0 && t < best && u >= 0 && u <= 1) { best = t; bestLine = sg[4]; }
                    }
                    if (bestLine) { bestLine.hits += 1; }
                }
            });
            function key(p) { return p[0].toFixed(3) + "," + p[1].toFixed(3); }
            var chosen = lines.filter(function (l) { return l.kind !== "coast" && l.hits >= 2; });
            for (var round = 0; round < 3; round++) {
                var ends = {};
                chosen.forEach(function (l) {
                    ends[key(l.points[0])] = true;
                    ends[key(l.points[l.points.length - 1])] = true;
                });
                var more = lines.filter(function (l) {
                    return l.kind !== "coast" && chosen.indexOf(l) < 0
                        && ends[key(l.points[0])] && ends[key(l.points[l.points.length - 1])];
                });
                if (!more.length) { break; }
                chosen = chosen.concat(more);
            }
            chosen.forEach(function (line) {
                L.polyline(line.points, {
                    color: colour, weight: 2.5, opacity: 0.8, interactive: false,
                    className: "{{ this.css_class }}"
                }).addTo(group);
            });
        })({{ this._parent.get_name() }}, {{ this.seeds|tojson }},
           {{ this.rays }}, {{ this.margin }}, {{ this.colour|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, seeds: Sequence[tuple[float, float]]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TerritoryOutline"
        self.seeds = [[round(lat, 4), round(lon, 4)] for lat, lon in seeds]
        self.rays = self.RAYS
        self.margin = self.MARGIN
        self.colour = TERRITORY_COLOUR
        self.css_class = TERRITORY_LIMIT_CLASS


# --------------------------------------------------------------------------------- fingerprint

#: The actor fields the map shows (``_layer_data``: position, tooltip, popup, colour).
MAP_FIELDS = ("id", "name", "category", "lat", "lon", "commune", "website")
#: The territory fields the ring and its département's limits show (``territory_layer``).
TERRITORY_FIELDS = ("commune", "lat", "lon", "departement_code")


def layers_fingerprint(
    actors: Iterable[Actor],
    styles: Mapping[str, CategoryStyle],
    labels: Mapping[str, str] | None = None,
    territory: Territory | None = None,
) -> tuple[object, ...]:
    """Everything ``actors_layer`` and ``territory_layer`` read, as one hashable value.

    Equal fingerprints draw equal layers, so a page can reuse a map it already rendered
    (``components.map_view`` does) instead of rendering it again on every rerun; building the
    fingerprint costs a tuple per actor, rendering costs templates and JSON.
    """
    return (
        tuple(tuple(getattr(a, name) for name in MAP_FIELDS) for a in located(actors)),
        tuple(styles.items()),  # in order: the actors' numbers follow the categories' order
        tuple(sorted((labels or {}).items())),
        None if territory is None else tuple(getattr(territory, n) for n in TERRITORY_FIELDS),
    )


# -------------------------------------------------------------------------------------- legend


def used_categories(actors: Iterable[Placed]) -> Counter[str]:
    """How many located actors (or directory entries) each category has."""
    return Counter(a.category for a in located(actors))


def legend_entries(
    styles: Mapping[str, CategoryStyle],
    used: Iterable[str] | Mapping[str, int],
    labels: Mapping[str, str] | None = None,
) -> list[tuple[str, str, int | None]]:
    """(label, colour, count or None) for each used category: styles' order, unknown ones last."""
    labels = labels or {}
    counts = dict(used) if isinstance(used, Mapping) else {c: None for c in used}
    ordered = [c for c in styles if c in counts] + sorted(c for c in counts if c not in styles)
    entries = []
    for category in ordered:
        label, colour = _style_for(category, styles)
        if category not in styles and labels.get("other_category"):
            label = labels["other_category"]
        entries.append((label, colour, counts[category]))
    return entries


def legend_html(
    styles: Mapping[str, CategoryStyle],
    used_categories: Iterable[str] | Mapping[str, int],
    labels: Mapping[str, str] | None = None,
    *,
    show_territory: bool = False,
) -> str:
    """The legend as escaped HTML text: a titled list, one colour swatch + label (+ count) per
    category in use, and the territory ring when shown.

    Meant to sit *beside* the map (``components.map_view``): there it is real page text that
    screen readers, zoom and the projection mode handle, it does not hide points, and it can
    change without touching the map.
    """
    labels = labels or {}
    items = []
    for label, colour, count in legend_entries(styles, used_categories, labels):
        shown = escape_html(label) + (f" ({count})" if count is not None else "")
        items.append(
            '<li style="list-style:none;margin:0.15rem 0">'
            f'<span aria-hidden="true" style="display:inline-block;width:0.8em;height:0.8em;'
            f"border-radius:50%;margin-right:0.4em;vertical-align:middle;"
            f'background:{_colour(colour)};border:1px solid #374151"></span>{shown}</li>'
        )
    if show_territory and labels.get("territory"):
        items.append(
            '<li style="list-style:none;margin:0.15rem 0">'
            '<span aria-hidden="true" style="display:inline-block;width:0.8em;height:0.8em;'
            f"border-radius:50%;margin-right:0.4em;vertical-align:middle;"
            f'border:2px dashed {TERRITORY_COLOUR}"></span>{escape_html(labels["territory"])}</li>'
        )
    if not items:
        return ""
    title = labels.get("legend")
    heading = f"<strong>{escape_html(title)}</strong>" if title else ""
    return (
        f'<div class="alliances-legend">{heading}'
        f'<ul style="padding:0;margin:0.25rem 0">{"".join(items)}</ul></div>'
    )
