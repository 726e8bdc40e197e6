"""(a) Nothing but one st_folium map of N points as one folium GeoJson layer."""

import folium
import streamlit as st
from streamlit_folium import st_folium

from bench.pages_for_bench.bench_data import CATEGORIES, CENTER, ZOOM, points

n = st.session_state["bench_n"]
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
folium.GeoJson(data, marker=folium.CircleMarker(radius=7, fill=True, fill_opacity=0.9)).add_to(m)
st_folium(m, key="bench_map", height=480, returned_objects=["last_clicked"])
