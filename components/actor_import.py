"""Import actors from a CSV file or a map (uMap, GeoJSON, KML: ``components.map_import``): a
row-by-row report first, then the learner confirms.

Nothing reaches the carnet before « Ajouter ces acteurs »; « Annuler » forgets the file; a
whole-file problem (not a CSV, no name column...) is reported and changes nothing. The reading
itself is ``domain.actors_import.import_actors_csv`` (pure, offline: communes are found in the
gazetteer).

``import_report(data, lang)`` is the part without widgets (tests call it directly).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components import focus, map_import, messages, resources, state
from components.actors import attempt, categories, flash, show_flash
from components.tables import data_table
from components.uploader import file_uploader
from domain import actors as domain_actors
from domain.actors_import import MAX_FILE_BYTES, ImportReport, actors_csv_template
from domain.geo_import import GeoImportReport
from domain.i18n import Translator
from domain.text import escape_markdown
from services import actors as actor_services
from services import map_import as map_import_service
from services.errors import ServiceError

UPLOAD_GENERATION = "actors:import_generation"  # a new uploader (empty) after import / cancel
PARSED = "actors:import_parsed"  # (file_id, ImportOutcome) of the file on screen


@dataclass(frozen=True)
class ImportOutcome:
    report: ImportReport | GeoImportReport | None = None
    problem: str | None = None  # translated whole-file problem

    @property
    def ok(self) -> bool:
        return self.report is not None


def accepted_categories_markdown(t: Translator) -> str:
    """The values the « catégorie » column accepts, category by category: the names the app
    shows (French and English) and the former ones; case and accents do not matter."""
    lines = [t("actors.import.accepted_help")]
    for category in categories():
        names = [category.short_name.fr, category.short_name.en, category.name.fr]
        names += list(domain_actors.FORMER_NAMES.get(category.id, ()))
        shown = ", ".join(f"« {escape_markdown(n)} »" for n in dict.fromkeys(names))
        label = f"**{escape_markdown(t.pick(category.short_name.model_dump()))}**"
        lines.append("- " + t("summary.label_value", label=label, value=shown))
    return "\n".join(lines)


def import_report(data: bytes, lang: str, file_name: str = "") -> ImportOutcome:
    """Read the file (a CSV table, or a map: uMap, GeoJSON, KML); the report, or the whole-file
    problem in the learner's language."""
    if map_import_service.is_map_file(file_name, data):
        if len(data) > MAX_FILE_BYTES:  # the limit the uploader announces, maps included
            max_mb = MAX_FILE_BYTES // (1024 * 1024)
            return ImportOutcome(
                problem=Translator(lang)("actors_import.error.too_large", max_mb=max_mb)
            )
        try:
            return ImportOutcome(
                report=map_import_service.read_map_file(
                    data, domain_actors.import_labels(categories())
                )
            )
        except ServiceError as problem:
            return ImportOutcome(problem=" ".join(problem.explain(Translator(lang))))
    try:
        report = actor_services.read_csv(data, categories(), resources.gazetteer())
    except ServiceError as problem:
        return ImportOutcome(problem=" ".join(problem.explain(Translator(lang))))
    return ImportOutcome(report=report)


def report_frame(report: ImportReport | GeoImportReport, t: Translator) -> pd.DataFrame:
    """One row per line of the file: line, name, outcome and the reasons, translated."""
    return pd.DataFrame(
        {
            t("actors.import.col.line"): [row.line for row in report.rows],
            t("field.name"): [row.name for row in report.rows],
            t("actors.import.col.result"): [
                t(f"actors_import.status.{row.status}") for row in report.rows
            ],
            t("actors.import.col.reasons"): [
                " · ".join(t(reason.key, **reason.params) for reason in row.reasons)
                for row in report.rows
            ],
        }
    )


def report_details(report: ImportReport | GeoImportReport, t: Translator) -> str:
    """The rows that have something to say, each reason in full (Markdown, learner text escaped).

    The table's « Détail » column is one line per row, cut to the column's width: this list,
    under it, is where a learner (or a screen reader) reads every reason whole.
    """
    lines = []
    for row in report.rows:
        if not row.reasons:
            continue
        status = t(f"actors_import.status.{row.status}")
        if row.name:
            head = t(
                "actors.import.detail_line",
                line=row.line,
                name=escape_markdown(row.name),
                status=status,
            )
        else:
            head = t("actors.import.detail_line_no_name", line=row.line, status=status)
        lines.append(f"- {head}")
        lines.extend(
            f"    - {escape_markdown(t(reason.key, **reason.params))}" for reason in row.reasons
        )
    return "\n".join(lines)


def _forget() -> None:
    st.session_state.pop(PARSED, None)
    st.session_state[UPLOAD_GENERATION] = st.session_state.get(UPLOAD_GENERATION, 0) + 1


def _cancel() -> None:
    _forget()
    flash("import", "info", state.t()("actors.import.cancelled"))
    focus.request(focus.ACTORS_IMPORT)  # the buttons go with the file: focus on the message


def _confirm() -> None:
    t = state.t()
    parsed = st.session_state.get(PARSED)
    if not parsed or not parsed[1].ok:
        return
    report = parsed[1].report
    if attempt(
        lambda: actor_services.add_imported(state.session(), report.actors),
        area="import",
        success=t("actors.import.done", count=len(report.actors)),
    ):
        _forget()
        focus.request(focus.ACTORS_IMPORT)  # the report and its buttons go: focus on the result
        st.rerun()


def _report_table(report: ImportReport | GeoImportReport) -> None:
    t = state.t()
    data_table(report_frame(report, t))
    details = report_details(report, t)
    if details:
        st.markdown(f"**{t('actors.import.details_title')}**")
        st.markdown(details)


def _imported() -> None:
    _forget()
    focus.request(focus.ACTORS_IMPORT)
    st.rerun()


@st.fragment
def import_panel() -> None:
    t = state.t()
    with focus.target(focus.ACTORS_IMPORT):
        show_flash("import")
    st.markdown(t("actors.import.intro"))
    labels = {c.id: t.pick(c.short_name.model_dump()) for c in categories()}
    st.download_button(
        t("actors.import.template"),
        data=lambda: actors_csv_template(labels, lang=t.lang),
        file_name=t("actors.import.template_file"),
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="actors_import_template",
    )
    with st.expander(t("actors.import.accepted_title")):
        st.markdown(accepted_categories_markdown(t))
    generation = st.session_state.get(UPLOAD_GENERATION, 0)
    # No type= filter: the importer explains a wrong file in the learner's language.
    upload = file_uploader(
        t("actors.import.file"),
        key=f"actors_import_file:{generation}",
        instructions=t(
            "upload.instructions",
            what=t("actors.import.file_help"),
            kind="CSV, uMap, GeoJSON, KML, KMZ",
            max_mb=MAX_FILE_BYTES // (1024 * 1024),
        ),
    )
    if upload is None:
        st.session_state.pop(PARSED, None)
        return
    parsed = st.session_state.get(PARSED)
    if not parsed or parsed[0] != upload.file_id:
        parsed = (upload.file_id, import_report(upload.getvalue(), t.lang, upload.name))
        st.session_state[PARSED] = parsed
    outcome: ImportOutcome = parsed[1]
    report = outcome.report
    if report is None:
        problem = f"{outcome.problem or ''} {t('actors.import.nothing_changed')}".strip()
        messages.inline("error", problem)
        st.button(t("actors.import.cancel"), on_click=_cancel, key="actors_import_cancel")
        return
    if isinstance(report, GeoImportReport):
        map_import.map_report_panel(
            report,
            upload.file_id,
            show_table=_report_table,
            on_done=_imported,
            cancel=_cancel,
        )
        return
    st.markdown(
        t(
            "actors.import.summary",
            rows=len(report.rows),
            imported=report.count("imported"),
            warnings=report.warnings,
            rejected=report.rejected,
        )
    )
    if report.ignored_columns:
        st.caption(
            t(
                "actors.import.ignored_columns",
                columns=", ".join(escape_markdown(c) for c in report.ignored_columns),
            )
        )
    _report_table(report)
    map_import.confirm_or_cancel(len(report.actors), _confirm, (), _cancel)
