"""The alliance's members: a spreadsheet-like editor and a keyboard-friendly form, both saving
through domain.analysis (the editor's delta is applied by a tested pure function)."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import streamlit as st

from components import messages, state
from components.tables import data_table
from domain import analysis
from domain.models import MAX_NOTE, MAX_SHORT, Family, Member
from domain.network import FAMILY_ORDER
from services import analysis as analysis_service
from services.errors import ServiceError

EDITOR_ROUND = "members_editor_round"
MESSAGES = "members"  # where the editor's messages are shown (components.messages)
FORM_MESSAGES = "members_form"  # and the form's
NEW = "__new__"  # the form's choice for a new member


EDITOR_BASE = "members_editor_base"  # the members a round of the editor started from


def _editor_key() -> str:
    # One key per round: within a round the editor is always given the same rows (the round's
    # base) and its delta, cumulative, is applied to that base. The editor is never remounted
    # by its own edits, so it keeps its scroll position and focus (a phone scrolls it
    # sideways). A new round starts when the members changed otherwise (the form, another
    # tab, a refused save).
    return f"members_editor_{st.session_state.get(EDITOR_ROUND, 0)}"


def _next_round() -> None:
    st.session_state[EDITOR_ROUND] = st.session_state.get(EDITOR_ROUND, 0) + 1


def _content(members: list[Member]) -> list[tuple[str, ...]]:
    return [(m.name, m.family.value, m.role, m.expertise, m.interest) for m in members]


def _round_base(members: list[Member]) -> list[Member]:
    """The rows the editor shows: its round's base, or the saved members in a new round when
    the base and the editor's delta no longer give what is saved."""
    base: list[Member] | None = st.session_state.get(EDITOR_BASE)
    if base is not None:
        delta = st.session_state.get(_editor_key()) or {}
        if _content(analysis.apply_editor_delta(base, delta).members) == _content(members):
            return base
    _next_round()
    st.session_state[EDITOR_BASE] = list(members)
    return list(st.session_state[EDITOR_BASE])


def _apply_editor_delta(key: str) -> None:
    delta = st.session_state.get(key) or {}
    try:
        refused = analysis_service.edit_members(
            state.session(), delta, base=st.session_state.get(EDITOR_BASE)
        )
    except ServiceError as problem:
        messages.error(problem, MESSAGES)
    else:
        messages.errors(analysis.edit_error_messages(refused, state.t()), MESSAGES)


def _frame(base: list[Member], labels: dict[Family, str]) -> pd.DataFrame:
    rows = analysis.members_to_rows(base)
    # The family as its label, not its code: a screen reader reads the grid's values (and
    # apply_editor_delta reads a label as well as a code: analysis.parse_family).
    for row in rows:
        row["family"] = labels[Family(row["family"])]
    return pd.DataFrame(rows, columns=["id", *analysis.MEMBER_COLUMNS])


def _list_table(members: list[Member], labels: dict[Family, str]) -> pa.Table:
    t = state.t()
    rows = analysis.members_to_rows(members)
    return pa.table(
        {
            t(f"analysis.column.{column}"): pa.array(
                [
                    labels[Family(row[column])] if column == "family" else row[column]
                    for row in rows
                ],
                type=pa.string(),
            )
            for column in analysis.MEMBER_COLUMNS
        }
    )


def members_list(members: list[Member]) -> None:
    """The members as a read-only table (a few hundredths of a millisecond per rerun, where the
    editor costs ≈ 2 ms: BENCHMARKS.md, « Page speed, fourth pass »), or what to do when there
    are none yet."""
    t = state.t()
    if not members:
        st.caption(t("analyse.members_none"))
        return
    labels = analysis.family_labels(t)
    carnet = state.current()
    table = (
        _list_table(members, labels)
        if carnet is None
        else state.derived(carnet, ("members_list", t.lang), lambda: _list_table(members, labels))
    )
    data_table(table)


def members_editor(members: list[Member]) -> None:
    t = state.t()
    labels = analysis.family_labels(t)
    base = _round_base(members)
    carnet = state.current()
    # The rows once per saved version, round and language (st.data_editor copies them).
    frame = (
        _frame(base, labels)
        if carnet is None
        else state.derived(
            carnet, ("members_frame", _editor_key(), t.lang), lambda: _frame(base, labels)
        )
    )
    st.data_editor(
        frame,
        key=_editor_key(),
        on_change=_apply_editor_delta,
        args=(_editor_key(),),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_order=list(analysis.MEMBER_COLUMNS),
        column_config={
            # Widths that fit a laptop's page without sideways scrolling; a cell shows its
            # whole text when edited, and the form beside the table shows it in full.
            "name": st.column_config.TextColumn(
                t("analysis.column.name"), required=True, max_chars=MAX_SHORT, width=190
            ),
            "family": st.column_config.SelectboxColumn(
                t("analysis.column.family"),
                options=[labels[f] for f in FAMILY_ORDER],
                width=160,
            ),
            "role": st.column_config.TextColumn(
                t("analysis.column.role"), max_chars=MAX_NOTE, width=140
            ),
            "expertise": st.column_config.TextColumn(
                t("analysis.column.expertise"), max_chars=MAX_NOTE, width=140
            ),
            "interest": st.column_config.TextColumn(
                t("analysis.column.interest"), max_chars=MAX_NOTE, width=140
            ),
        },
    )
    messages.show(MESSAGES)


def _save_member(member_id: str | None) -> None:
    values = {field: st.session_state[f"member_form_{field}"] for field in analysis.MEMBER_COLUMNS}
    if messages.attempt(
        lambda: analysis_service.save_member(state.session(), member_id, values), FORM_MESSAGES
    ):
        _next_round()
        st.session_state["member_form_done"] = True
        return
    carnet = state.current()
    listed = carnet.alliance.members if carnet is not None and carnet.alliance else []
    gone = member_id is not None and member_id not in {m.id for m in listed}
    if gone and not st.session_state.get(state.STALE):
        # Deleted meanwhile (another tab): keep what was typed, ready to add the member again.
        st.session_state["member_form_choice"] = st.session_state["member_form_loaded"] = NEW


def _delete_member(member_id: str) -> None:
    messages.attempt(
        lambda: analysis_service.delete_member(state.session(), member_id), FORM_MESSAGES
    )
    _next_round()
    st.session_state.pop("member_form_choice", None)


def _move_member(member_id: str, offset: int) -> None:
    messages.attempt(
        lambda: analysis_service.move_member(state.session(), member_id, offset), FORM_MESSAGES
    )
    _next_round()


def member_form(members: list[Member]) -> None:
    """Add or edit one member with plain fields: works with the keyboard and screen readers."""
    t = state.t()
    labels = analysis.family_labels(t)
    new = NEW
    by_id = {m.id: m for m in members}
    if st.session_state.pop("member_form_done", False):
        st.session_state["member_form_choice"] = new
        st.session_state.pop("member_form_loaded", None)  # empty fields for the next member
    choice = st.selectbox(
        t("analyse.member_choice"),
        options=[new, *by_id],
        format_func=lambda key: t("analyse.member_new") if key == new else by_id[key].name,
        key="member_form_choice",
    )
    current = by_id.get(choice)
    # Refill the fields when the chosen member changes, or when they were not drawn in the last
    # run (the form's tab closed: Streamlit then forgets the fields' values).
    if (
        st.session_state.get("member_form_loaded") != choice
        or "member_form_name" not in st.session_state
    ):
        st.session_state["member_form_loaded"] = choice
        for field in analysis.MEMBER_COLUMNS:
            default = Family.OTHER.value if field == "family" else ""
            value = getattr(current, field) if current else default
            st.session_state[f"member_form_{field}"] = (
                value.value if isinstance(value, Family) else value
            )
    with st.form("member_form", border=True):
        st.text_input(t("analysis.column.name"), max_chars=MAX_SHORT, key="member_form_name")
        st.selectbox(
            t("analysis.column.family"),
            options=[f.value for f in FAMILY_ORDER],
            format_func=lambda code: labels[Family(code)],
            key="member_form_family",
        )
        st.text_area(
            t("analysis.column.role"), max_chars=MAX_NOTE, key="member_form_role", height=80
        )
        st.text_area(
            t("analysis.column.expertise"),
            max_chars=MAX_NOTE,
            key="member_form_expertise",
            height=80,
        )
        st.text_area(
            t("analysis.column.interest"), max_chars=MAX_NOTE, key="member_form_interest", height=80
        )
        st.form_submit_button(
            t("analyse.member_add") if current is None else t("analyse.member_save"),
            on_click=_save_member,
            args=(current.id if current else None,),
            type="primary",
        )
    if current is not None:
        up, down, delete = st.columns(3)
        up.button(
            t("analyse.member_up"),
            on_click=_move_member,
            args=(current.id, -1),
            icon=":material/arrow_upward:",
            key="member_up",
        )
        down.button(
            t("analyse.member_down"),
            on_click=_move_member,
            args=(current.id, 1),
            icon=":material/arrow_downward:",
            key="member_down",
        )
        confirm = delete.checkbox(
            t("analyse.member_delete_confirm"), key=f"member_del_ok_{current.id}"
        )
        delete.button(
            t("analyse.member_delete"),
            on_click=_delete_member,
            args=(current.id,),
            disabled=not confirm,
            icon=":material/delete:",
            key="member_delete",
        )
    messages.show(FORM_MESSAGES)
