"""Page under construction in this session."""

import streamlit as st

st.write("…")
