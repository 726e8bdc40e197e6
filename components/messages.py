"""One channel for what the interface tells the user: errors, warnings and confirmations.

Callbacks and pages say something with ``error`` / ``warning`` / ``success`` (text already in the
user's language, or a ``ServiceError`` that is translated here); it is shown by ``show(place)``,
which the page calls where that place's messages belong (under the form that caused them).
Messages survive the rerun that follows a callback and are shown once. Every message goes
through ``st.error`` / ``st.warning`` / ``st.success`` as Markdown text: callers escape learner
text (``domain.text.escape_markdown``) before putting it in a message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
    icon: str | None = None
    details: tuple[str, ...] = ()  # Markdown lines shown as a list under the message


def texts_of(problem: ServiceError | str) -> list[str]:
    """A ServiceError in the user's language (one line or more), or the text as is."""
    if isinstance(problem, ServiceError):
        return problem.explain(state.t())
    return [problem]


def text_of(problem: ServiceError | str) -> str:
    return " ".join(texts_of(problem))


def _say(
    kind: Kind,
    problem: ServiceError | str,
    place: str,
    icon: str | None = None,
    details: tuple[str, ...] = (),
) -> None:
    queue = st.session_state.setdefault(QUEUE, [])
    for text in texts_of(problem):
        message = Message(kind, text, place, icon, details)
        if message not in queue:
            queue.append(message)


def error(
    problem: ServiceError | str,
    place: str = "page",
    *,
    icon: str | None = None,
    details: tuple[str, ...] = (),
) -> None:
    _say("error", problem, place, icon, details)


def errors(problems: Sequence[str | ServiceError], place: str = "page") -> None:
    for problem in problems:
        error(problem, place)


def warning(problem: ServiceError | str, place: str = "page", *, icon: str | None = None) -> None:
    _say("warning", problem, place, icon)


def success(text: str, place: str = "page", *, icon: str | None = None) -> None:
    _say("success", text, place, icon)


def info(text: str, place: str = "page", *, icon: str | None = None) -> None:
    _say("info", text, place, icon)


def toast(text: str, *, icon: str = ":material/check:") -> None:
    """A confirmation that does not stay (« Alliance choisie »...)."""
    st.toast(text, icon=icon)


def attempt(
    action: Callable[[], object], place: str = "page", *, success_text: str | None = None
) -> bool:
    """Run a use case: its ``ServiceError`` is said in ``place`` (False), or the success text
    if any (True)."""
    try:
        action()
    except ServiceError as problem:
        error(problem, place)
        return False
    if success_text:
        success(success_text, place)
    return True


def pending(place: str = "page") -> list[Message]:
    return [m for m in st.session_state.get(QUEUE, []) if m.place == place]


def inline(kind: Kind, problem: ServiceError | str, *, icon: str | None = None) -> None:
    """Show now, here (a message that belongs to what is on screen: a field's refusal that stays
    until the field changes, a search that found nothing, a file that cannot be read...)."""
    for text in texts_of(problem):
        getattr(st, kind)(text, icon=icon or ICONS[kind])


def show(place: str = "page") -> None:
    """Show (once) what was said for this place."""
    queue: list[Message] = st.session_state.get(QUEUE, [])
    mine = [m for m in queue if m.place == place]
    if not mine:
        return
    st.session_state[QUEUE] = [m for m in queue if m.place != place]
    for message in mine:
        getattr(st, message.kind)(message.text, icon=message.icon or ICONS[message.kind])
        if message.details:
            st.markdown("\n".join(f"- {line}" for line in message.details))
