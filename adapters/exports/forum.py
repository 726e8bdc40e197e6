"""The forum post: the three answers on the alliance and the local support actors found.

Two renderings of the same post, in the summary's language (build the summary and pass t for the
carnet's language):
- forum_post_markdown: for a forum that renders Markdown (learner text escaped, safe links only);
- forum_post_text: for Coursera's forum editor, which takes a paste as plain text: no Markdown
  symbols, a blank line between sections, "- " bullets, every URL alone on its line (so the editor
  can turn it into a link), lines not wrapped.

The post never contains an actor's contact person or notes, nor the contact status: it is meant
for other learners, whatever the summary includes.
"""

from __future__ import annotations

import re

from adapters.exports.markdown import md_cell, md_link, md_text
from domain.summary import ActorSummary, AnswerSummary, Summary, TranslatorLike
from domain.text import safe_url

_BLANK_LINES = re.compile(r"\n\s*\n+")


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def _paragraphs(value: str) -> str:
    """Learner text for plain output: trimmed lines, at most one blank line in a row."""
    text = "\n".join(line.strip() for line in (value or "").strip().split("\n"))
    return _BLANK_LINES.sub("\n\n", text)


def _place(actor: ActorSummary) -> str:
    """Address and commune, without repeating the commune when the address already has it."""
    if actor.address and actor.commune and actor.commune.lower() not in actor.address.lower():
        return f"{actor.address}, {actor.commune}"
    return actor.address or actor.commune


def _not_written(answer: AnswerSummary, t: TranslatorLike) -> str:
    """What the post says for an answer still empty or an untouched draft (never the draft)."""
    return t("summary.answer.draft") if answer.state == "draft" else t("summary.answer.empty")


def forum_post_markdown(summary: Summary, t: TranslatorLike) -> str:
    def lv(label: str, value: str) -> str:
        return t("summary.label_value", label=f"**{label}**", value=value)

    project = summary.project
    blocks = [t("summary.forum.greeting")]
    intro = [lv(t("summary.forum.project"), md_cell(project.name) or t("summary.untitled"))]
    if project.territory:
        intro.append(lv(t("summary.project.territory"), md_cell(project.territory)))
    blocks.append("\\\n".join(intro))
    if project.description:
        blocks.append(md_text(project.description))

    alliance = summary.alliance
    if alliance is not None:
        blocks.append(f"## {t('summary.forum.alliance', name=md_cell(alliance.name))}")
        details = []
        if alliance.place:
            details.append(lv(t("summary.alliance.place"), md_cell(alliance.place)))
        if safe_url(alliance.source_url):
            details.append(lv(t("summary.alliance.source"), md_link(alliance.source_url)))
        if details:
            blocks.append("\\\n".join(details))
        if alliance.members:
            blocks.append(f"**{t('summary.forum.members')}**")
            blocks.append(
                "\n".join(
                    "- "
                    + (
                        t(
                            "summary.label_value",
                            label=f"**{md_cell(m.name)}** ({md_cell(m.family_label)})",
                            value=md_cell(m.role),
                        )
                        if m.role
                        else f"**{md_cell(m.name)}** ({md_cell(m.family_label)})"
                    )
                    for m in alliance.members
                )
            )
    for answer in summary.answers:
        blocks.append(f"### {answer.question}")
        blocks.append(md_text(answer.text) if answer.posted else f"*{_not_written(answer, t)}*")
    tag_lines = [
        "- " + lv(group.title, ", ".join(md_cell(label) for label in group.labels))
        for group in summary.tags
        if group.labels
    ]
    if tag_lines:
        blocks.append(f"**{t('summary.section.tags')}**")
        blocks.append("\n".join(tag_lines))

    blocks.append(f"**{t('summary.forum.actors')}**")
    if summary.actors:
        lines = []
        for actor in summary.actors:
            details = ", ".join(md_cell(d) for d in (actor.category_label, _place(actor)) if d)
            parts = [lv(md_cell(actor.name), details)]
            if safe_url(actor.website):
                parts.append(md_link(actor.website))
            lines.append("- " + " — ".join(parts))
        blocks.append("\n".join(lines))
    else:
        blocks.append(t("summary.forum.no_actors"))
    return "\n\n".join(blocks) + "\n"


def forum_post_text(summary: Summary, t: TranslatorLike) -> str:
    def lv(label: str, value: str) -> str:
        return t("summary.label_value", label=label, value=value)

    project = summary.project
    blocks = [t("summary.forum.greeting")]
    intro = [lv(t("summary.forum.project"), _one_line(project.name) or t("summary.untitled"))]
    if project.territory:
        intro.append(lv(t("summary.project.territory"), project.territory))
    blocks.append("\n".join(intro))
    if project.description:
        blocks.append(_paragraphs(project.description))

    alliance = summary.alliance
    if alliance is not None:
        lines = [t("summary.forum.alliance", name=_one_line(alliance.name))]
        if alliance.place:
            lines.append(lv(t("summary.alliance.place"), _one_line(alliance.place)))
        source = safe_url(alliance.source_url)
        if source:
            lines += [lv(t("summary.alliance.source"), "").rstrip(), source]
        blocks.append("\n".join(lines))
        if alliance.members:
            blocks.append(
                "\n".join(
                    [t("summary.forum.members")]
                    + [
                        "- "
                        + (
                            lv(f"{_one_line(m.name)} ({m.family_label})", _one_line(m.role))
                            if m.role
                            else f"{_one_line(m.name)} ({m.family_label})"
                        )
                        for m in alliance.members
                    ]
                )
            )
    for answer in summary.answers:
        text = _paragraphs(answer.text) if answer.posted else _not_written(answer, t)
        blocks.append(f"{answer.question}\n{text}")
    tag_lines = [lv(group.title, ", ".join(group.labels)) for group in summary.tags if group.labels]
    if tag_lines:
        blocks.append("\n".join([t("summary.section.tags")] + tag_lines))

    if summary.actors:
        lines = [t("summary.forum.actors")]
        for actor in summary.actors:
            details = ", ".join(d for d in (actor.category_label, _place(actor)) if d)
            lines.append("- " + lv(_one_line(actor.name), details))
            website = safe_url(actor.website)
            if website:
                lines.append(website)
        blocks.append("\n".join(lines))
    else:
        blocks.append(t("summary.forum.no_actors"))
    return "\n\n".join(blocks) + "\n"
