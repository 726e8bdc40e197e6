"""Analyse: the members and their roles, the three questions, Le RAMEAU's typologies."""

from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from components import analysis_texts, figures, messages, shell, state
from components.fields import bound_text
from components.members import member_form, members_editor, members_list
from components.sections import titled_text
from components.sources import show_sources
from components.tables import data_table
from domain import analysis
from domain.catalogue import TypologyItem, load_typologies
from domain.models import MAX_ANSWER, QUESTIONS
from domain.text import escape_markdown
from services import analysis as analysis_service

PART = "analyse_part"  # the open tab (its label)
MEMBERS_VIEW = "members_view"  # the members: list, table editor or form

t = state.t()
carnet = shell.require_carnet()
st.title(t("analyse.title"))
if carnet.alliance is None:
    st.info(t("analyse.no_alliance"), icon=":material/hub:")
    shell.step_link(shell.page_spec("alliance"))
    st.stop()

st.markdown(t("analyse.intro", alliance=escape_markdown(carnet.alliance.name)))

# Four parts, one tab each; the server knows the open one (on_change="rerun") and draws only
# it: the page sends a quarter of its elements per rerun (BENCHMARKS.md, « Page speed, fourth
# pass »). Labels without counts, so that the open tab stays open when members are added.
PARTS = ("members", "network", "questions", "tags")
tabs = dict(
    zip(
        PARTS,
        st.tabs([t(f"analyse.part.{part}") for part in PARTS], key=PART, on_change="rerun"),
        strict=True,
    )
)
members = carnet.alliance.members
alliance_name = carnet.alliance.name
labels = analysis.family_labels(t)


def members_part() -> None:
    titled_text(t("analyse.members_title"), t("analyse.members_help"), level=2)
    # Read, or edit like a spreadsheet, or edit with plain fields (keyboard, screen reader):
    # only the open one is drawn (the editor costs more than the rest of the page).
    shown, table, form = st.tabs(
        [t("analyse.members_list"), t("analyse.members_edit"), t("analyse.members_form")],
        key=MEMBERS_VIEW,
        on_change="rerun",
    )
    for tab, draw in ((shown, members_list), (table, members_editor), (form, member_form)):
        if tab.open:
            with tab:
                draw(members)


def network_part() -> None:
    """The network picture, its text alternative, and what may be missing."""
    held = state.held()  # the version the figure and the table are derived from
    st.header(t("analyse.network_title"))
    picture, counts = st.columns([3, 2])
    with picture:
        if members:
            projection = shell.projection_on()
            figure = state.derived(
                held,
                ("network", t.lang, projection),
                partial(
                    figures.alliance_network, alliance_name, members, labels, projection=projection
                ),
            )
            st.plotly_chart(figure, width="stretch", config={"displayModeBar": False})
            st.caption(t("analyse.network_alt"))
    with counts:
        family_table = state.derived(held, ("family_table", t.lang), _family_table)
        if family_table is not None:
            data_table(family_table)
        for prompt in analysis.missing_families(members):
            show = st.warning if prompt.severity == "warning" else st.info
            show(t(f"analysis.prompt.{prompt.code}", **prompt.params), icon=":material/lightbulb:")


def _family_table() -> pa.Table | None:
    rows = [
        {t("analysis.column.family"): labels[f], t("analyse.count"): n}
        for f, n in analysis.family_counts(members).items()
        if n
    ]
    return pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False) if rows else None


def questions_part() -> None:
    st.header(t("analyse.questions_title"))
    for number, question in enumerate(QUESTIONS, start=1):
        _question(number, question)
    messages.show("questions")


def _question(number: int, question: str) -> None:
    st.subheader(f"{number}. {t(f'analyse.q.{question}')}")
    guidance = st.expander(t("analyse.guidance"), key=f"guidance_{question}", on_change="rerun")
    if guidance.open:
        with guidance:
            st.markdown(analysis_texts.guidance(question, t.lang))  # one block, made once
    held = state.held()
    # What is derived from the answer and the members: once per saved version of the carnet.
    draft = state.derived(
        held,
        ("draft_offer", question, t.lang),
        partial(analysis_service.draft_offer, held, question, t),
    )
    if draft:

        def use_draft(question: str = question, draft: str = draft) -> None:
            if messages.attempt(
                lambda: analysis_service.answer(state.session(), question, draft),
                f"answer_{question}",
            ):
                st.session_state.pop(f"{state.FIELD_PREFIX}answers.{question}", None)

        st.button(
            t("analyse.use_draft"),
            key=f"draft_{question}",
            on_click=use_draft,
            icon=":material/edit_note:",
            help=t("analyse.use_draft_help"),
        )
    bound_text(
        t(f"analyse.q.{question}.label"),
        f"answers.{question}",
        area=True,
        height=220,
        max_chars=MAX_ANSWER,
    )
    messages.show(f"answer_{question}")
    held = state.held()
    check = state.derived(
        held,
        ("answer_check", question),
        partial(analysis.answer_check, question, getattr(held.answers, question), members),
    )
    st.progress(check.progress, text=analysis.level_message(check, t))
    criteria = [
        f":material/check_circle: {t(f'analysis.criterion.{code}')}" for code in check.covered
    ]
    criteria += [
        f":material/radio_button_unchecked: {t(f'analysis.criterion.{code}')}"
        for code in check.missing
    ]
    if criteria and check.chars:
        st.markdown("\n".join(f"- {line}" for line in criteria))


def typology_name(by_id: dict[str, TypologyItem], key: str) -> str:
    return t.pick(by_id[key].name)


def tags_part() -> None:
    """Le RAMEAU's typologies, as optional tags."""
    st.header(t("analyse.tags_title"))
    st.caption(t("analyse.tags_help"))
    typologies = load_typologies()
    for field, items in (
        ("partnership_modes", typologies.partnership_modes),
        ("coconstruction_forms", typologies.coconstruction_forms),
    ):
        by_id = {item.id: item for item in items}

        def save_tags(field: str = field) -> None:
            chosen = st.session_state[f"tags_{field}"]
            messages.attempt(
                lambda: analysis_service.set_tags(state.session(), field, chosen), "tags"
            )

        st.multiselect(
            t(f"analyse.tags.{field}"),
            options=list(by_id),
            default=[i for i in getattr(state.held().tags, field) if i in by_id],
            format_func=partial(typology_name, by_id),
            key=f"tags_{field}",
            on_change=save_tags,
            placeholder=t("analyse.tags_placeholder"),
        )
        definitions = st.expander(
            t(f"analyse.tags.{field}.definitions"), key=f"definitions_{field}", on_change="rerun"
        )
        if definitions.open:
            with definitions:
                for line, caption in analysis_texts.definitions(field, t.lang):
                    st.markdown(line)
                    if caption:
                        st.caption(caption)
                show_sources(dict.fromkeys(url for item in items for url in item.sources))
    messages.show("tags")


for part, draw in (
    ("members", members_part),
    ("network", network_part),
    ("questions", questions_part),
    ("tags", tags_part),
):
    if tabs[part].open:
        with tabs[part]:
            draw()

shell.next_step("analyse")
