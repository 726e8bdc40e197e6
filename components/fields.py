"""Form widgets bound to a field of the carnet: each change is validated and saved at once."""

from __future__ import annotations

import streamlit as st

from components import messages, state


def get_path(obj: object, path: str) -> object:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def set_path(obj: object, path: str, value: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, last, value)


def _commit(path: str, key: str) -> None:
    errors = state.update(lambda carnet: set_path(carnet, path, st.session_state[key]))
    # The widget keeps what was typed even when refused, so nothing is lost; the error says why,
    # under the field, through the app's one channel for messages.
    messages.errors(errors, key)


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
    if key not in st.session_state:
        st.session_state[key] = get_path(carnet, path) or ""
    common = dict(
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
    return value
