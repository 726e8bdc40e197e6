"""Acteurs du territoire: the categories to look for, the map and table of the actors found,
adding / editing / moving / deleting them, contact tracking, CSV import."""

import streamlit as st

from components import shell, state
from components.actor_forms import add_panel, edit_panel
from components.actor_import import import_panel
from components.actor_map import actors_map, map_first, wait_for_map
from components.actors import actors_table, guide_section
from components.directory_actors import propose_section, suggestions_section

PART = "actors_part"  # the open tab under the map (its label)

t = state.t()
carnet = shell.require_carnet()
st.title(t("actors.title"))
st.markdown(t("actors.intro"))

# The session's first run of the page draws the map alone, the rest as soon as the map is
# drawn (BENCHMARKS.md, « Page speed, fifth pass »).
alone = map_first()

# The map first: visible without scrolling on a laptop (1280×800); the guide follows it.
st.header(t("actors.map.title"))
map_column, forms_column = st.columns([3, 2], gap="large")
with map_column:
    actors_map()

if alone:
    wait_for_map()
else:
    with forms_column:
        panel = st.radio(
            t("actors.panel.label"),
            options=("add", "edit", "import"),
            format_func=lambda option: t(f"actors.panel.{option}"),
            horizontal=True,
            key="actors_panel",
        )
        {"add": add_panel, "edit": edit_panel, "import": import_panel}[panel]()

    # The map's text alternative, always beside it: the same actors, as a table.
    actors_table(state.held())

    # Then three parts, one tab each; the server knows the open one (on_change="rerun") and
    # draws it alone (BENCHMARKS.md, « Page speed, fourth pass »).
    PARTS = {
        "guide": (t("actors.guide.title"), guide_section),
        "suggestions": (t("directory.suggestions_title"), suggestions_section),
        "propose": (t("directory.propose_title"), propose_section),
    }
    tabs = st.tabs([label for label, _ in PARTS.values()], key=PART, on_change="rerun")
    for tab, (_, draw) in zip(tabs, PARTS.values(), strict=True):
        if tab.open:
            with tab:
                draw(state.held())

    shell.next_step("acteurs")
