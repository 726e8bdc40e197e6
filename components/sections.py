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


def titled_text(title: str, *paragraphs: str, level: Literal[2, 3] = 3) -> None:
    """A subheader's title (an h3, as ``st.subheader`` draws; ``level=2``: an h2, as
    ``st.header``) and the paragraphs under it as ONE Markdown element: every element a page
    sends costs on every rerun."""
    st.markdown("\n\n".join((f"{'#' * level} {title}", *paragraphs)))


def small_print(text: str) -> str:
    """Markdown for what ``st.caption`` draws (small grey type), to go inside a larger block."""
    return f":gray[:small[{text}]]"
