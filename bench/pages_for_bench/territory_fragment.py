"""(b) components.map_view.territory_map inside an st.fragment, N actors, 8 categories.

``st.session_state["bench_outlines"] = False``: the same map without its offline base of France
(bench/bench_map.py measures what the outlines cost)."""

import streamlit as st

from adapters.mapping import NO_TILES
from bench.pages_for_bench.bench_data import CATEGORIES, CENTER, LABELS, ZOOM, actors
from components.map_view import territory_map
from domain.models import Territory

n = st.session_state["bench_n"]


def place(lat: float, lon: float) -> None:
    st.session_state["bench_clicks"] = st.session_state.get("bench_clicks", 0) + 1


@st.fragment
def actors_map() -> None:
    territory_map(
        center=CENTER,
        zoom=ZOOM,
        actors=actors(n),
        styles=CATEGORIES,
        key="bench_map",
        on_click=place,
        labels=LABELS,
        territory=Territory(commune="Bourges", lat=47.08, lon=2.4),
        tiles=NO_TILES,
        outlines=st.session_state.get("bench_outlines", True),
    )


actors_map()
