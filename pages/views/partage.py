"""The read-only share view: the summary of a carnet opened with ?share=<token>; no edit control."""

import streamlit as st

from components import state
from components.summary_view import show_summary, summary_of
from domain.storage import CarnetNotFound

t = state.t()
try:
    shared = state.store().load_shared(st.query_params.get("share", ""))
except CarnetNotFound:
    st.title(t("partage.title"))
    st.error(t("partage.not_found"), icon=":material/link_off:")
    st.stop()

summary, summary_t = summary_of(shared.carnet)
st.title(summary_t("partage.title"))
st.caption(summary_t("partage.readonly"))
show_summary(shared.carnet, summary, summary_t, map_key="shared_map")
