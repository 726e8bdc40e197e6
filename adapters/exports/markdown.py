"""The whole carnet as Markdown (CommonMark + GFM tables).

Every learner string goes through escape_markdown (so `[x](javascript:…)`, `<script>` or `$…$`
are shown as typed, never interpreted); links are written only for URLs accepted by safe_url, as
autolinks `<https://…>`.
"""

from __future__ import annotations

from adapters.exports import stakeholders
from domain.dates import long_date
from domain.summary import Summary, TranslatorLike
from domain.text import escape_markdown, safe_url

# the actors' table: (header key, ActorSummary field) of the text cells, then the private ones
_TEXT_COLUMNS = (
    ("summary.col.name", "name"),
    ("summary.col.category", "category_label"),
    ("summary.col.commune", "commune"),
    ("summary.col.address", "address"),
    ("summary.col.status", "status_label"),
)
_PRIVATE_COLUMNS = (("summary.col.contact", "contact_person"), ("summary.col.notes", "notes"))


def md_text(value: str) -> str:
    """A learner paragraph: escaped, line breaks kept (CommonMark hard break "\\" + newline)."""
    lines = [escape_markdown(line.strip()) for line in (value or "").strip().split("\n")]
    out: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        # a hard break only between two non-empty lines; blank lines separate paragraphs
        out.append(line + "\\" if line and following else line)
    return "\n".join(out)


def md_cell(value: str) -> str:
    """A learner string inside a table cell: escaped (| included), one line."""
    lines = [escape_markdown(line.strip()) for line in (value or "").strip().split("\n")]
    return "<br>".join(line for line in lines if line)


def md_link(url: str) -> str:
    """An autolink for a safe http(s) URL; anything else is shown as inert text."""
    safe = safe_url(url)
    return f"<{safe}>" if safe else escape_markdown(url)


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    """headers are ours (locale); rows are already escaped cells."""
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_markdown(summary: Summary, t: TranslatorLike) -> str:
    def lv(label: str, value: str) -> str:
        return t("summary.label_value", label=f"**{label}**", value=value)

    project = summary.project
    name = md_text(project.name) if project.name else t("summary.untitled")
    blocks: list[str] = [
        f"# {t('summary.doc_title', project=name)}",
        f"*{t('summary.course')}* — {t('summary.generated_on', date=long_date(summary.generated_on, t))}",
    ]
    if summary.include_private:
        blocks.append(f"> **{t('summary.private_notice')}**")

    # --- project ---
    blocks.append(f"## {t('summary.section.project')}")
    project_lines = [lv(t("summary.project.name"), name)]
    if project.territory:
        project_lines.append(lv(t("summary.project.territory"), md_text(project.territory)))
    blocks.append("\\\n".join(project_lines))
    if project.description:
        blocks.append(md_text(project.description))

    blocks += stakeholders.markdown_section(summary, t)  # only when the learner listed some

    # --- actors ---
    blocks.append(f"## {t('summary.section.actors')}")
    if summary.actors:
        private = _PRIVATE_COLUMNS if summary.include_private else ()
        headers = [t("summary.col.number"), *(t(key) for key, _ in _TEXT_COLUMNS)]
        headers += [t("summary.col.website"), *(t(key) for key, _ in private)]
        rows = []
        for actor in summary.actors:
            row = [str(actor.number), *(md_cell(getattr(actor, f)) for _, f in _TEXT_COLUMNS)]
            row.append(md_link(actor.website) if actor.website else "")
            row += [md_cell(getattr(actor, field) or "") for _, field in private]
            rows.append(row)
        blocks.append(md_table(headers, rows))
    else:
        blocks.append(t("summary.actors.none"))

    blocks.append(f"### {t('summary.coverage.title')}")
    coverage = summary.coverage
    coverage_lines = []
    found, missing = coverage.found, coverage.missing
    for key, items in (("summary.coverage.found", found), ("summary.coverage.missing", missing)):
        if items:
            labels = ", ".join(md_cell(c.label) for c in items)
            coverage_lines.append("- " + lv(t(key, count=len(items)), labels))
    if not missing:
        coverage_lines.append("- " + t("summary.coverage.complete"))
    blocks.append("\n".join(coverage_lines))

    # --- alliance ---
    blocks.append(f"## {t('summary.section.alliance')}")
    alliance = summary.alliance
    if alliance is None:
        blocks.append(t("summary.alliance.none"))
    else:
        blocks.append(f"### {md_text(alliance.name)}")
        details = []
        if alliance.place:
            details.append(lv(t("summary.alliance.place"), md_text(alliance.place)))
        if alliance.source_url:
            details.append(lv(t("summary.alliance.source"), md_link(alliance.source_url)))
        if details:
            blocks.append("\\\n".join(details))
        if alliance.description:
            blocks.append(md_text(alliance.description))
        blocks.append(f"#### {t('summary.alliance.members')}")
        if alliance.members:
            blocks.append(
                md_table(
                    [
                        t("summary.col.name"),
                        t("summary.col.family"),
                        t("summary.col.role"),
                        t("summary.col.expertise"),
                        t("summary.col.interest"),
                    ],
                    [
                        [
                            md_cell(m.name),
                            md_cell(m.family_label),
                            md_cell(m.role),
                            md_cell(m.expertise),
                            md_cell(m.interest),
                        ]
                        for m in alliance.members
                    ],
                )
            )
        else:
            blocks.append(t("summary.alliance.no_members"))

    # --- answers ---
    blocks.append(f"## {t('summary.section.answers')}")
    for answer in summary.answers:
        blocks.append(f"### {answer.question}")
        if answer.state == "draft":  # an untouched draft is marked as one (domain.answers)
            blocks.append(f"*{t('summary.answer.draft')}*")
        blocks.append(
            md_text(answer.text) if answer.text.strip() else f"*{t('summary.answer.empty')}*"
        )

    # --- tags ---
    blocks.append(f"## {t('summary.section.tags')}")
    blocks.append(
        "\n".join(
            "- "
            + lv(
                group.title,
                ", ".join(md_cell(label) for label in group.labels) or t("summary.tags.none"),
            )
            for group in summary.tags
        )
    )
    blocks.append(f"---\n*{t('summary.footer')}*")
    return "\n\n".join(blocks) + "\n"
