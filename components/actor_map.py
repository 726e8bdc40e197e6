"""The actors map, in its own fragment: a click on the map reruns only this part of the page.

A click either
- proposes a new actor at that point (a small form under the map: name, category, commune), or
- when the learner chose « place on the map » for an actor (``PLACING``), moves that actor there.

Saving either one changes the carnet, and the callback then asks for a full-app rerun so that
the table, the checklist and the forms show it too. Keyboard users place actors with the search
or the latitude / longitude fields of ``components.actor_forms``.
"""

from __future__ import annotations

import streamlit as st

from components import resources, shell, state
from components.actors import attempt, category_select, show_flash
from components.map_view import territory_map
from domain import actors as domain_actors
from domain.models import MAX_SHORT
from domain.text import escape_markdown
from services import actors as actor_services

MAP_KEY = "actors_map"
PENDING = "actors:pending_point"  # (lat, lon) of a click waiting for its new actor
PLACING = "actors:placing"  # id of the actor the next click places
CLICK_NAME = "actors_click_name"
CLICK_CATEGORY = "actors_click_category"
CLICK_COMMUNE = "actors_click_commune"
WHOLE = "actors:whole"  # the page has been drawn whole in this session
WAITING = "actors:waiting"  # the last full run drew the map alone: the rest waits for it
ARMED = "actors:armed"  # the fallback's first run, with the page: not the timer's
#: When the map has not said it is drawn after this long, the rest of the page comes anyway.
FALLBACK_SECONDS = 3.0


def start_placing(actor_id: str) -> None:
    """Callback: the next click on the map places this actor."""
    st.session_state[PLACING] = actor_id
    st.session_state.pop(PENDING, None)
    st.rerun()  # the map (another fragment) shows the « click to place » banner


def stop_placing() -> None:
    st.session_state.pop(PLACING, None)
    st.rerun()


def _forget_placing() -> None:
    st.session_state.pop(PLACING, None)


def _coordinates(lat: float, lon: float) -> dict[str, str]:
    return {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}"}


def on_map_click(lat: float, lon: float) -> None:
    """st_folium's click, once per click (``components.map_view.handle_map_change``)."""
    t = state.t()
    target = st.session_state.get(PLACING)
    carnet = state.current()
    if target and carnet is not None:
        actor = carnet.actor(target)
        _forget_placing()
        name = escape_markdown(actor.name) if actor is not None else ""
        done = attempt(
            lambda: actor_services.move_actor(state.session(), target, lat, lon, placed_by="click"),
            area="map",
            success=t("actors.map.moved", name=name, **_coordinates(lat, lon)),
        )
        if done:
            st.rerun()  # in a callback: the whole page reruns, not only the map's fragment
        return
    st.session_state[PENDING] = (lat, lon)


def _cancel_pending() -> None:
    st.session_state.pop(PENDING, None)


def _add_at_pending() -> None:
    t = state.t()
    point = st.session_state.get(PENDING)
    if point is None:
        return
    name = (st.session_state.get(CLICK_NAME) or "").strip()
    lat, lon = point
    done = attempt(
        lambda: actor_services.add_actor(
            state.session(),
            name=name,
            category=st.session_state.get(CLICK_CATEGORY),
            where="click",
            lat=lat,
            lon=lon,
            commune=(st.session_state.get(CLICK_COMMUNE) or "").strip(),
        ),
        area="map",
        success=t("actors.added", name=escape_markdown(name)),
    )
    if done:
        st.session_state.pop(PENDING, None)
        for key in (CLICK_NAME, CLICK_COMMUNE):
            st.session_state[key] = ""
        st.session_state[CLICK_CATEGORY] = None
        st.rerun()


def _pending_form(point: tuple[float, float]) -> None:
    t = state.t()
    with st.container(border=True):
        st.markdown(t("actors.click.chosen", **_coordinates(*point)))
        with st.form("actors_click_form", border=False):
            st.text_input(t("field.name"), key=CLICK_NAME, max_chars=MAX_SHORT)
            category_select(CLICK_CATEGORY)
            st.text_input(t("actors.click.commune"), key=CLICK_COMMUNE, max_chars=MAX_SHORT)
            st.form_submit_button(
                t("actors.click.add"),
                type="primary",
                on_click=_add_at_pending,
                icon=":material/add_location_alt:",
            )
        st.button(t("actors.click.cancel"), on_click=_cancel_pending, key="actors_click_cancel")


def map_first() -> bool:
    """Whether this run draws the map alone (the page's first run in this session).

    The rest of the page (forms, table, tabs) follows in the next full run, which the map
    asks for as soon as the browser has drawn it (``_map_drawn``), or ``wait_for_map``'s timer
    if it never says so. Drawn together, the browser fetches and mounts the code of every kind
    of element on the page before the map is on screen (BENCHMARKS.md, « Page speed, fifth
    pass »); later runs of the page in the session draw everything at once (that code is
    loaded by then)."""
    alone = not st.session_state.get(WHOLE)
    st.session_state[WHOLE] = True
    st.session_state[WAITING] = alone
    return alone


def _map_drawn() -> None:
    """The map's « drawn » report (its ``on_change``): the whole page, if it waits for it."""
    if st.session_state.get(WAITING):
        st.rerun()  # in a callback: the whole page reruns, not only the map's fragment


def wait_for_map() -> None:
    """Under a map drawn alone: the rest of the page comes after ``FALLBACK_SECONDS`` even if
    the map never says it is drawn (its component failed, scripts blocked)."""
    st.session_state[ARMED] = True
    _rest_anyway()


@st.fragment(run_every=FALLBACK_SECONDS)
def _rest_anyway() -> None:
    if st.session_state.pop(ARMED, False):
        return  # drawn with the page; the timer's runs come later
    if st.session_state.get(WAITING):
        st.rerun(scope="app")  # a full run: the whole page, and this timer stops


def map_labels() -> dict[str, str]:
    t = state.t()
    return {
        **resources.map_labels(t),
        "website": t("field.website"),
        "other_category": t("actors.category.other"),
    }


@st.fragment
def actors_map() -> None:
    """The map of the carnet's actors, centred on its territory (France when none yet)."""
    t = state.t()
    carnet = state.current()
    if carnet is None:
        return
    territory = carnet.project.territory
    frame = domain_actors.map_frame(territory)
    show_flash("map")
    if not frame.has_territory:
        st.info(t("actors.map.no_territory"), icon=":material/location_off:")
        shell.step_link(shell.JOURNEY[1])
    target = carnet.actor(st.session_state.get(PLACING) or "")
    if target is not None:
        st.info(
            t("actors.map.placing", name=escape_markdown(target.name)), icon=":material/ads_click:"
        )
        st.button(t("actors.map.placing_cancel"), on_click=stop_placing, key="actors_placing_stop")
    else:
        st.session_state.pop(PLACING, None)
        st.caption(t("actors.map.click_hint"))
    territory_map(
        center=frame.center,
        zoom=frame.zoom,
        actors=carnet.actors,
        styles=resources.category_styles(t.lang),
        labels=map_labels(),
        territory=territory if frame.has_territory else None,
        key=MAP_KEY,
        on_click=on_map_click,
        height=460,
        on_drawn=_map_drawn,
    )
    point = st.session_state.get(PENDING)
    if point is not None and target is None:
        _pending_form(point)
