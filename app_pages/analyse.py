"""Analyse: the members and their roles, the three questions, Le RAMEAU's typologies."""

from functools import partial

import pandas as pd
import pyarrow as pa
import streamlit as st

from components import analysis_texts, figures, messages, shell, state
from components.fields import bound_text
from components.members import member_form, members_editor
from components.sources import show_sources
from components.tables import data_table
from domain import analysis
from domain.catalogue import TypologyItem, load_typologies
from domain.models import MAX_ANSWER, QUESTIONS
from domain.text import escape_markdown
from services import analysis as analysis_service

t = state.t()
carnet = shell.require_carnet()
st.title(t("analyse.title"))
if carnet.alliance is None:
    st.info(t("analyse.no_alliance"), icon=":material/hub:")
    shell.step_link(shell.page_spec("alliance"))
    st.stop()

st.markdown(t("analyse.intro", alliance=escape_markdown(carnet.alliance.name)))

# 1. Members and their roles
st.header(t("analyse.members_title"))
st.caption(t("analyse.members_help"))
members = carnet.alliance.members
table_tab, form_tab = st.tabs([t("analyse.tab_table"), t("analyse.tab_form")])
with table_tab:
    members_editor(members)
with form_tab:
    member_form(members)

# 2. The network picture, its text alternative, and what may be missing
members = analysis_service.members(state.session())
alliance_name = carnet.alliance.name
labels = analysis.family_labels(t)
held = state.held()  # the version the figure and the table are derived from (state.derived)
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


def _family_table() -> pa.Table | None:
    rows = [
        {t("analysis.column.family"): labels[f], t("analyse.count"): n}
        for f, n in analysis.family_counts(members).items()
        if n
    ]
    return pa.Table.from_pandas(pd.DataFrame(rows), preserve_index=False) if rows else None


with counts:
    family_table = state.derived(held, ("family_table", t.lang), _family_table)
    if family_table is not None:
        data_table(family_table)
    for prompt in analysis.missing_families(members):
        show = st.warning if prompt.severity == "warning" else st.info
        show(t(f"analysis.prompt.{prompt.code}", **prompt.params), icon=":material/lightbulb:")

# 3. The three questions
st.header(t("analyse.questions_title"))
for number, question in enumerate(QUESTIONS, start=1):
    st.subheader(f"{number}. {t(f'analyse.q.{question}')}")
    with st.expander(t("analyse.guidance")):
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

messages.show("questions")

# 4. Le RAMEAU's typologies, as optional tags
st.header(t("analyse.tags_title"))
st.caption(t("analyse.tags_help"))
typologies = load_typologies()


def typology_name(by_id: dict[str, TypologyItem], key: str) -> str:
    return t.pick(by_id[key].name)


for field, items in (
    ("partnership_modes", typologies.partnership_modes),
    ("coconstruction_forms", typologies.coconstruction_forms),
):
    by_id = {item.id: item for item in items}

    def save_tags(field: str = field) -> None:
        chosen = st.session_state[f"tags_{field}"]
        messages.attempt(lambda: analysis_service.set_tags(state.session(), field, chosen), "tags")

    st.multiselect(
        t(f"analyse.tags.{field}"),
        options=list(by_id),
        default=[i for i in getattr(state.held().tags, field) if i in by_id],
        format_func=partial(typology_name, by_id),
        key=f"tags_{field}",
        on_change=save_tags,
        placeholder=t("analyse.tags_placeholder"),
    )
    with st.expander(t(f"analyse.tags.{field}.definitions")):
        for line, caption in analysis_texts.definitions(field, t.lang):
            st.markdown(line)
            if caption:
                st.caption(caption)
        show_sources(dict.fromkeys(url for item in items for url in item.sources))
messages.show("tags")

shell.next_step("analyse")
