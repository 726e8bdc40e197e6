"""Personal data in the interface: « Supprimer mon carnet » (with a confirmation) and what a
private link of a deleted carnet says. The rules are in ``services.privacy``."""

from __future__ import annotations

import streamlit as st

from components import messages, state
from services import privacy
from services.errors import ServiceError

CONFIRM = "privacy_delete_confirm"
OPEN = "privacy_delete_open"  # the section's open / closed state (a widget's key)
PLACE = "privacy"


def link_notice() -> None:
    """What became of the carnet of the link just followed: deleted (by its learner, or after
    the retention period), or no such carnet. Shown once."""
    t = state.t()
    messages.show(PLACE)
    gone = st.session_state.pop(state.GONE, None)
    not_found = st.session_state.pop("carnet_not_found", False)
    if gone == privacy.LinkStatus.DELETED.value:
        st.info(t("privacy.link_deleted"), icon=":material/delete_forever:")
    elif gone == privacy.LinkStatus.EXPIRED.value:
        st.info(t("privacy.link_expired"), icon=":material/auto_delete:")
    elif not_found:
        st.error(t("state.not_found"), icon=":material/link_off:")


def _delete() -> None:
    if not st.session_state.get(CONFIRM):
        messages.error(state.t()("privacy.delete_unconfirmed"), PLACE)
        return
    try:
        state.delete()
    except ServiceError as problem:
        messages.error(problem, PLACE)
        return
    st.session_state.pop(CONFIRM, None)
    messages.success(state.t()("privacy.delete_done"), PLACE)


def delete_section() -> None:
    """« Supprimer mon carnet »: what it deletes, a box to tick, then the button."""
    t = state.t()
    section = st.expander(
        t("privacy.delete_title"), icon=":material/delete:", key=OPEN, on_change="rerun"
    )
    if not section.open:  # closed: its content is not drawn (nothing sent but the label)
        return
    with section:
        st.write(t("privacy.delete_body"))
        st.checkbox(t("privacy.delete_confirm"), key=CONFIRM)
        st.button(
            t("privacy.delete_button"),
            type="primary",
            icon=":material/delete_forever:",
            disabled=not st.session_state.get(CONFIRM),
            on_click=_delete,
            key="privacy_delete",
        )
        messages.show(PLACE)
