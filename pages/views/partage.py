"""The read-only share view: the summary of a carnet opened with ?share=<token>; no edit control."""

import streamlit as st

from components import messages, shell, state
from components.summary_view import show_summary, summary_of
from services import carnets
from services.errors import NotFound

t = state.t()
share_token = st.query_params.get("share", "")
try:
    # Reloaded only when its owner has saved since (a version check is cheap).
    shared = carnets.read_shared(state.store(), share_token, st.session_state.get("shared_carnet"))
except NotFound as problem:
    st.session_state.pop("shared_carnet", None)
    st.title(t("partage.title"))
    messages.error(problem)
    messages.show()
    st.stop()
st.session_state["shared_carnet"] = shared

shell.set_page_language(shared.carnet.language)
summary, summary_t = summary_of(shared.carnet)
st.title(summary_t("partage.title"))
st.caption(summary_t("partage.readonly"))
show_summary(shared.carnet, summary, summary_t, map_key="shared_map")
