"""(a) Nothing but one st_folium map of N points as one folium GeoJson layer."""

import streamlit as st
from streamlit_folium import st_folium

from bench.pages_for_bench.bench_data import bare_map

n = st.session_state["bench_n"]
st_folium(bare_map(n), key="bench_map", height=480, returned_objects=["last_clicked"])
