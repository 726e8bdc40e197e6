"""Session state: the one place that knows which carnet this tab holds and saves every change.

Pages never touch st.session_state for the carnet directly: they read `current()` and change it
through `update(change)`, which validates, saves at once (optimistic version check) and reports
problems in the learner's language.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from pydantic import ValidationError

from adapters.storage.carnets import CarnetNotFound, CarnetStore, StaleCarnet, StoredCarnet
from domain import merge, validation
from domain.i18n import LANGUAGES, Translator, detect_language
from domain.models import Carnet
from services.stores import Stores

TOKEN = "carnet_token"
VERSION = "carnet_version"
CARNET = "carnet"
SHARE = "carnet_share_token"
STALE = "carnet_stale"
LANG = "lang"
PROJECTION = "projection"
FIELD_PREFIX = "field:"
DERIVED = "carnet_derived"
MERGED = "carnet_merged"  # a change was replayed on another tab's newer save: say so once


@st.cache_resource
def stores() -> Stores:
    """Every store of the app's database, on one engine shared by all sessions."""
    return Stores.connect()


def store() -> CarnetStore:
    return stores().carnets


def language() -> str:
    chosen = st.session_state.get(LANG)
    if chosen in LANGUAGES:
        return chosen  # every run asks dozens of times: one lookup
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


def current() -> Carnet | None:
    return st.session_state.get(CARNET)


def token() -> str | None:
    return st.session_state.get(TOKEN)


def share_token() -> str | None:
    return st.session_state.get(SHARE)


def _hold(stored: StoredCarnet) -> None:
    """Make a stored carnet this tab's carnet and refresh the widgets bound to it."""
    _forget_field_widgets()
    st.session_state[TOKEN] = stored.token
    st.session_state[VERSION] = stored.version
    st.session_state[CARNET] = stored.carnet
    st.session_state[SHARE] = stored.share_token
    st.session_state.pop(STALE, None)
    st.query_params["carnet"] = stored.token


def start(carnet: Carnet | None = None) -> StoredCarnet:
    """Create a carnet (empty, imported or the worked example) and open it in this tab."""
    carnet = carnet or Carnet(language=language())
    stored = store().create(carnet)
    _hold(stored)
    return stored


def open_token(link_or_token: str) -> bool:
    """Open the carnet of a private link (a full URL or just its token)."""
    value = (link_or_token or "").strip()
    if "carnet=" in value:
        value = value.split("carnet=", 1)[1].split("&", 1)[0].split("#", 1)[0]
    try:
        stored = store().load(value)
    except CarnetNotFound:
        return False
    _hold(stored)
    return True


def close() -> None:
    for key in (TOKEN, VERSION, CARNET, SHARE, STALE):
        st.session_state.pop(key, None)
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
    if token() and "carnet" not in st.query_params:
        st.query_params["carnet"] = token()  # page changes drop query params: keep the link
    if not st.session_state.get(STALE):
        saved_version = store().version(token())
        if saved_version is None:
            close()
        elif saved_version != st.session_state[VERSION]:
            reload()
            st.toast(t()("state.refreshed"), icon=":material/sync:")
    if st.session_state.pop(MERGED, False):
        st.toast(t()("state.merged"), icon=":material/merge:")


def reload() -> None:
    """Take the latest saved version (after another tab changed the carnet)."""
    if token():
        open_token(token())


def save(carnet: Carnet) -> bool:
    """Save now; on a version conflict keep the learner's copy aside and report it."""
    try:
        stored = store().save(token(), carnet, expected_version=st.session_state[VERSION])
    except StaleCarnet as conflict:
        st.session_state[STALE] = {"mine": carnet, "theirs": conflict.current, "change": None}
        return False
    _saved(stored)
    return True


def _saved(stored: StoredCarnet) -> None:
    st.session_state[VERSION] = stored.version
    st.session_state[CARNET] = stored.carnet


def _apply(carnet: Carnet, change: Callable[[Carnet], object]) -> Carnet:
    """``change`` on a copy of ``carnet``, validated (raises what they raise)."""
    draft = carnet.model_copy(deep=True)
    change(draft)
    return Carnet.model_validate(draft.model_dump())


def _replayed(change: Callable[[Carnet], object], carnet: Carnet) -> Carnet | None:
    try:
        return _apply(carnet, change)
    except (ValidationError, LookupError, ValueError, TypeError, StopIteration):
        return None  # the change no longer applies (e.g. to an actor deleted meanwhile)


def _forget_field_widgets() -> None:
    """Widgets bound to carnet fields start again from the carnet (``components.fields``)."""
    for key in [k for k in st.session_state if str(k).startswith(FIELD_PREFIX)]:
        del st.session_state[key]


def keep_mine() -> None:
    """Resolve a conflict in favour of this tab, knowingly: its change is applied to the newer
    carnet (where both tabs changed the same thing, this tab's value stays); a change that no
    longer applies saves this tab's whole copy, as the banner says."""
    conflict = st.session_state.pop(STALE, None)
    if not conflict:
        return
    try:
        theirs = store().load(token())  # the latest: the other tab may have saved again
    except CarnetNotFound:
        theirs = conflict["theirs"]
    st.session_state[VERSION] = theirs.version
    change = conflict.get("change")
    replayed = _replayed(change, theirs.carnet) if change is not None else None
    if save(replayed if replayed is not None else conflict["mine"]):
        _forget_field_widgets()


def update(change: Callable[[Carnet], object]) -> list[str]:
    """Apply a change to a copy of the carnet, validate and save it. Returns error messages.

    When another tab saved in the meantime, the change is replayed on the newer carnet and
    saved if the result keeps both tabs' work (``domain.merge``); the learner is told. When
    both tabs changed the same thing, nothing is saved and the stale banner asks.
    """
    carnet = current()
    if carnet is None:
        return [t()("state.no_carnet")]
    if st.session_state.get(STALE):
        return [t()("state.stale_pending")]
    try:
        draft = _apply(carnet, change)
    except ValidationError as exc:
        return validation.explain(exc, t())
    try:
        stored = store().save(token(), draft, expected_version=st.session_state[VERSION])
    except StaleCarnet as conflict:
        theirs = conflict.current
        replayed = _replayed(change, theirs.carnet)
        if replayed is None or not merge.holds_both(carnet, draft, theirs.carnet, replayed):
            st.session_state[STALE] = {"mine": draft, "theirs": theirs, "change": change}
            return [t()("state.stale_pending")]
        try:
            stored = store().save(token(), replayed, expected_version=theirs.version)
        except StaleCarnet as again:  # a third save in between: ask
            st.session_state[STALE] = {"mine": draft, "theirs": again.current, "change": change}
            return [t()("state.stale_pending")]
        _forget_field_widgets()  # they show this tab's old copy of the other tab's fields
        st.session_state[MERGED] = True
    _saved(stored)
    return []


def derived(carnet: Carnet, key: tuple, build: Callable[[], object]):
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
    return cache[key]


def set_language(lang: str) -> None:
    if lang not in LANGUAGES:
        return
    st.session_state[LANG] = lang
    carnet = current()
    if carnet is not None and carnet.language != lang:
        update(lambda c: setattr(c, "language", lang))


def enable_sharing() -> str:
    st.session_state[SHARE] = store().enable_sharing(token())
    return st.session_state[SHARE]


def revoke_sharing() -> None:
    store().revoke_sharing(token())
    st.session_state[SHARE] = None
