"""The forum post: the three answers on the alliance and the local support actors found.

Two renderings of the same post, in the summary's language (build the summary and pass t for the
carnet's language):
- forum_post_markdown: for a forum that renders Markdown (learner text escaped only where
  Markdown would read it, safe links only);
- forum_post_text: for Coursera's forum editor, which takes a paste as plain text: no Markdown
  symbols, a blank line between sections, "- " bullets, every URL alone on its line (so the editor
  can turn it into a link), lines not wrapped.

Each comes in two lengths:
- the default post fits a forum reply: at most LIMIT characters. The members are named once,
  on one line (their roles are in the answers and in the full version); when the whole does not
  fit, the answers are shortened at a sentence or word boundary (marked « […] ») and, if still
  needed, the list of actors is cut (« … and N more »); the post then ends with a pointer to the
  full version: the carnet's read-only share link when the learner made one (share_url);
- full=True: the « version complète », nothing shortened, each member with their role.

The post never contains an actor's contact person or notes, nor the contact status: it is meant
for other learners, whatever the summary includes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from adapters.exports import stakeholders
from adapters.exports.markdown import md_cell, md_link, md_text
from domain.summary import ActorSummary, AnswerSummary, Summary, TranslatorLike
from domain.text import safe_url, shorten_words

LIMIT = 3_000  # characters: a forum reply
MIN_ANSWER = 280  # characters kept of each answer before the list of actors is cut

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


def _posted_texts(summary: Summary) -> tuple[str, ...]:
    """The answers the post shows: the learner's (an empty or untouched-draft answer is "")."""
    return tuple(answer.text if answer.posted else "" for answer in summary.answers)


@dataclass(frozen=True)
class _Cut:
    """What a rendering shows: the answers' texts, how many actors; full or short form."""

    answers: tuple[str, ...]
    actors: int
    full: bool
    shortened: bool = False


def _opening(
    summary: Summary,
    t: TranslatorLike,
    lv: Callable[[str, str], str],
    one_line: Callable[[str], str],
    paragraphs: Callable[[str], str],
    line_break: str,
) -> list[str]:
    """The greeting, the project (name, territory) and its description, in one rendering."""
    project = summary.project
    blocks = [t("summary.forum.greeting")]
    intro = [lv(t("summary.forum.project"), one_line(project.name) or t("summary.untitled"))]
    if project.territory:
        intro.append(lv(t("summary.project.territory"), one_line(project.territory)))
    blocks.append(line_break.join(intro))
    if project.description:
        blocks.append(paragraphs(project.description))
    return blocks


def _markdown(summary: Summary, t: TranslatorLike, cut: _Cut, share_url: str) -> str:
    def lv(label: str, value: str) -> str:
        return t("summary.label_value", label=f"**{label}**", value=value)

    blocks = _opening(summary, t, lv, md_cell, md_text, "\\\n")
    if summary.stakeholders:
        blocks.append(stakeholders.forum_markdown_line(summary, t))

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
        if alliance.members and cut.full:
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
        elif alliance.members:
            names = ", ".join(
                f"{md_cell(m.name)} ({md_cell(m.family_label)})" for m in alliance.members
            )
            blocks.append(lv(t("summary.forum.members_short"), names))
    for answer, text in zip(summary.answers, cut.answers, strict=True):
        blocks.append(f"### {answer.question}")
        blocks.append(md_text(text) if text.strip() else f"*{_not_written(answer, t)}*")
    tag_lines = [
        "- " + lv(group.title, ", ".join(md_cell(label) for label in group.labels))
        for group in summary.tags
        if group.labels
    ]
    if tag_lines:
        blocks.append(f"**{t('summary.section.tags')}**")
        blocks.append("\n".join(tag_lines))

    blocks.append(f"**{t('summary.forum.actors')}**")
    lines = []
    for actor in summary.actors[: cut.actors]:
        described = ", ".join(md_cell(d) for d in (actor.category_label, _place(actor)) if d)
        parts = [lv(md_cell(actor.name), described)]
        if safe_url(actor.website):
            parts.append(md_link(actor.website))
        lines.append("- " + " — ".join(parts))
    return _ending(blocks, lines, summary, t, cut, share_url, link=md_link)


def _text(summary: Summary, t: TranslatorLike, cut: _Cut, share_url: str) -> str:
    def lv(label: str, value: str) -> str:
        return t("summary.label_value", label=label, value=value)

    blocks = _opening(summary, t, lv, _one_line, _paragraphs, "\n")
    if summary.stakeholders:
        blocks.append(stakeholders.forum_text_line(summary, t))

    alliance = summary.alliance
    if alliance is not None:
        lines = [t("summary.forum.alliance", name=_one_line(alliance.name))]
        if alliance.place:
            lines.append(lv(t("summary.alliance.place"), _one_line(alliance.place)))
        source = safe_url(alliance.source_url)
        if source:
            lines += [lv(t("summary.alliance.source"), "").rstrip(), source]
        if alliance.members and not cut.full:
            names = ", ".join(f"{_one_line(m.name)} ({m.family_label})" for m in alliance.members)
            lines.append(lv(t("summary.forum.members_short"), names))
        blocks.append("\n".join(lines))
        if alliance.members and cut.full:
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
    for answer, text in zip(summary.answers, cut.answers, strict=True):
        blocks.append(f"{answer.question}\n{_paragraphs(text) or _not_written(answer, t)}")
    tag_lines = [lv(group.title, ", ".join(group.labels)) for group in summary.tags if group.labels]
    if tag_lines:
        blocks.append("\n".join([t("summary.section.tags")] + tag_lines))

    lines = [t("summary.forum.actors")]
    for actor in summary.actors[: cut.actors]:
        described = ", ".join(d for d in (actor.category_label, _place(actor)) if d)
        lines.append("- " + lv(_one_line(actor.name), described))
        website = safe_url(actor.website)
        if website:
            lines.append(website)
    return _ending(blocks, lines, summary, t, cut, share_url, link=str)


def _ending(
    blocks: list[str],
    actor_lines: list[str],
    summary: Summary,
    t: TranslatorLike,
    cut: _Cut,
    share_url: str,
    link: Callable[[str], str],
) -> str:
    """Close the post: the actors' block (with how many are left out), or a sentence saying
    there are none; on the short post, where the full version is."""
    if summary.actors:
        if cut.actors < len(summary.actors):
            more = len(summary.actors) - cut.actors
            actor_lines.append("- " + t("summary.forum.more_actors", count=more))
        blocks.append("\n".join(actor_lines))
    else:
        blocks.append(t("summary.forum.no_actors"))
    if not cut.full:
        blocks.append(_pointer(t, cut, share_url, link=link))
    return "\n\n".join(blocks) + "\n"


def _pointer(t: TranslatorLike, cut: _Cut, share_url: str, link: Callable[[str], str]) -> str:
    """The last block of the short post: where the full version is."""
    url = safe_url(share_url)
    key = "summary.forum.full_link" if url else "summary.forum.full_no_link"
    head = t(key + (".shortened" if cut.shortened else ""))
    return f"{head}\n{link(url)}" if url else head


Renderer = Callable[[Summary, TranslatorLike, _Cut, str], str]


def _fit(summary: Summary, t: TranslatorLike, render: Renderer, share_url: str, limit: int) -> str:
    """The short post at most `limit` characters: shorten the answers, then cut the actors."""
    texts = _posted_texts(summary)
    whole = _Cut(texts, len(summary.actors), full=False)
    post = render(summary, t, whole, share_url)
    if len(post) <= limit:
        return post

    def attempt(actors: int, budget: int) -> str:
        return render(summary, t, _Cut(_share(texts, budget), actors, False, True), share_url)

    # how many actors fit with each answer kept to MIN_ANSWER (binary search: length grows)
    floor = sum(min(len(text.strip()), MIN_ANSWER) for text in texts)
    low, high = 0, len(summary.actors)
    while low < high:
        middle = (low + high + 1) // 2
        if len(attempt(middle, floor)) <= limit:
            low = middle
        else:
            high = middle - 1
    actors = low
    # the answers share what is left; escaping can lengthen them: shrink until it fits
    budget = max(limit - len(attempt(actors, 0)), 0)
    post = attempt(actors, budget)
    while len(post) > limit and budget > 0:
        budget = max(0, budget - (len(post) - limit) - 8)
        post = attempt(actors, budget)
    return post


def _share(texts: tuple[str, ...], budget: int) -> tuple[str, ...]:
    """Each answer shortened so that all together take about `budget` characters; a short
    answer leaves its unused share to the others."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i].strip()))
    out = list(texts)
    left = budget
    for rank, index in enumerate(order):
        share = left // (len(texts) - rank)
        out[index] = shorten_words(texts[index].strip(), share)
        left -= len(out[index])
    return tuple(out)


def _post(summary: Summary, t: TranslatorLike, render: Renderer, full: bool, share_url: str) -> str:
    if full:
        cut = _Cut(_posted_texts(summary), len(summary.actors), full=True)
        return render(summary, t, cut, share_url)
    return _fit(summary, t, render, share_url, LIMIT)


def forum_post_markdown(
    summary: Summary, t: TranslatorLike, *, full: bool = False, share_url: str = ""
) -> str:
    return _post(summary, t, _markdown, full, share_url)


def forum_post_text(
    summary: Summary, t: TranslatorLike, *, full: bool = False, share_url: str = ""
) -> str:
    return _post(summary, t, _text, full, share_url)
