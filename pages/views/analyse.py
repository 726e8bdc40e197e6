"""Analyse: the members and their roles, the three questions, Le RAMEAU's typologies."""

import pandas as pd
import streamlit as st

from adapters.network_figure import network_figure
from components import messages, shell, state
from components.fields import bound_text
from components.members import member_form, members_editor
from components.sources import show_sources
from components.tables import data_table
from domain import analysis
from domain.catalogue import load_typologies
from domain.example import example_carnet
from domain.models import MAX_ANSWER, QUESTIONS
from domain.text import escape_markdown

t = state.t()
carnet = shell.require_carnet()
st.title(t("analyse.title"))
if carnet.alliance is None:
    st.info(t("analyse.no_alliance"), icon=":material/hub:")
    st.page_link(
        shell.JOURNEY[3].file,
        label=t("nav.alliance"),
        icon=shell.JOURNEY[3].icon,
        query_params=shell.link_params(),
    )
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
members = state.current().alliance.members
labels = analysis.family_labels(t)
st.header(t("analyse.network_title"))
picture, counts = st.columns([3, 2])
with picture:
    if members:
        projection = shell.projection_on()
        figure = state.derived(
            state.current(),
            ("network", state.language(), projection),
            lambda: network_figure(carnet.alliance.name, members, labels, projection=projection),
        )
        st.plotly_chart(figure, width="stretch", config={"displayModeBar": False})
        st.caption(t("analyse.network_alt"))
with counts:
    family_table = pd.DataFrame(
        [
            {t("analysis.column.family"): labels[f], t("analyse.count"): n}
            for f, n in analysis.family_counts(members).items()
            if n
        ]
    )
    if not family_table.empty:
        data_table(family_table)
    for prompt in analysis.missing_families(members):
        show = st.warning if prompt.severity == "warning" else st.info
        show(t(f"analysis.prompt.{prompt.code}", **prompt.params), icon=":material/lightbulb:")

# 3. The three questions
st.header(t("analyse.questions_title"))
worked_example = example_carnet(state.language())
worked = worked_example.answers
for number, question in enumerate(QUESTIONS, start=1):
    st.subheader(f"{number}. {t(f'analyse.q.{question}')}")
    with st.expander(t("analyse.guidance")):
        st.markdown(t(f"analyse.q.{question}.covers"))
        st.markdown(
            t("analyse.example_from", alliance=escape_markdown(worked_example.alliance.name))
        )
        st.markdown("> " + escape_markdown(getattr(worked, question)).replace("\n", "\n> "))
    draft = analysis.draft_from_members(members, question, t)
    if draft and not getattr(state.current().answers, question).strip():

        def use_draft(question=question, draft=draft):
            errors = state.update(lambda c: setattr(c.answers, question, draft))
            messages.errors(errors, f"answer_{question}")
            if not errors:
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
    check = analysis.answer_check(question, getattr(state.current().answers, question), members)
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

# 4. Le RAMEAU's typologies, as optional tags
st.header(t("analyse.tags_title"))
st.caption(t("analyse.tags_help"))
typologies = load_typologies()
for field, items in (
    ("partnership_modes", typologies.partnership_modes),
    ("coconstruction_forms", typologies.coconstruction_forms),
):
    by_id = {item.id: item for item in items}

    def save_tags(field=field):
        chosen = st.session_state[f"tags_{field}"]
        messages.errors(state.update(lambda c: setattr(c.tags, field, list(chosen))), "tags")

    st.multiselect(
        t(f"analyse.tags.{field}"),
        options=list(by_id),
        default=[i for i in getattr(state.current().tags, field) if i in by_id],
        format_func=lambda key, by_id=by_id: t.pick(by_id[key].name),
        key=f"tags_{field}",
        on_change=save_tags,
        placeholder=t("analyse.tags_placeholder"),
    )
    with st.expander(t(f"analyse.tags.{field}.definitions")):
        for item in items:
            st.markdown(
                f"**{escape_markdown(t.pick(item.name))}** — "
                f"{escape_markdown(t.pick(item.definition))}"
            )
            example = t.pick(item.example)
            if example:
                kind = (
                    t("analyse.illustration")
                    if item.example_kind == "illustration"
                    else t("analyse.example")
                )
                st.caption(t("analyse.labelled", label=kind, text=escape_markdown(example)))
        show_sources(dict.fromkeys(url for item in items for url in item.sources))
messages.show("tags")

shell.next_step("analyse")
