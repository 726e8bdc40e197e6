"""Session state: the binding of this tab's carnet session to ``st.session_state``.

Pages never touch st.session_state for the carnet directly: they read `current()` and change it
through `update(change)` (or a use case of ``services/`` given ``session()``), which validates,
saves at once (optimistic version check) and reports problems in the learner's language. The
policy itself (two tabs, conflicts, replays) is ``services.carnet_session.CarnetSession``, with
no Streamlit: this module only gives it ``st.session_state``, the URL and the translator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from domain.i18n import LANGUAGES, Translator, detect_language
from domain.models import Carnet
from services import privacy
from services.carnet_session import (
    CARNET,
    FIELD_PREFIX,
    MERGED,
    SHARE,
    STALE,
    TOKEN,
    VERSION,
    CarnetSession,
    token_from_link,
)
from services.errors import NotFound, ServiceError
from services.stores import CarnetStore, StoredCarnet, Stores

__all__ = [
    "CARNET",
    "DERIVED",
    "FIELD_PREFIX",
    "LANG",
    "MERGED",
    "PROJECTION",
    "SHARE",
    "STALE",
    "TOKEN",
    "VERSION",
    "close",
    "current",
    "derived",
    "enable_sharing",
    "held",
    "keep_mine",
    "language",
    "open_token",
    "reload",
    "revoke_sharing",
    "session",
    "set_language",
    "share_token",
    "show_link",
    "start",
    "store",
    "stores",
    "sync_from_url",
    "t",
    "token",
    "update",
]
T = TypeVar("T")
LANG = "lang"
PROJECTION = "projection"
DERIVED = "carnet_derived"
GONE = "carnet_gone"  # the link's carnet was deleted (privacy.LinkStatus value): say so once


@st.cache_resource
def stores() -> Stores:
    """Every store of the app's database, on one engine shared by all sessions."""
    return Stores.connect()


def store() -> CarnetStore:
    return stores().carnets


def language() -> str:
    chosen = st.session_state.get(LANG)
    if chosen in LANGUAGES:
        return str(chosen)  # every run asks dozens of times: one lookup
    carnet = st.session_state.get(CARNET)
    requested = st.query_params.get("lang")
    if requested in LANGUAGES:
        chosen = requested
    elif carnet is not None:
        chosen = carnet.language
    else:
        chosen = detect_language(st.context.headers.get("Accept-Language"))
    st.session_state[LANG] = chosen
    return chosen


_TRANSLATORS = {lang: Translator(lang) for lang in LANGUAGES}


def t() -> Translator:
    return _TRANSLATORS[language()]


def session() -> CarnetSession:
    """This tab's carnet session (``services.carnet_session``), kept in ``st.session_state``."""
    return CarnetSession(st.session_state, store())


def current() -> Carnet | None:
    return st.session_state.get(CARNET)


def held() -> Carnet:
    """The open carnet, on a page that has one (after ``shell.require_carnet``)."""
    carnet = current()
    if carnet is None:
        raise RuntimeError("no carnet is open in this tab")
    return carnet


def token() -> str | None:
    return st.session_state.get(TOKEN)


def share_token() -> str | None:
    return st.session_state.get(SHARE)


def show_link(stored: StoredCarnet) -> None:
    """The carnet just opened is the one of the URL (its private link)."""
    st.query_params["carnet"] = stored.token


def start(carnet: Carnet | None = None) -> StoredCarnet:
    """Create a carnet (empty, imported or the worked example) and open it in this tab."""
    stored = session().start(carnet or Carnet(language=language()))
    show_link(stored)
    return stored


def open_token(link_or_token: str) -> bool:
    """Open the carnet of a private link (a full URL or just its token)."""
    try:
        show_link(session().open(link_or_token))
    except NotFound:
        _note_if_deleted(token_from_link(link_or_token))
        return False
    return True


def _note_if_deleted(link_token: str) -> None:
    """Remember (to say it once) that this link's carnet was deleted, not never made."""
    status = privacy.link_status(stores(), link_token) if link_token else None
    if status in (privacy.LinkStatus.DELETED, privacy.LinkStatus.EXPIRED):
        st.session_state[GONE] = status.value


def delete() -> None:
    """Delete this tab's carnet for good (its share link too) and close it."""
    gone = token()
    privacy.delete_carnet(stores(), gone)
    close()
    st.session_state[GONE] = privacy.LinkStatus.DELETED.value


def close() -> None:
    session().close()
    st.query_params.pop("carnet", None)


def sync_from_url() -> None:
    """Follow ?carnet=<token> and pick up changes another tab has saved in the meantime."""
    requested = st.query_params.get("carnet")
    if requested and requested != token():
        if not open_token(requested):
            st.session_state["carnet_not_found"] = True
            st.query_params.pop("carnet", None)
        return
    if token() is None:
        return
    if "carnet" not in st.query_params:
        st.query_params["carnet"] = token() or ""  # page changes drop query params: keep the link
    held_token = token()  # before refresh(), which forgets a carnet deleted meanwhile
    refreshed = session().refresh()
    if refreshed == "closed":
        _note_if_deleted(held_token or "")  # deleted from another tab, or by the retention purge
        st.query_params.pop("carnet", None)
    elif refreshed == "reloaded":
        st.toast(t()("state.refreshed"), icon=":material/sync:")  # (messages imports state)
    if session().take_merged():
        st.toast(t()("state.merged"), icon=":material/merge:")


def reload() -> None:
    """Take the latest saved version (after another tab changed the carnet)."""
    session().reload()


def keep_mine() -> None:
    """Resolve a conflict in favour of this tab (``CarnetSession.keep_mine``)."""
    session().keep_mine()


def update(change: Callable[[Carnet], object]) -> list[str]:
    """Apply a change to a copy of the carnet, validate and save it. Returns error messages
    (in the learner's language); see ``CarnetSession.update`` for the two-tab policy. What
    ``change`` itself raises (other than the model's refusals) is raised here."""
    try:
        session().update(change)
    except ServiceError as problem:
        return problem.explain(t())
    return []


def derived(carnet: Carnet, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """What a page derives from a carnet (a summary, a table, a figure...), built once per saved
    version and reused by the reruns that do not change it.

    A save or a reload replaces the carnet object, so its identity is the version: the cache
    keeps a reference to the carnet it was built from only to compare identities.
    """
    cache = st.session_state.get(DERIVED)
    if not cache or cache["of"] is not carnet:
        cache = {"of": carnet}
        st.session_state[DERIVED] = cache
    if key not in cache:
        cache[key] = build()
    found: T = cache[key]
    return found


def set_language(lang: str) -> list[str]:
    if lang not in LANGUAGES:
        return []
    st.session_state[LANG] = lang
    carnet = current()
    if carnet is not None and carnet.language != lang:
        return update(lambda c: setattr(c, "language", lang))
    return []


def enable_sharing() -> str:
    return session().enable_sharing()


def revoke_sharing() -> None:
    session().revoke_sharing()
