"""Parties prenantes (optional step, activity 1 recalled): the project's stakeholders, their
power / interest grid with its table, and the forms to add, place, edit and delete them."""

import streamlit as st

from components import messages, shell, state
from components.stakeholders import PLACE, add_form, edit_panel, grid_section

t = state.t()
carnet = shell.require_carnet()
st.title(t("stakeholders.title"))
st.markdown(t("stakeholders.intro"))
st.caption(t("stakeholders.optional_note"))

messages.show(PLACE)
grid_section(carnet)

left, right = st.columns(2, gap="large")
with left:
    add_form()
with right:
    edit_panel(state.current() or carnet)  # after add_form, which may have saved

shell.next_step("parties_prenantes")
