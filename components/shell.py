"""The frame around every page: navigation with step completion, language, projection mode."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from components import messages, state
from domain import progress
from domain.dates import saved_at
from domain.i18n import LANGUAGES, Translator
from domain.models import Carnet


@dataclass(frozen=True)
class PageSpec:
    id: str  # url_path, and locale key nav.<id>
    file: str
    icon: str


JOURNEY = (
    PageSpec("accueil", "app_pages/accueil.py", ":material/home:"),
    PageSpec("projet", "app_pages/projet.py", ":material/lightbulb:"),
    PageSpec("parties_prenantes", "app_pages/parties_prenantes.py", ":material/groups:"),
    PageSpec("acteurs", "app_pages/acteurs.py", ":material/map:"),
    PageSpec("alliance", "app_pages/alliance.py", ":material/hub:"),
    PageSpec("analyse", "app_pages/analyse.py", ":material/psychology:"),
    PageSpec("synthese", "app_pages/synthese.py", ":material/summarize:"),
)
SHARE_PAGE = PageSpec("partage", "app_pages/partage.py", ":material/visibility:")
CLASS_PAGE = PageSpec("classe", "app_pages/classe.py", ":material/groups:")
# Outside the journey: the shared directory (anyone, with or without a carnet), and its
# moderation page (reached by the moderator's link ``?cle=<key>``, hidden from the navigation).
DIRECTORY_PAGE = PageSpec("annuaire", "app_pages/annuaire.py", ":material/menu_book:")
MODERATION_PAGE = PageSpec("moderation", "app_pages/moderation.py", ":material/gavel:")
# After the journey, not numbered: what the app keeps about the learner, and how to delete it.
PRIVACY_PAGE = PageSpec("donnees", "app_pages/donnees.py", ":material/shield_person:")
Visibility = Literal["visible", "hidden"]
ALL_PAGES = (*JOURNEY, SHARE_PAGE, CLASS_PAGE, DIRECTORY_PAGE, MODERATION_PAGE, PRIVACY_PAGE)

# Fixed CSS, no learner text: large type and high contrast for a projected screen, and the
# sidebar out of the way (the steps are along the top, the exit button under them).
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
.block-container { max-width: 96vw !important; padding-top: 5.5rem !important; }
header[data-testid="stHeader"] a, header[data-testid="stHeader"] a span
  { font-size: 1.2rem !important; }
.stApp textarea { min-height: 14rem !important; }
.stApp [data-testid="stTable"] { overflow-x: auto; }
</style>
"""


# Fixed CSS: Streamlit puts a link « Link to heading » (English, in the tab order and read by
# screen readers) beside every heading, Markdown ones included; the app's headings are not
# meant to be linked to, and there is no French for it: hidden (out of the accessibility tree).
HEADING_LINKS_CSS = (
    '<style>[data-testid="stHeaderActionElements"] a[href^="#"] { display: none !important; }'
    "</style>"
)


def page_spec(page_id: str) -> PageSpec:
    """The page of this id (``JOURNEY`` and the pages outside it): KeyError when unknown."""
    return {spec.id: spec for spec in ALL_PAGES}[page_id]


def projection_on() -> bool:
    if state.PROJECTION not in st.session_state:
        st.session_state[state.PROJECTION] = st.query_params.get("projection") == "1"
    return bool(st.session_state[state.PROJECTION])


def _toggle_projection() -> None:
    st.session_state[state.PROJECTION] = not st.session_state.get(state.PROJECTION, False)


def link_params() -> dict[str, str]:
    token = state.token()
    return {"carnet": token} if token else {}


@dataclass(frozen=True)
class NavEntry:
    page: PageSpec
    title: str  # « 2. Acteurs du territoire — fait »: the state is in the text, not only the icon
    icon: str


def nav_entries(t: Translator, carnet: Carnet | None, *, short: bool = False) -> list[NavEntry]:
    """The journey as the sidebar shows it: numbered steps, each marked done or to do.

    ``short``: the top navigation of projection mode, where every step must fit on one line
    at 1280 px (Streamlit hides what does not fit behind an English « N more »): short names,
    and « ✓ » for a step done.
    """
    states = progress.steps(carnet)
    done = {step.id: step.done for step in states} if carnet is not None else {}
    optional = {step.id for step in states if step.optional}
    entries = []
    for number, page in enumerate(JOURNEY):
        if page.id == "accueil":
            entries.append(NavEntry(page, t("nav.accueil"), page.icon))
            continue
        name = t(f"nav.short.{page.id}") if short else t(f"nav.{page.id}")
        title, icon = f"{number}. {name}", page.icon
        if carnet is not None:
            finished = done.get(page.id)
            if short:
                title += " ✓" if finished else ""
            elif finished:
                title += " — " + t("nav.done")
            else:
                title += " — " + (t("nav.optional") if page.id in optional else t("nav.todo"))
            icon = ":material/check_circle:" if finished else ":material/radio_button_unchecked:"
        entries.append(NavEntry(page, title, icon))
    return entries


PAGES = "shell_pages"  # this session's st.Page objects, by their arguments (see _page)
ROUTED = "shell_routed"  # the pages the navigation of the current run registered, by id
MAX_PAGES = 64  # a few titles per page (done / to do, languages, projection): plenty


def _page(
    file: str,
    *,
    title: str,
    icon: str,
    url_path: str,
    default: bool = False,
    visibility: Visibility = "visible",
) -> StreamlitPage:
    """``st.Page(...)``, made once per session and arguments: building one resolves and checks
    its file and validates its icon on every rerun (13 pages per rerun). Kept per session, never
    shared: ``st.navigation`` marks the page it returns as the one to run."""
    made: dict[tuple[object, ...], StreamlitPage] = st.session_state.setdefault(PAGES, {})
    key = (file, title, icon, url_path, default, visibility)
    page = made.get(key)
    if page is None:
        if len(made) >= MAX_PAGES:
            made.clear()
        page = made[key] = st.Page(
            file, title=title, icon=icon, url_path=url_path, default=default, visibility=visibility
        )
    return page


def _journey_entries(t: Translator, short: bool) -> list[NavEntry]:
    """``nav_entries`` for the open carnet, once per saved version (``state.derived``)."""
    carnet = state.current()
    if carnet is None:
        return nav_entries(t, None, short=short)
    return state.derived(
        carnet, ("nav_entries", t.lang, short), lambda: nav_entries(t, carnet, short=short)
    )


def navigation() -> StreamlitPage:
    """Streamlit's own navigation over the journey: in the sidebar, or along the top in
    projection mode (the sidebar is hidden there; a trainer still jumps between steps).

    Native navigation rather than page links: the links cost nothing per rerun (they travel
    with the navigation message), and the current page is marked for screen readers. A page
    change drops the query string: ``state.sync_from_url`` puts ``?carnet=`` back.
    """
    t = state.t()
    pages = [
        _page(
            entry.page.file,
            title=entry.title,
            icon=entry.icon,
            url_path=entry.page.id,
            default=entry.page.id == "accueil",
        )
        for entry in _journey_entries(t, projection_on())
    ]
    # In projection mode the top navigation lists the journey only (it must fit at 1280 px):
    # the pages after it stay routable, hidden there.
    after: Visibility = "hidden" if projection_on() else "visible"
    pages += directory_pages(t, visibility=after)
    pages.append(_listed(CLASS_PAGE, t, after))
    pages.append(_listed(PRIVACY_PAGE, t, after))
    # Routable but not listed: a share link that lost its ?share= (or a bookmarked /partage)
    # lands on the share page's own « link not valid » message, never on « Page not found ».
    pages.append(_listed(SHARE_PAGE, t, "hidden"))
    # The pages of this run, by id, for the links drawn in it (``page_target``).
    st.session_state[ROUTED] = {page.url_path: page for page in pages}
    # A flat list: with a section heading, Streamlit 1.67 puts a <div> straight inside the
    # links' <ul> (axe: « list » and « listitem », serious).
    return st.navigation(pages, position="top" if projection_on() else "sidebar")


def forget_routes() -> None:
    st.session_state.pop(ROUTED, None)


def page_target(spec: PageSpec) -> StreamlitPage | str:
    """What ``st.page_link`` is given for ``spec``: the page object the navigation of this run
    registered (a link to a file path resolves and checks that path on every rerun: ≈ 0.2 ms
    a link), or the page's file when the navigation has not run (a trainer's board)."""
    routed: dict[str, StreamlitPage] = st.session_state.get(ROUTED, {})
    return routed.get(spec.id) or spec.file


def page_link(
    spec: PageSpec,
    *,
    label: str,
    icon: str,
    query_params: dict[str, str] | None = None,
    help: str | None = None,
    where: Any = st,
) -> None:
    """``st.page_link`` to a page of the app (``where``: a container, default the page)."""
    where.page_link(page_target(spec), label=label, icon=icon, help=help, query_params=query_params)


def _listed(spec: PageSpec, t: Translator, visibility: Visibility) -> StreamlitPage:
    """A page outside the journey, titled ``nav.<id>`` and routed at its id."""
    return _page(
        spec.file,
        title=t(f"nav.{spec.id}"),
        icon=spec.icon,
        url_path=spec.id,
        visibility=visibility,
    )


def directory_pages(t: Translator, visibility: Visibility = "visible") -> list[StreamlitPage]:
    """The directory (in the navigation) and its moderation page (hidden: reached by link)."""
    return [
        _listed(DIRECTORY_PAGE, t, visibility),
        _listed(MODERATION_PAGE, t, "hidden"),
    ]


def other_language(lang: str) -> str:
    """The interface language the sidebar's button switches to (there are two)."""
    return next(code for code in LANGUAGES if code != lang)


def sidebar(page_id: str) -> None:
    """Below the navigation: the other language and the projection mode, as links to this page
    (``page_id``) with ``?lang=`` or ``?projection=1`` (``follow_display_links`` applies them).

    Links rather than widgets: the language is named in its own language (« English » in the
    French interface, « Français » in the English one); a trainer can open the projection in a
    new tab; and a link to a page object costs next to nothing per rerun, where the segmented
    control and the toggle they replace cost ≈ 1 ms on every rerun of every page (BENCHMARKS.md,
    « Page speed, fourth pass »)."""
    t = state.t()
    here = page_spec(page_id)
    with st.sidebar:
        other = other_language(state.language())
        page_link(
            here,
            label=t(f"lang.{other}"),
            icon=":material/translate:",
            help=t("app.language_help"),
            query_params={**link_params(), "lang": other},
        )
        page_link(
            here,
            label=t("app.projection"),
            icon=":material/fullscreen:",
            help=t("app.projection_help"),
            query_params={**link_params(), "projection": "1"},
        )


def follow_display_links() -> None:
    """Apply what a link of ``sidebar`` asked (``?lang=en``, ``?projection=1``; also a shared
    URL's), then drop it from the URL: the choice is the session's from then on, and leaving
    the projection mode is not undone by the address. Call before anything is drawn."""
    lang = st.query_params.get("lang")
    if lang is not None:
        del st.query_params["lang"]
        messages.errors(state.set_language(lang))
    projection = st.query_params.get("projection")
    if projection is not None:
        del st.query_params["projection"]
        st.session_state[state.PROJECTION] = projection == "1"


def page_language_script(lang: str) -> str:
    """Streamlit serves <html lang="en"> whatever the language: this sets it, so that screen
    readers read French as French (WCAG 3.1.1). One fixed line (``lang`` is a code of
    ``LANGUAGES``, JSON-quoted)."""
    if lang not in LANGUAGES:
        raise ValueError(f"not an interface language: {lang!r}")
    return f"<script>document.documentElement.lang = {json.dumps(lang)};</script>"


def set_page_language(lang: str, where: Any = st) -> None:
    """Run ``page_language_script`` (in the main area, or in ``where``: ``st.sidebar``)."""
    where.html(page_language_script(lang), unsafe_allow_javascript=True)


def close_sidebar_on_phone_script(page_id: str) -> str:
    """On a phone the sidebar covers the page: once a step is chosen in it, close it. Fixed
    text but for ``page_id`` (a JOURNEY id, JSON-quoted), which makes the element change, so
    the line runs again, only when the page changes (not when a widget of the sidebar is
    used)."""
    if page_id not in {spec.id for spec in ALL_PAGES}:
        raise ValueError(f"not a page of the app: {page_id!r}")
    return (
        f"<script>/* {json.dumps(page_id)} */"
        "if (window.matchMedia('(max-width: 768px)').matches) {"
        "const bar = document.querySelector('[data-testid=\"stSidebar\"]');"
        "const close = bar && bar.querySelector('[data-testid=\"stSidebarCollapseButton\"] button');"
        "if (close && bar.getBoundingClientRect().width > 0) close.click();"
        "}</script>"
    )


def bare_frame() -> None:
    """What the pages without the app's frame (the share view, a trainer's board) still
    need from it: the heading links hidden (``HEADING_LINKS_CSS``; a style only, no room)."""
    st.html(HEADING_LINKS_CSS)


def frame(page_id: str | None = None) -> None:
    """Everything around the page content: call once per run, before the page runs
    (``page_id``: the page about to run, see ``close_sidebar_on_phone_script``)."""
    t = state.t()
    if projection_on():
        # Fixed CSS and the fixed language line: one element, no learner text.
        st.html(
            PROJECTION_CSS + HEADING_LINKS_CSS + page_language_script(state.language()),
            unsafe_allow_javascript=True,
        )
        st.button(
            t("app.projection_exit"),
            icon=":material/fullscreen_exit:",
            on_click=_toggle_projection,
            key="projection_exit",
        )
    else:
        # One element, taking no room: the page's language, and the phone's sidebar closed
        # once a step is chosen in it.
        script = HEADING_LINKS_CSS + page_language_script(state.language())
        if page_id:
            script += close_sidebar_on_phone_script(page_id)
        st.sidebar.html(script, unsafe_allow_javascript=True)
        sidebar(page_id or JOURNEY[0].id)
    saved_note(st if projection_on() else st.sidebar)
    stale_banner()
    messages.show()  # what a callback said for the whole page (e.g. a refused save)


def _local(moment: datetime) -> datetime:
    """A UTC moment in the browser's time zone (UTC when the browser does not say)."""
    try:
        zone = ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone)


def saved_note(where: Any) -> None:
    """A discreet « Enregistré à 14 h 32 »: the carnet is saved (each change is saved at once)."""
    carnet = state.current()
    if carnet is None:
        return
    text = saved_at(_local(carnet.updated_at), _local(datetime.now(UTC)), state.t())
    where.caption(f":material/cloud_done: {text}")


def stale_banner() -> None:
    conflict = st.session_state.get(state.STALE)
    if not conflict:
        return
    t = state.t()
    with st.container(border=True):
        messages.inline("warning", t("state.stale_title"), icon=":material/sync_problem:")
        st.write(t("state.stale_body"))
        left, right = st.columns(2)
        left.button(t("state.stale_reload"), on_click=state.reload, key="stale_reload")
        right.button(t("state.stale_keep_mine"), on_click=state.keep_mine, key="stale_keep")


def require_carnet() -> Carnet:
    """The open carnet, or a pointer to the home page and a stop."""
    carnet = state.current()
    if carnet is None:
        t = state.t()
        st.info(t("state.no_carnet"), icon=":material/info:")
        page_link(JOURNEY[0], label=t("nav.accueil"), icon=JOURNEY[0].icon)
        st.stop()
    return carnet


def step_link(spec: PageSpec, label: str | None = None, icon: str | None = None) -> None:
    """A link to a step of the journey that keeps the carnet in the URL."""
    page_link(
        spec,
        label=label or state.t()(f"nav.{spec.id}"),
        icon=icon or spec.icon,
        query_params=link_params(),
    )


def next_step(current_id: str) -> None:
    """A link to the next page of the journey, at the bottom of a page."""
    ids = [page.id for page in JOURNEY]
    position = ids.index(current_id)
    if position + 1 < len(JOURNEY):
        following = JOURNEY[position + 1]
        st.divider()
        page_link(
            following,
            label=state.t()("nav.next", step=state.t()(f"nav.{following.id}")),
            icon=":material/arrow_forward:",
            query_params=link_params(),
        )
