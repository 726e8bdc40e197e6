"""The frame around every page: navigation with step completion, language, projection mode."""

from __future__ import annotations

from dataclasses import dataclass

import json

import streamlit as st
import streamlit.components.v1 as components

from components import state
from domain import progress
from domain.i18n import LANGUAGES


@dataclass(frozen=True)
class PageSpec:
    id: str  # url_path, and locale key nav.<id>
    file: str
    icon: str


JOURNEY = (
    PageSpec("accueil", "pages/views/accueil.py", ":material/home:"),
    PageSpec("projet", "pages/views/projet.py", ":material/lightbulb:"),
    PageSpec("acteurs", "pages/views/acteurs.py", ":material/map:"),
    PageSpec("alliance", "pages/views/alliance.py", ":material/hub:"),
    PageSpec("analyse", "pages/views/analyse.py", ":material/psychology:"),
    PageSpec("synthese", "pages/views/synthese.py", ":material/summarize:"),
)
SHARE_PAGE = PageSpec("partage", "pages/views/partage.py", ":material/visibility:")

# Fixed CSS, no learner text: large type and high contrast for a projected screen, and the
# sidebar out of the way (the exit button sits at the top of the page).
PROJECTION_CSS = """
<style>
.stApp, .stApp p, .stApp li, .stApp label, .stApp input, .stApp textarea, .stApp td, .stApp th
  { font-size: 1.45rem !important; line-height: 1.5 !important; color: #000 !important; }
.stApp h1 { font-size: 3rem !important; } .stApp h2 { font-size: 2.4rem !important; }
.stApp h3 { font-size: 2rem !important; }
.stApp { background: #fff !important; }
.stApp button[kind="primary"] p, .stApp button[kind="primaryFormSubmit"] p { color: #fff !important; }
.stApp a { color: #00306e !important; text-decoration: underline !important; }
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
.block-container { max-width: 96vw !important; padding-top: 1.5rem !important; }
</style>
"""


def projection_on() -> bool:
    if state.PROJECTION not in st.session_state:
        st.session_state[state.PROJECTION] = st.query_params.get("projection") == "1"
    return bool(st.session_state[state.PROJECTION])


def _toggle_projection() -> None:
    st.session_state[state.PROJECTION] = not st.session_state.get(state.PROJECTION, False)


def link_params() -> dict[str, str]:
    token = state.token()
    return {"carnet": token} if token else {}


def sidebar() -> None:
    t = state.t()
    carnet = state.current()
    done = {step.id: step.done for step in progress.steps(carnet)}
    with st.sidebar:
        st.markdown(f"### {t('app.title')}")
        for number, page in enumerate(JOURNEY):
            icon = page.icon
            if page.id == "accueil":
                label = t("nav.accueil")
            else:
                label = f"{number}. {t('nav.' + page.id)}"
                if carnet is not None:
                    finished = done.get(page.id)
                    label += " — " + (t("nav.done") if finished else t("nav.todo"))
                    icon = ":material/check_circle:" if finished else ":material/radio_button_unchecked:"
            st.page_link(
                page.file,
                label=label,
                icon=icon,
                query_params=link_params(),
                disabled=carnet is None and page.id not in ("accueil",),
            )
        st.divider()
        st.segmented_control(
            t("app.language"),
            options=list(LANGUAGES),
            format_func=lambda code: t(f"lang.{code}"),
            default=state.language(),
            key="language_choice",
            on_change=lambda: state.set_language(st.session_state.get("language_choice")),
        )
        st.toggle(
            t("app.projection"),
            value=projection_on(),
            help=t("app.projection_help"),
            key="projection_toggle",
            on_change=_toggle_projection,
        )


def set_page_language(lang: str) -> None:
    """Streamlit serves <html lang="en"> whatever the language: set it, so that screen readers
    read French as French (WCAG 3.1.1). A zero-height same-origin frame runs this one line."""
    components.html(f"<script>window.parent.document.documentElement.lang = {json.dumps(lang)};</script>",
                    height=0)


def frame() -> None:
    """Everything around the page content: call once per run, before the page runs."""
    t = state.t()
    set_page_language(state.language())
    if projection_on():
        st.html(PROJECTION_CSS)
        st.button(
            t("app.projection_exit"),
            icon=":material/fullscreen_exit:",
            on_click=_toggle_projection,
            key="projection_exit",
        )
    else:
        sidebar()
    stale_banner()


def stale_banner() -> None:
    conflict = st.session_state.get(state.STALE)
    if not conflict:
        return
    t = state.t()
    with st.container(border=True):
        st.warning(t("state.stale_title"), icon=":material/sync_problem:")
        st.write(t("state.stale_body"))
        left, right = st.columns(2)
        left.button(t("state.stale_reload"), on_click=state.reload, key="stale_reload")
        right.button(t("state.stale_keep_mine"), on_click=state.keep_mine, key="stale_keep")


def require_carnet():
    """The open carnet, or a pointer to the home page and a stop."""
    carnet = state.current()
    if carnet is None:
        t = state.t()
        st.info(t("state.no_carnet"), icon=":material/info:")
        st.page_link(JOURNEY[0].file, label=t("nav.accueil"), icon=JOURNEY[0].icon)
        st.stop()
    return carnet


def next_step(current_id: str) -> None:
    """A link to the next page of the journey, at the bottom of a page."""
    ids = [page.id for page in JOURNEY]
    position = ids.index(current_id)
    if position + 1 < len(JOURNEY):
        following = JOURNEY[position + 1]
        st.divider()
        st.page_link(
            following.file,
            label=state.t()("nav.next", step=state.t()(f"nav.{following.id}")),
            icon=":material/arrow_forward:",
            query_params=link_params(),
        )
