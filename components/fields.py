"""Form widgets bound to a field of the carnet: each change is validated and saved at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from components import messages, state
from services import carnets


def _commit(path: str, key: str) -> None:
    # The widget keeps what was typed even when refused, so nothing is lost; the error says why,
    # under the field, through the app's one channel for messages.
    messages.attempt(lambda: carnets.edit_field(state.session(), path, st.session_state[key]), key)


def bound_text(
    label: str,
    path: str,
    *,
    area: bool = False,
    max_chars: int | None = None,
    help: str | None = None,
    placeholder: str | None = None,
    height: int | None = None,
) -> str:
    carnet = state.current()
    key = f"{state.FIELD_PREFIX}{path}"
    if key not in st.session_state and carnet is not None:
        st.session_state[key] = carnets.field_value(carnet, path) or ""
    common: dict[str, Any] = dict(
        key=key,
        max_chars=max_chars,
        help=help,
        placeholder=placeholder,
        on_change=_commit,
        args=(path, key),
    )
    if area:
        value = st.text_area(label, height=height or 160, **common)
    else:
        value = st.text_input(label, **common)
    messages.show(key)
    return str(value)


def save_button(label: str, on_click: Callable[..., None], args: tuple[Any, ...]) -> None:
    """The submit button of an edit form: primary, with the save icon, the same on every form."""
    st.form_submit_button(
        label, type="primary", icon=":material/save:", on_click=on_click, args=args
    )
