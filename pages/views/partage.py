"""The read-only share view: the summary of a carnet opened with ?share=<token>; no edit control."""

import streamlit as st

from adapters.storage.carnets import CarnetNotFound
from components import shell, state
from components.summary_view import show_summary, summary_of

t = state.t()
share_token = st.query_params.get("share", "")
# Reload the shared carnet only when its owner has saved since (a version check is cheap).
version = state.store().version(share_token, shared=True)
shared = st.session_state.get("shared_carnet")
if version is not None and (
    shared is None or (shared.share_token, shared.version) != (share_token, version)
):
    try:
        shared = state.store().load_shared(share_token)
    except CarnetNotFound:
        version = None
    st.session_state["shared_carnet"] = shared
if version is None:
    st.title(t("partage.title"))
    st.error(t("partage.not_found"), icon=":material/link_off:")
    st.stop()

shell.set_page_language(shared.carnet.language)
summary, summary_t = summary_of(shared.carnet)
st.title(summary_t("partage.title"))
st.caption(summary_t("partage.readonly"))
show_summary(shared.carnet, summary, summary_t, map_key="shared_map")
