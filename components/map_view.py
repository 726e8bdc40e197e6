"""The territory map shared by « Mon projet » and « Acteurs du territoire » (st_folium).

The map itself is built in ``domain.mapping``; this module wires it to Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st
from streamlit_folium import st_folium

from components.assets import install_map_assets
from domain import mapping
from domain.mapping import CategoryStyle
from domain.models import Actor, Territory

RETURNED_OBJECTS = ["last_clicked"]


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
    - Only ``last_clicked`` is returned (panning or zooming does not rerun the app). A click on
      the map calls ``on_click(lat, lon)`` from the ``on_change`` callback, once per click;
      ``on_click`` should change state through ``components.state.update`` and read the
      carnet afresh (it runs before the script, in the next run).
    - ``labels``: translated texts, keys in ``domain.mapping.LABEL_KEYS`` plus ``no_tiles``
      (a note shown when the background map is off).
    - ``tiles``: defaults to ``domain.mapping.tiles_setting()`` (env ``ALLIANCES_TILES``).
    """
    install_map_assets()  # a set lookup after the first call (app.py already does it)
    tiles = mapping.tiles_setting() if tiles is None else tiles
    base = mapping.build_base_map(center, zoom, tiles=tiles)
    layers = [mapping.actors_layer(actors, styles, labels=labels)]
    ring = mapping.territory_layer(territory, labels=labels) if territory is not None else None
    if ring is not None:
        layers.append(ring)

    def on_change() -> None:
        handle_map_change(key, on_click)

    st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=RETURNED_OBJECTS,
        feature_group_to_add=layers,
        on_change=on_change,
        wrap_longitude=True,
    )

    legend = mapping.legend_html(
        styles, mapping.used_categories(actors), labels, show_territory=ring is not None
    )
    if legend:
        # Escaped HTML built by domain.mapping (category labels, territory label): no learner
        # text reaches it unescaped.
        st.html(legend)
    if tiles.kind == "none" and labels.get("no_tiles"):
        st.caption(labels["no_tiles"])
