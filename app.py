"""Entrypoint: page config, language, the carnet named in the URL, navigation over app_pages/."""

import streamlit as st

from components import classroom, focus, shell, state
from components.assets import install_map_assets
from components.runtime import tune_interpreter

tune_interpreter()  # once per process: the GIL hand-overs of a served rerun (see the module)
if not st.query_params.get("share") and not st.query_params.get("formateur"):
    shell.follow_display_links()  # the sidebar's language and projection links, before any text

st.set_page_config(
    page_title=state.t()("app.title"),  # the browser tab, in the learner's language
    # Served from static/ (a :material: icon would make the favicon a Google URL; a file path
    # would be read and registered again on every rerun).
    page_icon="app/static/icon.png",
    layout="wide",
    # "auto": open on a laptop, closed on a phone (where it would cover the page); Streamlit
    # closes it again on a phone after a step is chosen in it.
    initial_sidebar_state="auto",
)
install_map_assets()

t = state.t()
shell.forget_routes()  # only the navigation of this run says which pages links may name
share = st.query_params.get("share")
if share:
    # A read-only share link: only the summary, no navigation, no way to edit.
    page = st.navigation(
        [st.Page(shell.SHARE_PAGE.file, title=t("nav.partage"), url_path=shell.SHARE_PAGE.id)],
        position="hidden",
    )
    shell.bare_frame()
elif st.query_params.get("formateur"):
    page = classroom.board_navigation()  # a trainer's board: the class alone, no carnet
    shell.bare_frame()
else:
    state.sync_from_url()
    page = shell.navigation()
    shell.frame(page.url_path or shell.JOURNEY[0].id)
    classroom.sidebar_indicator()
    classroom.follow_join_link(page)
try:
    page.run()
finally:
    focus.forget()  # a focus move no target took in the run after its action never fires later
