"""One channel for what the interface tells the user: errors, warnings and confirmations.

Callbacks and pages say something with ``error`` / ``warning`` / ``success`` (text already in the
user's language, or a ``ServiceError`` that is translated here); it is shown by ``show(place)``,
which the page calls where that place's messages belong (under the form that caused them).
Messages survive the rerun that follows a callback and are shown once. Every message goes
through ``st.error`` / ``st.warning`` / ``st.success`` as Markdown text: callers escape learner
text (``domain.text.escape_markdown``) before putting it in a message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import streamlit as st

from components import state
from services.errors import ServiceError

QUEUE = "messages_queue"
Kind = Literal["error", "warning", "success", "info"]
ICONS = {
    "error": ":material/error:",
    "warning": ":material/warning:",
    "success": ":material/check_circle:",
    "info": ":material/info:",
}


@dataclass(frozen=True)
class Message:
    kind: Kind
    text: str
    place: str


def text_of(problem: ServiceError | str) -> str:
    """A ServiceError in the user's language (its key and parameters), or the text as is."""
    if isinstance(problem, ServiceError):
        return state.t()(problem.key, **problem.params)
    return problem


def _say(kind: Kind, problem: ServiceError | str, place: str) -> None:
    queue = st.session_state.setdefault(QUEUE, [])
    message = Message(kind, text_of(problem), place)
    if message not in queue:
        queue.append(message)


def error(problem: ServiceError | str, place: str = "page") -> None:
    _say("error", problem, place)


def errors(problems: list[str] | list[ServiceError], place: str = "page") -> None:
    for problem in problems:
        error(problem, place)


def warning(problem: ServiceError | str, place: str = "page") -> None:
    _say("warning", problem, place)


def success(text: str, place: str = "page") -> None:
    _say("success", text, place)


def info(text: str, place: str = "page") -> None:
    _say("info", text, place)


def pending(place: str = "page") -> list[Message]:
    return [m for m in st.session_state.get(QUEUE, []) if m.place == place]


def show(place: str = "page") -> None:
    """Show (once) what was said for this place."""
    queue: list[Message] = st.session_state.get(QUEUE, [])
    mine = [m for m in queue if m.place == place]
    if not mine:
        return
    st.session_state[QUEUE] = [m for m in queue if m.place != place]
    for message in mine:
        getattr(st, message.kind)(message.text, icon=ICONS[message.kind])
