"""The territory map shared by the pages with a map (st_folium), rendered once per content.

The map itself is built in ``adapters.mapping``; streamlit-folium is reached only through
``adapters.folium_binding``; this module wires them to Streamlit.

Why a cache: ``st_folium`` renders the folium map to HTML and JavaScript on every call (the
templates of every element, several passes), which is most of a map page's rerun while the map
has not changed. ``territory_map`` runs ``st_folium`` once per map content (the fingerprint of
``adapters.mapping.layers_fingerprint`` plus centre, zoom, tiles, size and key), keeps what
st_folium hands its component, and on the following reruns hands the component the same
arguments again. The browser sees exactly what st_folium would send; the iframe stays mounted.
When the binding cannot do that with the installed streamlit-folium, the map is drawn by the
public ``st_folium`` on every run (the binding logs why).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import streamlit as st

from adapters import mapping
from adapters.folium_binding import FoliumBinding, MapRequest
from adapters.mapping import CategoryStyle
from components import resources
from components.assets import install_map_assets, vendor_url
from components.state import PROJECTION as PROJECTION_KEY
from domain.models import Actor, Territory
from domain.outlines import load_outlines
from domain.places import departement_points

RETURNED = ("last_clicked",)
#: Rendered maps kept per process (each one holds its page's escaped map data: ~0.3 MB at
#: 1,000 actors); the least recently used goes first.
MAX_RENDERED_MAPS = 32

#: streamlit-folium, checked once per process (``adapters.folium_binding``).
BINDING = FoliumBinding()
_cache_lock = threading.Lock()  # held for a lookup or an insertion only
_rendered: OrderedDict[tuple[object, ...], RenderedMap] = OrderedDict()


def _last_click_key(key: str) -> str:
    return f"_{key}:last_click"


def _normalise(lat: float, lon: float) -> tuple[float, float]:
    """Clamp the latitude and bring the longitude back into [-180, 180) (a click on a world
    copy can give 190°)."""
    lat = max(-90.0, min(90.0, float(lat)))
    lon = ((float(lon) + 180.0) % 360.0) - 180.0
    return round(lat, mapping.COORDINATE_DECIMALS), round(lon, mapping.COORDINATE_DECIMALS)


def handle_map_change(key: str, on_click: Callable[[float, float], None] | None) -> None:
    """st_folium's ``on_change``: turn a new ``last_clicked`` into ``on_click(lat, lon)``, once.

    Runs before the script (so what ``on_click`` changes is drawn in the same run). st_folium
    has already copied the component value into ``st.session_state[key]``.
    """
    value = st.session_state.get(key) or {}
    click = value.get("last_clicked") if isinstance(value, Mapping) else None
    if not click or click.get("lat") is None or click.get("lng") is None:
        return
    point = _normalise(click["lat"], click["lng"])
    if st.session_state.get(_last_click_key(key)) == point:
        return  # the same click seen again (a rerun, a remount): already handled
    st.session_state[_last_click_key(key)] = point
    if on_click is not None:
        on_click(*point)


def reported_drawn(key: str) -> bool:
    """Whether the map's last value is its « drawn » report (``adapters.mapping.DrawnReport``;
    a click sends st_folium's own value, without it)."""
    value = st.session_state.get(key)
    return isinstance(value, Mapping) and value.get(mapping.DRAWN_KEY) is True


@dataclass(frozen=True)
class RenderedMap:
    """A map as st_folium prepared it for the browser, and what it shows (for tests and checks).

    ``arguments``: what ``st_folium`` hands its component (script, header, html, the layers'
    script, sizes, the iframe's key...) except its ``on_change`` callback. ``features``: the
    actors layer's GeoJSON features, properties escaped as on the map. ``location``: the
    centre, ``[lat, lon]``.
    """

    arguments: Mapping[str, Any]
    features: tuple[dict[str, Any], ...]
    location: tuple[float, float]
    zoom: int


@dataclass(frozen=True)
class MapSpec:
    """What a map shows: centre, zoom, actors (with their categories' styles and the labels),
    the territory ring if any, the tiles, and the iframe's key and height."""

    center: tuple[float, float]
    zoom: int
    actors: Sequence[Actor]
    styles: Mapping[str, CategoryStyle]
    key: str
    height: int
    labels: Mapping[str, str]
    territory: Territory | None
    tiles: mapping.TilesSetting
    # One marker-cluster group with numbered points (the class map of thousands of points).
    cluster: bool = False
    # The actors' numbers (as in the lists) on the points; actors at one point spread around it.
    numbered: bool = True
    # The offline base of France under the points (off only in bench/bench_map.py).
    outlines: bool = True
    # The map tells the page when it is drawn (``adapters.mapping.DrawnReport``).
    report_drawn: bool = False
    # A click is sent back (``RETURNED``); a map that does nothing with it sends nothing (a
    # click on it reruns nothing).
    clicks: bool = True

    def cache_key(self) -> tuple[object, ...]:
        """Equal for maps that look the same (``adapters.mapping.layers_fingerprint``)."""
        return (
            mapping.layers_fingerprint(self.actors, self.styles, self.labels, self.territory),
            (float(self.center[0]), float(self.center[1])),
            int(self.zoom),
            self.tiles,
            int(self.height),
            self.key,
            vendor_url(),
            self.cluster,
            self.numbered,
            self.outlines,
            self.report_drawn,
            self.clicks,
        )

    def folium_map(self) -> tuple[Any, list[Any]]:
        """The base map and its layers: the actors first, then the territory's ring if any."""
        base = mapping.build_base_map(
            self.center, self.zoom, tiles=self.tiles, cluster=self.cluster, outlines=self.outlines
        )
        layers = [
            mapping.actors_layer(
                self.actors,
                self.styles,
                labels=self.labels,
                cluster=self.cluster,
                numbered=self.cluster,
                show_numbers=self.numbered,
                spread_zoom=None if self.cluster else self.zoom,
            )
        ]
        if self.report_drawn:
            mapping.DrawnReport().add_to(layers[0])
        if self.territory is not None:
            ring = mapping.territory_layer(
                self.territory,
                labels=self.labels,
                departement_points=_departement_points(self.territory.departement_code),
            )
            if ring is not None:
                layers.append(ring)
        return base, layers

    def request(self, base: Any, layers: list[Any]) -> MapRequest:
        return MapRequest(base, layers, self.key, self.height, RETURNED if self.clicks else ())


@lru_cache(maxsize=128)
def _departement_points(code: str) -> tuple[tuple[float, float], ...]:
    """Communes spread over a département (its limits are found from them on the map)."""
    return departement_points(resources.gazetteer(), code, load_outlines()) if code else ()


def prepared_arguments(request: MapRequest) -> dict[str, Any]:
    """What ``st_folium`` hands its component for this map, ready to be kept and drawn again
    (``draw_map``); also for pages that keep their own cache of rendered maps (the directory).
    Only when ``BINDING.caches``."""
    arguments = BINDING.prepare(request)
    arguments["header"] = mapping.allow_page_zoom(arguments.get("header") or "")
    return arguments


def render_map(spec: MapSpec) -> RenderedMap:
    """The map ready for the browser: from the cache when the same map was already rendered."""
    cache_key = spec.cache_key()
    with _cache_lock:
        found = _rendered.get(cache_key)
        if found is not None:
            _rendered.move_to_end(cache_key)
            return found
    base, layers = spec.folium_map()
    arguments = prepared_arguments(spec.request(base, layers))
    rendered = RenderedMap(
        arguments=arguments,
        features=tuple(mapping.layer_features(layers[0])),
        location=(base.location[0], base.location[1]),
        zoom=int(spec.zoom),
    )
    with _cache_lock:
        _rendered[cache_key] = rendered
        while len(_rendered) > MAX_RENDERED_MAPS:
            _rendered.popitem(last=False)
    return rendered


def draw_map(rendered: RenderedMap, *, key: str, on_change: Callable[[], None]) -> None:
    """Hand the rendered map to streamlit-folium's component (the browser draws it).

    ``on_change`` does what st_folium's own does: copy the component's value (kept under the
    component's key) to ``st.session_state[key]``, then the map's click handling.
    """
    component_key = rendered.arguments["key"]

    def changed() -> None:
        st.session_state[key] = st.session_state.get(component_key, {})
        on_change()

    BINDING.draw(rendered.arguments, on_change=changed)


PROJECTION_SCALE = 1.5  # the projection mode's type is about 1.45× larger: the map follows


def projected_height(height: int) -> int:
    """A map's height, taller in projection mode (where the text around it grows)."""
    if st.session_state.get(PROJECTION_KEY):
        return int(height * PROJECTION_SCALE)
    return height


def territory_map(
    *,
    center: tuple[float, float],
    zoom: int,
    actors: Sequence[Actor],
    styles: Mapping[str, CategoryStyle],
    key: str,
    on_click: Callable[[float, float], None] | None = None,
    height: int = 480,
    labels: Mapping[str, str],
    territory: Territory | None = None,
    tiles: mapping.TilesSetting | None = None,
    cluster: bool = False,
    numbered: bool = True,
    outlines: bool = True,
    on_drawn: Callable[[], None] | None = None,
) -> None:
    """Show the map of the learner's territory and actors, with its legend as text below it.

    Call it inside an ``@st.fragment`` (together with whatever shows the actors), so that a
    click on the map reruns only that fragment, not the whole page::

        @st.fragment
        def actors_map():
            territory_map(center=..., zoom=10, actors=carnet.actors, styles=styles,
                          labels=labels, key="actors_map", on_click=place_actor)

    - The base map depends only on (center, zoom, tiles), so it stays mounted; the actors and
      the territory ring are sent as ``feature_group_to_add`` and only those layers change.
      Changing ``center`` rebuilds (remounts) the map: use it for a new territory, not per click.
    - The map is rendered once per content (``render_map``): a rerun that changes nothing on
      the map (typing in a form, opening the page again) reuses it.
    - Only ``last_clicked`` is returned (panning or zooming does not rerun the app), and only
      with ``on_click`` (without, a click sends nothing). A click on
      the map calls ``on_click(lat, lon)`` from the ``on_change`` callback, once per click;
      ``on_click`` should change state through ``components.state.update`` and read the
      carnet afresh (it runs before the script, in the next run).
    - ``labels``: translated texts, keys in ``adapters.mapping.LABEL_KEYS`` plus ``no_tiles``
      (a note shown when the background map is off).
    - ``tiles``: defaults to ``adapters.mapping.tiles_setting()`` (env ``ALLIANCES_TILES``).
    - ``cluster``: the points are clustered and numbered (the class board's map of many
      learners' actors).
    - ``numbered``: each point shows its actor's number, the same as in the lists and the
      exports (``domain.actors.actor_numbers``); actors at one point (a commune's centre) are
      spread in a small circle around it. Off for points that are not a carnet's actors.
    - ``outlines``: the offline base of France under the points (on; off only to measure it).
    - ``on_drawn``: called (from the ``on_change`` callback) when the browser says the map is
      drawn, once per map document: for a page that draws its other elements after its map
      (``components.actor_map``). Such a map reruns its fragment once when it is mounted.
    """
    install_map_assets()  # a set lookup after the first call (app.py already does it)
    tiles = mapping.tiles_setting() if tiles is None else tiles
    height = projected_height(height)

    def on_change() -> None:
        handle_map_change(key, on_click)
        if on_drawn is not None and reported_drawn(key):
            on_drawn()

    spec = MapSpec(
        center,
        zoom,
        actors,
        styles,
        key,
        height,
        labels,
        territory,
        tiles,
        cluster,
        numbered,
        outlines,
        report_drawn=on_drawn is not None,
        clicks=on_click is not None,
    )
    if BINDING.caches:
        draw_map(render_map(spec), key=key, on_change=on_change)
    else:  # rendered again on every run, by the public call
        BINDING.show(spec.request(*spec.folium_map()), on_change=on_change)

    show_territory = territory is not None and territory.located
    legend = mapping.legend_html(
        styles, mapping.used_categories(actors), labels, show_territory=show_territory
    )
    if legend:
        # Escaped HTML built by adapters.mapping (category labels, territory label): no learner
        # text reaches it unescaped.
        st.html(legend)
    if tiles.kind == "none" and labels.get("no_tiles"):
        st.caption(labels["no_tiles"])
