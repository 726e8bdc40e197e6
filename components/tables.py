"""Tables that grow with the type: in projection mode a plain HTML table (its text follows the
projection's larger font), otherwise Streamlit's interactive table (drawn on a canvas, whose
font does not follow CSS). Both scroll sideways inside their box on a narrow screen."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.state import PROJECTION


def data_table(data: Any, **options: Any) -> None:
    """``st.dataframe(data, hide_index=True, width="stretch", **options)``, or ``st.table`` in
    projection mode (``column_config`` and the like only apply to the first)."""
    if st.session_state.get(PROJECTION):
        st.table(data)
        return
    st.dataframe(data, hide_index=True, width="stretch", **options)
