"""Reference: a Streamlit page with nothing on it but a title."""

import streamlit as st

st.title("bare")
