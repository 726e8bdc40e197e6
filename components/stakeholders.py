"""« Parties prenantes »: the project's stakeholders, their power / interest grid and its table,
the forms to add, edit, place and delete them, and the actor-side link widget.

The use cases are ``services.stakeholders``; the grid's rules (quadrants) ``domain.stakeholders``;
the figure ``adapters.stakeholder_grid``. The position on the grid is set with two select
sliders (keyboard: Tab to one, arrow keys, then « Placer » with Enter), never by dragging.
Every change goes through ``save`` (``components.state.update`` plus the service's errors) and
its outcome is said through ``components.messages``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import streamlit as st

from adapters.stakeholder_grid import grid_figure
from components import fields, figures, messages, sections, shell, state
from components.tables import data_table
from domain import stakeholders as rules
from domain.i18n import Translator
from domain.models import MAX_NOTE, MAX_SHORT, Actor, Carnet, Stakeholder, StakeholderFamily
from domain.summary import Summary
from domain.text import escape_markdown
from services import stakeholders as service
from services.errors import ServiceError

PLACE = "stakeholders"  # where this page's messages are shown
ADD_FORM = "stakeholders_add"
EDIT_CHOICE = "stakeholders_edit_choice"
CONFIRM_DELETE = "stakeholders:confirm_delete"
FAMILIES = [family.value for family in StakeholderFamily]
LEVELS = list(rules.LEVELS)


def family_labels() -> dict[str, str]:
    t = state.t()
    return {family: t(f"stakeholders.family.{family}") for family in FAMILIES}


def level_label(value: int) -> str:
    return state.t()(f"stakeholders.level.{value}")


def save(change: Callable[[Carnet], object], *, place: str = PLACE, success: str = "") -> bool:
    """Apply a service change to the carnet; say what happened in ``place``. True when saved."""
    try:
        problems = state.update(change)
    except ServiceError as problem:
        messages.error(problem, place)
        return False
    messages.errors(problems, place)
    if not problems and success:
        messages.success(success, place)
    return not problems


# ------------------------------------------------------------------------------- grid + table


def _rows(carnet: Carnet) -> list[rules.GridRow]:
    return state.derived(carnet, ("stakeholder_rows",), lambda: rules.grid_rows(carnet))


def _table(carnet: Carnet) -> pa.Table:
    t = state.t()
    labels = family_labels()

    def build() -> pa.Table:
        rows = _rows(carnet)
        columns = {
            t("stakeholders.col.name"): [r.name for r in rows],
            t("stakeholders.col.family"): [labels.get(r.family, r.family) for r in rows],
            t("stakeholders.col.power"): [level_label(r.power_level) for r in rows],
            t("stakeholders.col.interest_level"): [level_label(r.interest_level) for r in rows],
            t("stakeholders.col.quadrant"): [
                t(f"stakeholders.quadrant.{r.quadrant.value}") for r in rows
            ],
            t("stakeholders.col.reached_by"): [", ".join(r.reached_by) for r in rows],
        }
        return pa.table({k: pa.array(v, type=pa.string()) for k, v in columns.items()})

    return state.derived(carnet, ("stakeholder_table", t.lang), build)


def grid_section(carnet: Carnet) -> None:
    """The grid (plotly) and, under it, the same stakeholders as a table (its alternative)."""
    t = state.t()
    if not sections.heading(
        t("stakeholders.grid.title"), carnet.stakeholders, t("stakeholders.grid.empty")
    ):
        return
    projection = shell.projection_on()
    figure = state.derived(
        carnet,
        ("stakeholder_grid", t.lang, projection),
        lambda: figures.frozen(
            grid_figure(_rows(carnet), t=t, family_labels=family_labels(), projection=projection)
        ),
    )
    figures.show(figure)
    st.caption(t("stakeholders.grid.alt"))
    st.subheader(t("stakeholders.table.title"))
    data_table(_table(carnet))


def summary_grid(
    carnet: Carnet, summary: Summary, t: Translator, *, key: str, projection: bool = False
) -> None:
    """On the Synthèse and the shared view: the grid and its table, in the carnet's language
    (``summary.stakeholders``), with the support actors linked to each stakeholder. Nothing
    when the learner skipped the optional step."""
    if not summary.stakeholders:
        return
    labels = {family: t(f"stakeholders.family.{family}") for family in FAMILIES}
    figure = state.derived(
        carnet,
        ("summary_stakeholder_grid", t.lang, projection),
        lambda: figures.frozen(
            grid_figure(rules.grid_rows(carnet), t=t, family_labels=labels, projection=projection)
        ),
    )
    # The heading and the figure's description above it: one Markdown block (an h2, as st.header
    # draws, and the small grey type of st.caption).
    st.markdown(
        f"## {t('summary.section.stakeholders')}\n\n{sections.small_print(t('stakeholders.grid.alt'))}"
    )
    figures.show(figure, key=f"{key}_stakeholders")
    table = state.derived(
        carnet,
        ("summary_stakeholders", t.lang),
        lambda: pa.table(
            {
                t("summary.col.number"): pa.array([str(x.number) for x in summary.stakeholders]),
                t("stakeholders.col.name"): pa.array([x.name for x in summary.stakeholders]),
                t("stakeholders.col.family"): pa.array(
                    [x.family_label for x in summary.stakeholders]
                ),
                t("stakeholders.col.quadrant"): pa.array(
                    [x.quadrant_label for x in summary.stakeholders]
                ),
                t("stakeholders.field.expectations"): pa.array(
                    [x.expectations for x in summary.stakeholders]
                ),
                t("stakeholders.col.reached_by"): pa.array(
                    [", ".join(x.reached_by) for x in summary.stakeholders]
                ),
            }
        ),
    )
    data_table(table)


# -------------------------------------------------------------------------------------- forms


def _form_values(prefix: str) -> dict[str, Any]:
    """What a stakeholder form holds (name, family and the three texts)."""
    ss = st.session_state
    return {
        "name": (ss.get(f"{prefix}:name") or "").strip(),
        "family": ss.get(f"{prefix}:family"),
        "interest": ss.get(f"{prefix}:interest") or "",
        "influence": ss.get(f"{prefix}:influence") or "",
        "expectations": ss.get(f"{prefix}:expectations") or "",
    }


def _add() -> None:
    t = state.t()
    ss = st.session_state
    values = {
        **_form_values(ADD_FORM),
        "power_level": ss.get(f"{ADD_FORM}:power") or 2,
        "interest_level": ss.get(f"{ADD_FORM}:interest_level") or 2,
    }
    if save(
        lambda c: service.add(c, **values),
        success=t("stakeholders.added", name=escape_markdown(values["name"])),
    ):
        for suffix in ("name", "interest", "influence", "expectations"):
            ss[f"{ADD_FORM}:{suffix}"] = ""
        ss[f"{ADD_FORM}:family"] = None
        ss[f"{ADD_FORM}:power"] = 2
        ss[f"{ADD_FORM}:interest_level"] = 2


def _detail_fields(prefix: str, stakeholder: Stakeholder | None) -> None:
    """Name, family and the three texts: empty (with hints) to add, the saved values to edit."""
    t = state.t()
    new = stakeholder is None
    st.text_input(
        t("stakeholders.field.name"),
        value=stakeholder.name if stakeholder else "",
        max_chars=MAX_SHORT,
        key=f"{prefix}:name",
        placeholder=t("stakeholders.placeholder.name") if new else None,
    )
    st.selectbox(
        t("stakeholders.field.family"),
        options=FAMILIES,
        index=FAMILIES.index(stakeholder.family.value) if stakeholder else None,
        format_func=lambda f: family_labels()[f],
        placeholder=t("stakeholders.family.choose") if new else None,
        key=f"{prefix}:family",
    )
    for field in ("interest", "influence", "expectations"):
        st.text_area(
            t(f"stakeholders.field.{field}"),
            value=getattr(stakeholder, field) if stakeholder else "",
            max_chars=MAX_NOTE,
            key=f"{prefix}:{field}",
            placeholder=t(f"stakeholders.placeholder.{field}"),
            height=80,
        )


def _level_sliders(prefix: str, power: int, interest: int) -> None:
    t = state.t()
    # (field, session key suffix, value): the suffixes are what _add and _place read back
    for field, suffix, value in (
        ("power_level", "power", power),
        ("interest_level", "interest_level", interest),
    ):
        st.select_slider(
            t(f"stakeholders.field.{field}"),
            options=LEVELS,
            value=value,
            format_func=level_label,
            key=f"{prefix}:{suffix}",
            help=t(f"stakeholders.help.{field}"),
        )


def add_form() -> None:
    t = state.t()
    st.subheader(t("stakeholders.add.title"))
    with st.form(ADD_FORM, border=True, clear_on_submit=False):
        _detail_fields(ADD_FORM, None)
        _level_sliders(ADD_FORM, 2, 2)
        st.form_submit_button(
            t("stakeholders.add.button"), type="primary", icon=":material/add:", on_click=_add
        )


def _edit(stakeholder_id: str, prefix: str) -> None:
    t = state.t()
    values = _form_values(prefix)
    save(
        lambda c: service.edit(c, stakeholder_id, **values),
        success=t("stakeholders.edit.saved", name=escape_markdown(values["name"])),
    )


def _place(stakeholder_id: str, prefix: str, name: str) -> None:
    t = state.t()
    power = int(st.session_state.get(f"{prefix}:power", 2))
    interest = int(st.session_state.get(f"{prefix}:interest_level", 2))
    quadrant = rules.quadrant(power, interest)
    save(
        lambda c: service.place(c, stakeholder_id, power_level=power, interest_level=interest),
        success=t(
            "stakeholders.placed",
            name=escape_markdown(name),
            quadrant=t(f"stakeholders.quadrant.{quadrant.value}"),
        ),
    )


def _delete(stakeholder_id: str, name: str) -> None:
    t = state.t()
    st.session_state.pop(CONFIRM_DELETE, None)
    save(
        lambda c: service.delete(c, stakeholder_id),
        success=t("stakeholders.deleted", name=escape_markdown(name)),
    )


def _version(carnet: Carnet, stakeholder_id: str) -> str:
    """Changes with the stakeholder: the widgets' keys carry it, so they restart from the saved
    values after any change (here or in another tab)."""
    found = carnet.stakeholder(stakeholder_id)
    return f"{zlib.crc32(found.model_dump_json().encode()):08x}" if found else "gone"


def edit_panel(carnet: Carnet) -> None:
    """Choose a stakeholder, then place it on the grid, edit its details, or delete it."""
    t = state.t()
    if not sections.heading(
        t("stakeholders.edit.title"),
        carnet.stakeholders,
        t("stakeholders.edit.none"),
        level="subheader",
    ):
        return
    names = {s.id: s.name for s in carnet.stakeholders}
    if st.session_state.get(EDIT_CHOICE) not in names:
        st.session_state.pop(EDIT_CHOICE, None)
    chosen = st.selectbox(
        t("stakeholders.edit.choose"),
        options=list(names),
        format_func=lambda sid: names.get(sid, ""),
        key=EDIT_CHOICE,
    )
    stakeholder = carnet.stakeholder(chosen) if chosen else None
    if stakeholder is None:
        return
    prefix = f"stakeholders_edit:{stakeholder.id}:{_version(carnet, stakeholder.id)}"
    position, details, delete = st.tabs(
        [
            t("stakeholders.edit.tab.position"),
            t("stakeholders.edit.tab.details"),
            t("stakeholders.edit.tab.delete"),
        ]
    )
    with position:
        current = rules.stakeholder_quadrant(stakeholder)
        st.markdown(
            t(
                "stakeholders.edit.where",
                name=escape_markdown(stakeholder.name),
                quadrant=t(f"stakeholders.quadrant.{current.value}"),
            )
        )
        with st.form(f"{prefix}:position_form", border=False):
            _level_sliders(prefix, stakeholder.power_level, stakeholder.interest_level)
            st.form_submit_button(
                t("stakeholders.edit.place"),
                type="primary",
                icon=":material/grid_view:",
                on_click=_place,
                args=(stakeholder.id, prefix, stakeholder.name),
            )
    with details:
        with st.form(f"{prefix}:details_form", border=False):
            _detail_fields(prefix, stakeholder)
            fields.save_button(t("stakeholders.edit.save"), _edit, (stakeholder.id, prefix))
    with delete:
        reached = rules.reached_by(carnet, stakeholder.id)
        if st.session_state.get(CONFIRM_DELETE) != stakeholder.id:
            st.button(
                t("stakeholders.delete.button"),
                icon=":material/delete:",
                key=f"{prefix}:delete",
                on_click=lambda sid=stakeholder.id: st.session_state.update({CONFIRM_DELETE: sid}),
            )
            return
        text = t("stakeholders.delete.confirm", name=escape_markdown(stakeholder.name))
        if reached:
            text += " " + t("stakeholders.delete.links", count=len(reached))
        st.warning(text, icon=":material/warning:")
        yes, no = st.columns(2)
        yes.button(
            t("stakeholders.delete.yes"),
            type="primary",
            key=f"{prefix}:delete_yes",
            on_click=_delete,
            args=(stakeholder.id, stakeholder.name),
        )
        no.button(
            t("stakeholders.delete.no"),
            key=f"{prefix}:delete_no",
            on_click=lambda: st.session_state.pop(CONFIRM_DELETE, None),
        )


# ------------------------------------------------------------------------- on the actors page


def _save_reaches(actor_id: str, key: str, place: str) -> None:
    t = state.t()
    chosen = list(st.session_state.get(key) or [])
    save(
        lambda c: service.link_actor(c, actor_id, chosen),
        place=place,
        success=t("stakeholders.reach.saved", count=len(chosen)),
    )


def reach_widget(actor: Actor, *, key_prefix: str, place: str = "actor_reach") -> None:
    """For one support actor: the project's stakeholders it helps reach (a multiselect saved on
    change). Called from the actors' edit form (``components.actor_forms``)."""
    t = state.t()
    carnet = state.current()
    messages.show(place)
    if carnet is None or not carnet.stakeholders:
        st.caption(t("stakeholders.reach.none"))
        return
    names = {s.id: s.name for s in carnet.stakeholders}
    key = f"{key_prefix}:reaches"
    st.multiselect(
        t("stakeholders.reach.label", name=escape_markdown(actor.name)),
        options=list(names),
        default=[sid for sid in actor.reaches if sid in names],
        format_func=lambda sid: names.get(sid, ""),
        key=key,
        help=t("stakeholders.reach.help"),
        placeholder=t("stakeholders.reach.placeholder"),
        on_change=_save_reaches,
        args=(actor.id, key, place),
    )
