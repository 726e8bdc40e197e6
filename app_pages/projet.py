"""Mon projet: name, two-line description, territory (offline communes search), map."""

import streamlit as st

from components import focus, messages, resources, shell, state
from components.fields import bound_text
from components.map_view import territory_map
from domain.models import MAX_DESCRIPTION, MAX_SHORT
from domain.text import escape_markdown
from services import project
from services.errors import ServiceError

t = state.t()
carnet = shell.require_carnet()
st.title(t("project.title"))
st.write(t("project.intro"))

bound_text(
    t("project.name"),
    "project.name",
    max_chars=MAX_SHORT,
    placeholder=t("project.name_placeholder"),
)
bound_text(
    t("project.description"),
    "project.description",
    area=True,
    height=100,
    max_chars=MAX_DESCRIPTION,
    placeholder=t("project.description_placeholder"),
)

st.subheader(t("project.territory_title"))
territory = state.held().project.territory
with focus.target(focus.TERRITORY):  # where the focus lands after « Choisir ce territoire »
    if territory.located:
        st.markdown(t("project.territory_current", **resources.territory_fields(territory)))
    else:
        st.info(t("project.territory_none"), icon=":material/location_off:")


def choose_commune(insee: str) -> None:
    try:
        chosen = project.choose_territory(
            state.session(),
            resources.gazetteer(),
            insee,
            st.session_state.get("territory_query") or "",
        )
    except ServiceError as problem:
        messages.error(problem, "project_territory")
        return
    st.session_state["territory_query"] = ""  # the results and this button go away:
    focus.request(focus.TERRITORY)  # the focus goes to the territory now chosen
    messages.toast(t("project.chosen", commune=chosen.commune))


query = st.text_input(
    t("project.search_label"),
    placeholder=t("project.search_placeholder"),
    key="territory_query",
    max_chars=100,
)
if query.strip():
    found = resources.gazetteer().search(query, limit=12)
    if found:
        by_insee = {commune.insee: commune for commune in found}
        choice = st.selectbox(
            t("project.search_results"),
            options=list(by_insee),
            format_func=lambda code: by_insee[code].label,
            key="territory_choice",
        )
        st.button(
            t("project.choose"),
            on_click=choose_commune,
            args=(choice,),
            type="primary",
            icon=":material/where_to_vote:",
        )
    else:
        messages.inline(
            "warning",
            t("project.search_none", query=escape_markdown(query)),
            icon=":material/search_off:",
        )
messages.show("project_territory")

st.subheader(t("project.map_title"))
territory = state.held().project.territory
if territory.lat is not None and territory.lon is not None:
    st.caption(t("project.map_alt", **resources.territory_fields(territory)))
    territory_map(
        center=(territory.lat, territory.lon),
        zoom=10,
        actors=[],  # the actors have their own page, with the table that goes with their map
        territory=territory,
        styles=resources.category_styles(state.language()),
        labels=resources.map_labels(t),
        key="project_map",
    )
else:
    st.info(t("project.map_empty"), icon=":material/map:")

shell.next_step("projet")
