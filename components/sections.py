"""A section of a page: its heading and, when it has nothing to show yet, a caption saying so."""

from __future__ import annotations

from collections.abc import Sized
from typing import Literal

import streamlit as st


def heading(
    title: str, items: Sized, empty: str, *, level: Literal["header", "subheader"] = "header"
) -> bool:
    """Show the heading ``title``; True when there are ``items`` to show under it, else the
    caption ``empty`` (the section's own « nothing yet » sentence) and False."""
    (st.header if level == "header" else st.subheader)(title)
    if not items:
        st.caption(empty)
        return False
    return True
