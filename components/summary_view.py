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
from components.stakeholders import summary_grid
from components.tables import data_table
from domain.analysis import family_labels
from domain.i18n import Translator
from domain.models import Carnet
from domain.summary import CategoryInfo, Summary
from domain.text import escape_markdown, safe_url
from services.summary import carnet_summary


def _category_list(title: str, categories: Sequence[CategoryInfo], icon: str) -> None:
    """A titled list of categories, each with its mark (one Markdown block)."""
    lines = "\n".join(f"- {icon} {escape_markdown(c.label)}" for c in categories)
    st.markdown(f"{title}\n\n{lines}")


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
    st.header(t("summary.section.project"))
    # One Markdown block of paragraphs (one element, not one per line).
    lines = [f"**{_md(project.name or t('summary.untitled'))}**"]
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

    st.header(t("summary.section.actors"))
    if summary.actors:
        located = [a for a in carnet.actors if a.located]
        territory = carnet.project.territory
        if located or territory.located:
            anchor = territory if territory.located else located[0]
            center = (anchor.lat or 0.0, anchor.lon or 0.0)  # located: both are set
            st.caption(t("summary.map.description", count=len(located)))
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
        st.info(t("summary.actors.none"))
    st.subheader(t("summary.coverage.title"))
    if summary.coverage.found:
        _category_list(
            t("summary.coverage.found", count=len(summary.coverage.found)),
            summary.coverage.found,
            ":material/check_circle:",
        )
    if summary.coverage.missing:
        _category_list(
            t("summary.coverage.missing", count=len(summary.coverage.missing)),
            summary.coverage.missing,
            ":material/radio_button_unchecked:",
        )
    else:
        st.success(t("summary.coverage.complete"))

    st.header(t("summary.section.alliance"))
    alliance = summary.alliance
    if alliance is None:
        st.info(t("summary.alliance.none"))
    else:
        lines = [f"**{_md(alliance.name)}**"]
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
        st.markdown("\n\n".join(lines))  # one block, as the project's
        st.subheader(t("summary.alliance.members"))
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
            st.caption(t("summary.network.description"))
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

    st.header(t("summary.section.answers"))
    for answer in summary.answers:
        st.subheader(answer.question)
        if answer.state == "draft":
            st.caption(t("summary.answer.draft"))
        st.markdown(_md(answer.text) if answer.text.strip() else f"*{t('summary.answer.empty')}*")

    st.header(t("summary.section.tags"))
    tagged = [group for group in summary.tags if group.labels]
    if tagged:
        for group in tagged:
            st.markdown(
                f"**{escape_markdown(group.title)}**\n\n"
                + "\n".join(f"- {escape_markdown(label)}" for label in group.labels)
            )
    else:
        st.caption(t("summary.tags.none"))
