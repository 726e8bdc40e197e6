"""The carnet at a glance: shared by « Synthèse » (the learner) and the read-only share view.

Everything shown comes from domain.summary.Summary; learner strings are shown as text (escaped
Markdown or dataframes), never as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import streamlit as st

from adapters.network_figure import network_figure
from components import figures, resources, state
from components.map_view import territory_map
from components.sections import small_print
from components.stakeholders import summary_grid
from components.tables import data_table
from domain.analysis import family_labels
from domain.i18n import Translator
from domain.models import Carnet
from domain.summary import CategoryInfo, Summary
from domain.text import escape_markdown, safe_url
from services.summary import carnet_summary


def _category_list(title: str, categories: Sequence[CategoryInfo], icon: str) -> str:
    """A titled list of categories, each with its mark (Markdown)."""
    lines = "\n".join(f"- {icon} {escape_markdown(c.label)}" for c in categories)
    return f"{title}\n\n{lines}"


def summary_of(
    carnet: Carnet, *, include_private: bool = False, lang: str | None = None
) -> tuple[Summary, Translator]:
    """The summary in ``lang`` (the interface's language, so that the forum post and the
    exports never mix languages with the page; the carnet's language when omitted), built
    once per saved version of the carnet."""
    lang = lang or carnet.language
    return state.derived(
        carnet,
        ("summary", include_private, lang),
        lambda: fresh_summary(carnet, include_private=include_private, lang=lang),
    )


def fresh_summary(
    carnet: Carnet, *, include_private: bool = False, lang: str | None = None
) -> tuple[Summary, Translator]:
    """The same, built now and touching no session state: for what runs outside the script,
    such as a download button's deferred data (Streamlit calls it from its server thread)."""
    return carnet_summary(carnet, include_private=include_private, lang=lang)


def _md(text: str) -> str:
    return escape_markdown(text).replace("\n", "  \n")


def show_summary(
    carnet: Carnet, summary: Summary, t: Translator, *, map_key: str, projection: bool = False
) -> None:
    project = summary.project
    # Each section's heading and text are ONE Markdown block of paragraphs (every element a
    # page sends costs on every rerun): "## " is the h2 that st.header draws, "### " st.subheader.
    lines = [
        f"## {t('summary.section.project')}",
        f"**{_md(project.name or t('summary.untitled'))}**",
    ]
    if project.description:
        lines.append(_md(project.description))
    if project.territory:
        lines.append(
            t(
                "summary.label_value",
                label=t("summary.project.territory"),
                value=_md(project.territory),
            )
        )
    st.markdown("\n\n".join(lines))

    summary_grid(carnet, summary, t, key=map_key, projection=projection)

    heading = f"## {t('summary.section.actors')}"
    if summary.actors:
        located = [a for a in carnet.actors if a.located]
        territory = carnet.project.territory
        if located or territory.located:
            anchor = territory if territory.located else located[0]
            center = (anchor.lat or 0.0, anchor.lon or 0.0)  # located: both are set
            st.markdown(
                f"{heading}\n\n{small_print(t('summary.map.description', count=len(located)))}"
            )
            territory_map(
                center=center,
                zoom=9,
                actors=carnet.actors,
                territory=territory,
                styles=resources.category_styles(carnet.language),
                labels=resources.map_labels(t),
                key=map_key,
                height=420,
            )
        else:
            st.markdown(heading)
        columns = {
            "number": t("summary.col.number"),
            "name": t("summary.col.name"),
            "category_label": t("summary.col.category"),
            "commune": t("summary.col.commune"),
            "status_label": t("summary.col.status"),
            "website": t("summary.col.website"),
        }
        if summary.include_private:
            columns |= {"contact_person": t("summary.col.contact"), "notes": t("summary.col.notes")}
        # An Arrow table, built once per saved version: a DataFrame would be converted again
        # on every rerun.
        table = state.derived(
            carnet,
            ("summary_actors", summary.include_private, t.lang),
            lambda: pa.Table.from_pylist(
                [
                    {label: getattr(actor, field) for field, label in columns.items()}
                    for actor in summary.actors
                ]
            ),
        )
        data_table(table, column_config={columns["website"]: st.column_config.LinkColumn()})
    else:
        st.markdown(heading)
        st.info(t("summary.actors.none"))
    coverage = [f"### {t('summary.coverage.title')}"]
    if summary.coverage.found:
        coverage.append(
            _category_list(
                t("summary.coverage.found", count=len(summary.coverage.found)),
                summary.coverage.found,
                ":material/check_circle:",
            )
        )
    if summary.coverage.missing:
        coverage.append(
            _category_list(
                t("summary.coverage.missing", count=len(summary.coverage.missing)),
                summary.coverage.missing,
                ":material/radio_button_unchecked:",
            )
        )
    st.markdown("\n\n".join(coverage))
    if not summary.coverage.missing:
        st.success(t("summary.coverage.complete"))

    heading = f"## {t('summary.section.alliance')}"
    alliance = summary.alliance
    if alliance is None:
        st.markdown(heading)
        st.info(t("summary.alliance.none"))
    else:
        lines = [heading, f"**{_md(alliance.name)}**"]
        if alliance.place:
            lines.append(
                t(
                    "summary.label_value",
                    label=t("summary.alliance.place"),
                    value=_md(alliance.place),
                )
            )
        if safe_url(alliance.source_url):
            lines.append(
                t(
                    "summary.label_value",
                    label=t("summary.alliance.source"),
                    value=f"<{safe_url(alliance.source_url)}>",
                )
            )
        if alliance.description:
            lines.append(_md(alliance.description))
        lines.append(f"### {t('summary.alliance.members')}")
        if alliance.members:  # the figure's description above it, in the same block
            lines.append(small_print(t("summary.network.description")))
        st.markdown("\n\n".join(lines))  # one block, as the project's
        members = carnet.alliance.members if carnet.alliance is not None else []
        if alliance.members:
            figure = state.derived(
                carnet,
                ("network", projection),
                lambda: figures.frozen(
                    network_figure(alliance.name, members, family_labels(t), projection=projection)
                ),
            )
            st.plotly_chart(
                figure, width="stretch", config={"displayModeBar": False}, key=f"{map_key}_network"
            )
            members = state.derived(
                carnet,
                ("summary_members", t.lang),
                lambda: pa.Table.from_pylist(
                    [
                        {
                            t("summary.col.name"): m.name,
                            t("summary.col.family"): m.family_label,
                            t("summary.col.role"): m.role,
                            t("summary.col.expertise"): m.expertise,
                            t("summary.col.interest"): m.interest,
                        }
                        for m in alliance.members
                    ]
                ),
            )
            data_table(members)
        else:
            st.info(t("summary.alliance.no_members"))

    # The three answers: one block (each question an h3, a draft marked in small grey type).
    answers = [f"## {t('summary.section.answers')}"]
    for answer in summary.answers:
        answers.append(f"### {escape_markdown(answer.question)}")
        if answer.state == "draft":
            answers.append(small_print(t("summary.answer.draft")))
        answers.append(
            _md(answer.text) if answer.text.strip() else f"*{t('summary.answer.empty')}*"
        )
    st.markdown("\n\n".join(answers))

    tags = [f"## {t('summary.section.tags')}"]
    tagged = [group for group in summary.tags if group.labels]
    for group in tagged:
        tags.append(
            f"**{escape_markdown(group.title)}**\n\n"
            + "\n".join(f"- {escape_markdown(label)}" for label in group.labels)
        )
    if not tagged:
        tags.append(small_print(t("summary.tags.none")))
    st.markdown("\n\n".join(tags))
