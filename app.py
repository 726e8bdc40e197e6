"""Entrypoint: page config, language, the carnet named in the URL, navigation over pages/."""

import streamlit as st

from components import shell, state
from components.assets import install_map_assets

st.set_page_config(
    page_title="Alliances en territoire",
    page_icon="data/icon.png",  # a local file: a :material: icon would make the favicon a Google URL
    layout="wide",
    initial_sidebar_state="expanded",
)
install_map_assets()

t = state.t()
share = st.query_params.get("share")
if share:
    # A read-only share link: only the summary, no navigation, no way to edit.
    page = st.navigation(
        [st.Page(shell.SHARE_PAGE.file, title=t("nav.partage"), url_path=shell.SHARE_PAGE.id)],
        position="hidden",
    )
else:
    state.sync_from_url()
    t = state.t()
    pages = [
        st.Page(spec.file, title=t(f"nav.{spec.id}"), icon=spec.icon, url_path=spec.id,
                default=spec.id == "accueil")
        for spec in shell.JOURNEY
    ]
    page = st.navigation(pages, position="hidden")
    shell.frame()
page.run()
