"""Alliance exemple: browse real, sourced alliances (cards and map), or describe one found elsewhere."""

from contextlib import nullcontext

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components import focus, messages, shell, state
from components.alliances import (
    FIRST_CARDS,
    alliances_map,
    card_text,
    details_section,
    hidden_names,
    replace_confirmed,
    reset_shown_cards,
    show_all_cards,
    shown_alliances,
    visible_cards,
)
from domain import analysis
from domain.catalogue import alliance_types, load_alliances
from domain.models import MAX_LINE, MAX_NOTE, MAX_SHORT
from domain.text import escape_markdown
from services import alliance as alliance_service
from services.errors import ServiceError

t = state.t()
lang = state.language()
carnet = shell.require_carnet()
st.title(t("alliance.title"))
st.write(t("alliance.intro"))

if carnet.alliance is not None:
    # After « Choisir cette alliance » the focus lands here: what was chosen, then the way on.
    with focus.target(focus.ALLIANCE):
        st.success(
            t("alliance.chosen", name=escape_markdown(carnet.alliance.name)),
            icon=":material/check:",
        )
        shell.page_link(
            shell.page_spec("analyse"),
            label=t("nav.next", step=t("nav.analyse")),
            icon=":material/arrow_forward:",
            query_params=shell.link_params(),
        )


def choose(alliance_id: str) -> None:
    try:
        chosen = alliance_service.choose(state.session(), alliance_id, state.language())
    except ServiceError as problem:
        messages.error(problem, "alliance")
        return
    st.session_state.pop("alliance_replace_ok", None)
    focus.request(focus.ALLIANCE)  # this button turns into a disabled « Alliance choisie »
    messages.toast(t("alliance.chosen_toast", name=chosen.name))


def clear_filters() -> None:
    """Back to the whole catalogue: no search text, every région, type and family."""
    st.session_state["alliance_query"] = ""
    for key in ("alliance_region", "alliance_type", "alliance_family"):
        st.session_state[key] = None
    reset_shown_cards()


can_choose = replace_confirmed(carnet)
# The server knows the open tab (on_change="rerun"): the other one's form is not drawn.
catalogue_tab, custom_tab = st.tabs(
    [t("alliance.tab_catalogue"), t("alliance.tab_custom")], key="alliance_tab", on_change="rerun"
)

with catalogue_tab:
    alliances = load_alliances()
    types = {item.code: t.pick(item.label) for item in alliance_types()}
    regions = dict(
        sorted({a.region_code: a.region for a in alliances}.items(), key=lambda kv: kv[1])
    )
    family_labels = analysis.family_labels(t)
    # The search box on its own line, then the three filters side by side in ONE row container
    # (not four columns: every block is an element sent on every rerun).
    query = st.text_input(
        t("alliance.search"),
        key="alliance_query",
        on_change=reset_shown_cards,
        max_chars=100,
        placeholder=t("alliance.search_placeholder"),
    )
    # Under the box, not in a « ? » tooltip (whose button Streamlit names « Help for … »).
    st.caption(t("alliance.search_help"))
    filters = st.container(horizontal=True, gap="medium")

    every = t("alliance.all")

    def filter_box(row: DeltaGenerator, name: str, options: dict[str, str]) -> str | None:
        """One filter (« Toutes » or one of ``options``, code → label); a change shows the
        first cards again."""
        chosen: str | None = row.selectbox(
            t(f"alliance.filter_{name}"),
            [None, *options],
            key=f"alliance_{name}",
            on_change=reset_shown_cards,
            format_func=lambda code: options.get(code, every),
        )
        return chosen

    region_code = filter_box(filters, "region", regions)
    type_code = filter_box(filters, "type", types)
    family_code = filter_box(
        filters, "family", {f.value: label for f, label in family_labels.items()}
    )
    territory = carnet.project.territory
    # The learner's région first, then the neighbouring ones, then the others (by name).
    found = list(
        shown_alliances(region_code, type_code, family_code, query, territory.region_code or None)
    )
    # How many, and in which order: one caption (two paragraphs when the région is known).
    count = t("alliance.count", count=len(found), total=len(alliances))
    if territory.region_code:
        region_note = t("alliance.region_first", region=escape_markdown(territory.region))
        count = f"{count}\n\n{region_note}"
    st.caption(count)
    if not found:
        st.info(t("alliance.none_found"), icon=":material/search_off:")
        st.button(
            t("alliance.clear_filters"),
            on_click=clear_filters,
            icon=":material/filter_alt_off:",
            key="alliance_clear_filters",
        )
    alliances_map(found, types)

    # Every element costs on every rerun: the first cards only (the learner's région first)
    # until « Afficher les N autres », each ONE Markdown block and its « Choisir » button; the
    # details of one alliance at a time, in a section drawn only when open.
    if found:
        details_section(found, carnet.alliance.catalogue_id if carnet.alliance else None)
    cards, hidden = visible_cards(found)
    for number, item in enumerate(cards):
        # After « Afficher les N autres », the focus goes to the first card it showed.
        with focus.target(focus.ALLIANCE_MORE) if number == FIRST_CARDS else nullcontext():
            st.markdown(card_text(item.id, t.lang).block)  # built once per language
            is_current = carnet.alliance is not None and carnet.alliance.catalogue_id == item.id
            st.button(
                t("alliance.current") if is_current else t("alliance.choose"),
                key=f"choose_{item.id}",
                on_click=choose,
                args=(item.id,),
                disabled=is_current or not can_choose,
                type="primary",
                icon=":material/check_circle:",
            )
    if hidden:
        st.markdown(hidden_names(hidden, t.lang))  # the map's points, all written on the page
        st.button(
            t("alliance.show_more", count=len(hidden)),
            on_click=show_all_cards,
            icon=":material/expand_more:",
            key="alliance_show_more",
        )

if custom_tab.open:
    with custom_tab:
        st.write(t("alliance.custom_intro"))
        custom = (
            carnet.alliance if carnet.alliance and carnet.alliance.catalogue_id is None else None
        )
        with st.form("custom_alliance"):
            name = st.text_input(
                t("alliance.custom_name"), value=custom.name if custom else "", max_chars=MAX_SHORT
            )
            place = st.text_input(
                t("alliance.custom_place"), value=custom.place if custom else "", max_chars=MAX_LINE
            )
            source = st.text_input(
                t("alliance.custom_source"),
                value=custom.source_url if custom else "",
                max_chars=MAX_LINE,
                placeholder="https://…",
            )
            description = st.text_area(
                t("alliance.custom_description"),
                value=custom.description if custom else "",
                max_chars=MAX_NOTE,
            )
            submitted = st.form_submit_button(
                t("alliance.custom_save"),
                type="primary",
                disabled=custom is None and not can_choose,
            )
        if submitted and messages.attempt(
            lambda: alliance_service.describe(
                state.session(),
                name=name,
                place=place,
                source_url=source,
                description=description,
            ),
            "alliance",
        ):
            st.session_state.pop("alliance_replace_ok", None)
            st.rerun()

messages.show("alliance")

if carnet.alliance is None:
    # Once an alliance is chosen, the way on is at the top, under « Alliance choisie » (where
    # the focus lands after « Choisir »): not drawn twice.
    shell.next_step("alliance")
