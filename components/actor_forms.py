"""Adding, editing, moving, tracking and deleting actors: forms usable with the keyboard alone.

Each panel is a fragment (typing and choosing rerun only the panel); a saved change ends its
callback with ``st.rerun()`` so the whole page shows it (see ``components.actors``).

Finding a place: ``place_search`` asks the app's geocoder (the Géoplateforme address service
with a short timeout, the offline communes gazetteer when it is off or fails — and then says
so) and lets the learner choose among the results.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import streamlit as st

from adapters.geocoding import (
    MAX_QUERY,
    FallbackGeocoder,
    Place,
    SearchResult,
    geocoder_from_env,
)
from components import fields, messages, resources, shell, state
from components.actor_map import PLACING, start_placing
from components.actors import (
    attempt,
    category_ids,
    category_label,
    category_select,
    flash,
    format_date,
    show_flash,
)
from components.actors import status_labels as _status_labels
from components.stakeholders import reach_widget
from domain import actors as domain_actors
from domain.dates import long_date, parse_date
from domain.models import CONTACT_ORDER, MAX_LINE, MAX_NOTE, MAX_SHORT, Actor, ContactStatus
from domain.text import escape_markdown
from services import actors as actor_services

ADD_NAME = "actors_add_name"
ADD_CATEGORY = "actors_add_category"
ADD_WHERE = "actors_add_where"
ADD_LAT = "actors_add_lat"
ADD_LON = "actors_add_lon"
ADD_SEARCH = "actors_add_search"
EDIT_CHOICE = "actors_edit_choice"
CONFIRM_DELETE = "actors:confirm_delete"
WHERE_OPTIONS = ("search", "map", "coords", "later")
SEARCH_LIMIT = 6


# ------------------------------------------------------------------------------------ search


@st.cache_resource
def geocoder() -> FallbackGeocoder:
    """One geocoder per server process (env ALLIANCES_GEOCODER=off: gazetteer only)."""
    return geocoder_from_env(resources.gazetteer())


class _Uncached(Exception):
    def __init__(self, result: SearchResult):
        super().__init__(result.problem)
        self.result = result


@st.cache_data(ttl=timedelta(days=1), max_entries=2_000, show_spinner=False)
def _cached_search(query: str) -> SearchResult:
    result = geocoder().search(query, limit=SEARCH_LIMIT)
    if result.degraded and result.problem != "offline":
        raise _Uncached(result)  # a failure may be brief: never keep its answer
    found: SearchResult = result
    return found


def search_places(query: str) -> SearchResult:
    try:
        return _cached_search(query.strip())
    except _Uncached as uncached:
        return uncached.result


def _run_search(prefix: str) -> None:
    query = (st.session_state.get(f"{prefix}:query") or "").strip()
    st.session_state.pop(f"{prefix}:choice", None)
    if not query:
        st.session_state.pop(f"{prefix}:result", None)
        return
    st.session_state[f"{prefix}:result"] = (query, search_places(query))


def chosen_place(prefix: str) -> Place | None:
    stored = st.session_state.get(f"{prefix}:result")
    if not stored or not stored[1].places:
        return None
    index = st.session_state.get(f"{prefix}:choice") or 0
    places = stored[1].places
    return places[index] if 0 <= index < len(places) else None


def searched_query(prefix: str) -> str:
    """What the learner typed for the results shown (kept as the address when the place found
    is only the commune)."""
    stored = st.session_state.get(f"{prefix}:result")
    return stored[0] if stored else ""


def clear_search(prefix: str) -> None:
    for suffix in ("result", "choice", "query"):
        st.session_state.pop(f"{prefix}:{suffix}", None)


def place_search(prefix: str) -> Place | None:
    """A search box (address or commune) and its results to choose from; the chosen place."""
    t = state.t()
    with st.form(f"{prefix}:form", border=False, enter_to_submit=True):
        st.text_input(
            t("actors.search.label"),
            key=f"{prefix}:query",
            max_chars=MAX_QUERY,
            placeholder=t("actors.search.placeholder"),
        )
        st.form_submit_button(
            t("actors.search.button"),
            icon=":material/search:",
            on_click=_run_search,
            args=(prefix,),
        )
    stored = st.session_state.get(f"{prefix}:result")
    if not stored:
        return None
    query, result = stored
    if result.degraded:
        messages.inline(
            "info",
            t(f"actors.search.degraded.{result.problem or 'unavailable'}"),
            icon=":material/cloud_off:",
        )
    if not result.places:
        messages.inline(
            "warning",
            t("actors.search.none", query=escape_markdown(query)),
            icon=":material/search_off:",
        )
        return None
    places = result.places
    st.radio(
        t("actors.search.results"),
        options=range(len(places)),
        format_func=lambda i: escape_markdown(places[i].label),
        key=f"{prefix}:choice",
    )
    return chosen_place(prefix)


# --------------------------------------------------------------------------------------- add


def _add_from_panel() -> None:
    t = state.t()
    ss = st.session_state
    name = (ss.get(ADD_NAME) or "").strip()
    where = ss.get(ADD_WHERE) or "search"
    place = chosen_place(ADD_SEARCH) if where == "search" else None
    point = domain_actors.parse_coordinates(ss.get(ADD_LAT), ss.get(ADD_LON))
    lat, lon = point if point is not None and where == "coords" else (None, None)
    located = place is not None or lat is not None
    success = t("actors.added" if located else "actors.added_unplaced", name=escape_markdown(name))
    query = searched_query(ADD_SEARCH)
    if attempt(
        lambda: actor_services.add_actor(
            state.session(),
            name=name,
            category=ss.get(ADD_CATEGORY),
            where="search" if where == "search" else "coords" if where == "coords" else "later",
            place=place,
            lat=lat,
            lon=lon,
            query=query,
        ),
        area="add",
        success=success,
    ):
        ss[ADD_NAME] = ""
        ss[ADD_CATEGORY] = None
        ss[ADD_LAT] = ""
        ss[ADD_LON] = ""
        clear_search(ADD_SEARCH)
        st.rerun()


@st.fragment
def add_panel() -> None:
    """Name, category, then where: a search, the map, coordinates, or « à placer »."""
    t = state.t()
    show_flash("add")
    st.text_input(
        t("field.name"),
        key=ADD_NAME,
        max_chars=MAX_SHORT,
        placeholder=t("actors.add.name_placeholder"),
    )
    category_select(ADD_CATEGORY)
    where = st.radio(
        t("actors.add.where"),
        options=WHERE_OPTIONS,
        format_func=lambda option: t(f"actors.add.where.{option}"),
        key=ADD_WHERE,
    )
    if where == "search":
        place_search(ADD_SEARCH)
    elif where == "map":
        st.info(t("actors.add.map_hint"), icon=":material/ads_click:")
        return
    elif where == "coords":
        _coordinate_inputs(ADD_LAT, ADD_LON)
    else:
        st.caption(t("actors.add.later_hint"))
    st.button(
        t("actors.add.button"),
        type="primary",
        on_click=_add_from_panel,
        icon=":material/add:",
        key="actors_add_button",
    )


def _coordinate_inputs(
    lat_key: str, lon_key: str, lat: float | None = None, lon: float | None = None
) -> None:
    """Two text boxes (a number box refuses « 45,76 »: the decimal comma is French): read with
    ``domain.actors.parse_coordinates``, which also takes both numbers pasted in the first."""
    t = state.t()
    left, right = st.columns(2)
    for column, key, value, label in (
        (left, lat_key, lat, "field.lat"),
        (right, lon_key, lon, "field.lon"),
    ):
        if key not in st.session_state:
            shown = "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")
            # As the learner writes it: a decimal comma in French.
            st.session_state[key] = shown.replace(".", ",") if t.lang == "fr" else shown
        column.text_input(
            t(label), key=key, max_chars=40, placeholder=t(f"actors.coords.{label}_placeholder")
        )
    st.caption(t("actors.coords.help"))


# -------------------------------------------------------------------------------------- edit


def _generation(actor: Actor) -> str:
    """Changes whenever the actor changes: the edit widgets' keys carry it, so after any saved
    change (here, on the map, in another tab) they start again from the saved values."""
    return f"{zlib.crc32(actor.model_dump_json().encode()):08x}"


def _key(actor: Actor, name: str) -> str:
    return f"actors_edit:{actor.id}:{_generation(actor)}:{name}"


def _save_details(actor_id: str, keys: dict[str, str]) -> None:
    t = state.t()
    values = {field: (st.session_state.get(key) or "").strip() for field, key in keys.items()}
    if attempt(
        lambda: actor_services.edit_actor(state.session(), actor_id, **values),
        area="edit",
        success=t("actors.edit.saved", name=escape_markdown(values.get("name", ""))),
    ):
        st.rerun()


@dataclass(frozen=True)
class _Text:
    """A free-text field of the details form: a one-line input, or a text area of ``height``."""

    field: str
    label: str  # locale key
    max_chars: int
    height: int | None = None
    help: str | None = None  # locale key
    placeholder: str | None = None  # shown as is (a URL scheme)


_PUBLIC_TEXTS = (
    _Text("address", "field.address", MAX_LINE),
    _Text("commune", "field.commune", MAX_SHORT),
    _Text("website", "field.website", MAX_LINE, placeholder="https://"),
    _Text("description", "field.description", MAX_NOTE, 90, "actors.edit.description_help"),
)
_PRIVATE_TEXTS = (
    _Text(
        "contact_person", "actors.edit.contact_person", MAX_SHORT, help="actors.edit.private_help"
    ),
    _Text("notes", "actors.edit.notes", MAX_NOTE, 110, "actors.edit.private_help"),
)


def _text_widget(spec: _Text, actor: Actor, key: str) -> None:
    t = state.t()
    options: dict[str, Any] = {"value": getattr(actor, spec.field), "key": key}
    if spec.help:
        options["help"] = t(spec.help)
    if spec.placeholder:
        options["placeholder"] = spec.placeholder
    if spec.height:
        st.text_area(t(spec.label), max_chars=spec.max_chars, height=spec.height, **options)
    else:
        st.text_input(t(spec.label), max_chars=spec.max_chars, **options)


def _details_tab(actor: Actor) -> None:
    t = state.t()
    projecting = shell.projection_on()
    keys = {field: _key(actor, field) for field in domain_actors.EDITABLE_FIELDS}
    if projecting:  # a projected screen never shows the private fields
        keys.pop("contact_person")
        keys.pop("notes")
    with st.form(f"actors_edit_form:{actor.id}:{_generation(actor)}", border=False):
        st.text_input(t("field.name"), value=actor.name, max_chars=MAX_SHORT, key=keys["name"])
        ids = category_ids()
        st.selectbox(
            t("field.category"),
            options=ids,
            format_func=category_label,
            index=ids.index(actor.category) if actor.category in ids else None,
            placeholder=t("actors.category.choose"),
            key=keys["category"],
        )
        for spec in _PUBLIC_TEXTS:
            _text_widget(spec, actor, keys[spec.field])
        if projecting:
            st.caption(t("actors.edit.private_hidden"))
        else:
            for spec in _PRIVATE_TEXTS:
                _text_widget(spec, actor, keys[spec.field])
        fields.save_button(t("actors.edit.save"), _save_details, (actor.id, keys))


def _move_to_place(actor_id: str, prefix: str) -> None:
    t = state.t()
    place = chosen_place(prefix)
    moved = (
        t("actors.edit.moved", lat=f"{place.lat:.5f}", lon=f"{place.lon:.5f}") if place else None
    )
    query = searched_query(prefix)
    if attempt(
        lambda: actor_services.move_to_place(state.session(), actor_id, place, query),
        area="edit",
        success=moved,
    ):
        clear_search(prefix)
        st.rerun()


def _move_to_coordinates(actor_id: str, lat_key: str, lon_key: str) -> None:
    t = state.t()
    point = domain_actors.parse_coordinates(
        st.session_state.get(lat_key), st.session_state.get(lon_key)
    )
    lat, lon = point if point is not None else (None, None)
    located = lat is not None and lon is not None
    if attempt(
        lambda: actor_services.move_actor(state.session(), actor_id, lat, lon),
        area="edit",
        success=t("actors.edit.moved", lat=f"{lat:.5f}", lon=f"{lon:.5f}") if located else None,
    ):
        st.rerun()


def _unplace(actor_id: str) -> None:
    if attempt(
        lambda: actor_services.unplace_actor(state.session(), actor_id),
        area="edit",
        success=state.t()("actors.edit.unplaced"),
    ):
        st.rerun()


def _position_tab(actor: Actor) -> None:
    t = state.t()
    if actor.located:
        st.markdown(
            t(
                "actors.edit.position",
                lat=f"{actor.lat:.5f}",
                lon=f"{actor.lon:.5f}",
                how=t(f"actors.placed_by.{actor.placed_by}"),
            )
        )
    else:
        st.markdown(t("actors.edit.unplaced_now"))
    st.markdown(f"**{t('actors.edit.by_search')}**")
    prefix = f"actors_move:{actor.id}"
    if place_search(prefix) is not None:
        _position_button(
            actor, "move_here", _move_to_place, prefix, icon=":material/where_to_vote:"
        )
    st.markdown(f"**{t('actors.edit.by_map')}**")
    placing = st.session_state.get(PLACING) == actor.id
    _position_button(
        actor, "place_on_map", start_placing, icon=":material/ads_click:", disabled=placing
    )
    if placing:
        st.caption(t("actors.edit.placing_hint"))
    st.markdown(f"**{t('actors.edit.by_coords')}**")
    lat_key, lon_key = _key(actor, "lat"), _key(actor, "lon")
    _coordinate_inputs(lat_key, lon_key, actor.lat, actor.lon)
    _position_button(actor, "save_coords", _move_to_coordinates, lat_key, lon_key)
    if actor.located:
        _position_button(actor, "unplace", _unplace, icon=":material/location_off:")


def _position_button(
    actor: Actor,
    name: str,
    action: Callable[..., None],
    *args: str,
    icon: str | None = None,
    disabled: bool = False,
) -> None:
    """A button of the position tab: labelled ``actors.edit.<name>``, keyed by the actor;
    ``action`` gets the actor's id, then ``args``."""
    st.button(
        state.t()(f"actors.edit.{name}"),
        on_click=action,
        args=(actor.id, *args),
        icon=icon,
        key=f"actors_{name}:{actor.id}",
        disabled=disabled,
    )


def _save_status(actor_id: str, status_key: str, date_key: str) -> None:
    t = state.t()
    status = ContactStatus(st.session_state[status_key])
    on = parse_date(st.session_state.get(date_key) or "")
    if on is None or on > date.today():
        flash("edit", "error", t("actors.error.date", today=long_date(date.today(), t)))
        return
    day: date = on
    if attempt(
        lambda: actor_services.log_contact(state.session(), actor_id, status, day),
        area="edit",
        success=t("actors.status.saved", status=_status_labels()[status.value]),
    ):
        st.rerun()


def _status_tab(actor: Actor) -> None:
    t = state.t()
    labels = _status_labels()
    steps = [
        t("actors.status.log_item", status=labels[step.status.value], date=format_date(step.on))
        for step in actor.contact_log
    ]
    st.markdown(t("actors.status.current", status=labels[actor.status.value]))
    if steps:
        st.markdown("\n".join(f"- {line}" for line in steps))
    else:
        st.caption(t("actors.status.no_log"))
    suggested = domain_actors.next_status(actor.status)
    status_key, date_key = _key(actor, "status"), _key(actor, "on")
    options = [s.value for s in CONTACT_ORDER]
    st.selectbox(
        t("actors.status.new"),
        options=options,
        index=options.index(suggested.value),
        format_func=lambda value: labels.get(value, value),
        key=status_key,
    )
    # A text box, not st.date_input: its calendar and its messages are in English only.
    if date_key not in st.session_state:
        st.session_state[date_key] = date.today().strftime("%d/%m/%Y")
    st.text_input(
        t("actors.status.on"),
        key=date_key,
        max_chars=30,
        placeholder=t("actors.status.on_placeholder"),
    )
    st.caption(t("actors.status.help"))
    st.button(
        t("actors.status.save"),
        type="primary",
        on_click=_save_status,
        args=(actor.id, status_key, date_key),
        icon=":material/flag:",
        key=f"actors_status_save:{actor.id}",
    )


def _ask_delete(actor_id: str) -> None:
    st.session_state[CONFIRM_DELETE] = actor_id


def _cancel_delete() -> None:
    st.session_state.pop(CONFIRM_DELETE, None)


def _delete(actor_id: str, name: str) -> None:
    st.session_state.pop(CONFIRM_DELETE, None)
    if attempt(
        lambda: actor_services.delete_actor(state.session(), actor_id),
        area="edit",
        success=state.t()("actors.delete.done", name=escape_markdown(name)),
    ):
        st.session_state.pop(EDIT_CHOICE, None)
        if st.session_state.get(PLACING) == actor_id:
            st.session_state.pop(PLACING, None)
        st.rerun()


def _delete_tab(actor: Actor) -> None:
    t = state.t()
    if st.session_state.get(CONFIRM_DELETE) != actor.id:
        st.button(
            t("actors.delete.button"),
            on_click=_ask_delete,
            args=(actor.id,),
            icon=":material/delete:",
            key=f"actors_delete:{actor.id}",
        )
        return
    st.warning(
        t("actors.delete.confirm", name=escape_markdown(actor.name)), icon=":material/warning:"
    )
    yes, no = st.columns(2)
    yes.button(
        t("actors.delete.yes"),
        type="primary",
        on_click=_delete,
        args=(actor.id, actor.name),
        key=f"actors_delete_yes:{actor.id}",
    )
    no.button(t("actors.delete.no"), on_click=_cancel_delete, key=f"actors_delete_no:{actor.id}")


@st.fragment
def edit_panel() -> None:
    """Choose an actor, then edit its details, move it, track the contact, or delete it."""
    t = state.t()
    carnet = state.current()
    show_flash("edit")
    if carnet is None or not carnet.actors:
        st.caption(t("actors.edit.none"))
        return
    names = {a.id: a.name for a in carnet.actors}
    labels = {
        a.id: f"{a.name} — {category_label(a.category)}"
        + ("" if a.located else f" ({t('actors.unplaced')})")
        for a in carnet.actors
    }
    ids = list(names)
    if st.session_state.get(EDIT_CHOICE) not in names:
        st.session_state.pop(EDIT_CHOICE, None)
    # The browser keeps showing the label an option had when it was chosen: once an actor is
    # placed it would still read « (à placer) ». The widget's key follows the labels, so a
    # changed label draws a new widget; the choice itself lives in EDIT_CHOICE.
    version = zlib.crc32("\n".join(labels[i] for i in ids).encode())
    widget = f"{EDIT_CHOICE}:{version:08x}"
    current = st.session_state.get(EDIT_CHOICE)
    chosen = st.selectbox(
        t("actors.edit.choose"),
        options=ids,
        index=ids.index(current) if current in names else 0,
        format_func=lambda value: labels.get(value, value),
        key=widget,
    )
    st.session_state[EDIT_CHOICE] = chosen
    actor = carnet.actor(chosen or "")
    if actor is None:
        return
    # Keyed: the open tab stays open after a save (a contact logged, a move) reruns the page.
    details, position, contact, reaches, delete = st.tabs(
        [
            t("actors.edit.tab.details"),
            t("actors.edit.tab.position"),
            t("actors.edit.tab.status"),
            t("stakeholders.reach.tab"),
            t("actors.edit.tab.delete"),
        ],
        key="actors_edit_tab",
    )
    with details:
        _details_tab(actor)
    with position:
        _position_tab(actor)
    with contact:
        _status_tab(actor)
    with reaches:
        reach_widget(actor, key_prefix=_key(actor, "reach"))
    with delete:
        _delete_tab(actor)
