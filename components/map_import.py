"""The report of a map file (uMap, GeoJSON, KML) on the actors' import panel: row by row what
is kept and what is skipped (and why), a category to choose for each point whose layer or
properties did not say it, then « Ajouter » — nothing reaches the carnet before.

The reading and the decisions are ``services.map_import``; the report table is the CSV
import's (``components.actor_import.report_frame`` / ``report_details``), so both imports read
alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from components import messages, state
from components.actors import apply, category_ids, category_label
from domain import actors as domain_actors
from domain.geo_import import GeoImportReport
from domain.text import escape_markdown
from services import map_import
from services.errors import ServiceError

PLACE = "actors_map_import"


def _choice_key(file_id: str, line: int) -> str:
    return f"actors_map_import:{file_id}:{line}"


def _confirm(report: GeoImportReport, file_id: str, done: Callable[[], None]) -> None:
    t = state.t()
    chosen = {c.line: st.session_state.get(_choice_key(file_id, c.line)) for c in report.to_choose}
    try:
        actors = map_import.actors_to_add(report, chosen, category_ids())
    except ServiceError as problem:
        messages.error(problem, PLACE)
        return
    if apply(
        lambda c: domain_actors.add_imported(c, actors),
        area="import",
        success=t("actors.import.done", count=len(actors)),
    ):
        done()


def confirm_or_cancel(
    count: int,
    confirm: Callable[..., None],
    args: tuple[Any, ...],
    cancel: Callable[[], None],
) -> None:
    """The end of an import's preview (spreadsheet or map file): add the ``count`` actors kept
    (or say there are none), or cancel."""
    t = state.t()
    if count:
        st.caption(t("actors.import.confirm_help"))
        st.button(
            t("actors.import.confirm", count=count),
            type="primary",
            on_click=confirm,
            args=args,
            icon=":material/playlist_add:",
            key="actors_import_confirm",
        )
    else:
        messages.inline("warning", t("actors.import.none"))
    st.button(t("actors.import.cancel"), on_click=cancel, key="actors_import_cancel")


def map_report_panel(
    report: GeoImportReport,
    file_id: str,
    *,
    show_table: Callable[[GeoImportReport], None],
    on_done: Callable[[], None],
    cancel: Callable[[], None],
) -> None:
    """The report, the per-row category selects, and the confirm / cancel buttons."""
    t = state.t()
    st.markdown(
        t(
            "actors_import.map_summary",
            format=t(f"actors_import.format.{report.format}"),
            rows=len(report.rows),
            kept=len(report.candidates),
            rejected=report.rejected,
            to_choose=len(report.to_choose),
        )
    )
    show_table(report)
    if report.to_choose:
        st.markdown(f"**{t('actors_import.choose_title')}**")
        st.caption(t("actors_import.choose_help"))
        for candidate in report.to_choose:
            st.selectbox(
                t(
                    "actors_import.choose_label",
                    line=candidate.line,
                    name=escape_markdown(candidate.name),
                ),
                options=category_ids(),
                index=None,
                format_func=category_label,
                placeholder=t("actors_import.choose_placeholder"),
                key=_choice_key(file_id, candidate.line),
            )
    messages.show(PLACE)
    confirm_or_cancel(len(report.candidates), _confirm, (report, file_id, on_done), cancel)
