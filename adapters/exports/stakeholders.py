"""The project's stakeholders in every export: one section, added to each format only when the
learner listed stakeholders (the optional step), so carnets without them export as before.

- ``markdown_section``: a heading, the grid as a table (number, name, family, power, interest,
  quadrant, support actors who help reach it) and what the learner expects of each;
- ``grid_svg``: the power / interest grid as inline SVG (the four named quadrants, numbered
  points; the HTML page shows the table under it);
- ``pdf_section``: the same table in the PDF (drawn with the writer's table helper);
- ``forum_markdown_line`` / ``forum_text_line``: one line for the forum post;
- ``stakeholders_csv``: the stakeholders as their own CSV (same conventions as the actors').

Learner text is escaped for its format (``escape_markdown``, ``escape_html``, ``csv_cell``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from adapters.exports.markdown import md_cell, md_table
from domain.models import GRID_LEVELS
from domain.stakeholders import HIGH_FROM, Quadrant, around_cells
from domain.summary import StakeholderSummary, Summary, TranslatorLike
from domain.text import csv_cell, escape_html

CSV_COLUMNS = (
    "numero", "nom", "famille", "pouvoir", "interet_niveau", "quadrant", "interet",
    "influence", "attentes", "acteurs_qui_aident",
)  # fmt: skip
QUADRANT_FILL = {
    Quadrant.KEY_PLAYERS.value: "#fde2e1",
    Quadrant.KEEP_SATISFIED.value: "#fff1d6",
    Quadrant.KEEP_INFORMED.value: "#dff0ff",
    Quadrant.MONITOR.value: "#eef0f2",
}
QUADRANT_INK = {
    Quadrant.KEY_PLAYERS.value: "#b3261e",
    Quadrant.KEEP_SATISFIED.value: "#8a5300",
    Quadrant.KEEP_INFORMED.value: "#0b5394",
    Quadrant.MONITOR.value: "#4a5259",
}


def _levels(t: TranslatorLike, s: StakeholderSummary) -> tuple[str, str]:
    return t(f"stakeholders.level.{s.power_level}"), t(f"stakeholders.level.{s.interest_level}")


def _headers(t: TranslatorLike) -> list[str]:
    return [
        t("summary.col.number"),
        t("stakeholders.col.name"),
        t("stakeholders.col.family"),
        t("stakeholders.col.power"),
        t("stakeholders.col.interest_level"),
        t("stakeholders.col.quadrant"),
        t("stakeholders.col.reached_by"),
    ]


# ------------------------------------------------------------------------------------ Markdown


def markdown_section(summary: Summary, t: TranslatorLike) -> list[str]:
    """Markdown blocks of the section ([] without stakeholders)."""
    if not summary.stakeholders:
        return []
    rows = []
    for s in summary.stakeholders:
        power, interest = _levels(t, s)
        rows.append(
            [
                str(s.number),
                md_cell(s.name),
                md_cell(s.family_label),
                power,
                interest,
                md_cell(s.quadrant_label),
                ", ".join(md_cell(name) for name in s.reached_by),
            ]
        )
    blocks = [f"## {t('summary.section.stakeholders')}", md_table(_headers(t), rows)]
    details = []
    for s in summary.stakeholders:
        parts = [
            t("summary.label_value", label=t(f"stakeholders.field.{field}"), value=md_cell(text))
            for field, text in (
                ("interest", s.interest),
                ("influence", s.influence),
                ("expectations", s.expectations),
            )
            if text.strip()
        ]
        if parts:
            details.append(f"- **{s.number}. {md_cell(s.name)}** — " + " · ".join(parts))
    if details:
        blocks.append("\n".join(details))
    return blocks


# ---------------------------------------------------------------------------------------- HTML

SVG_CELL = 90
SVG_MARGIN = 56


def _spread(items: list[StakeholderSummary]) -> dict[int, tuple[float, float]]:
    """Grid cell → SVG position; several stakeholders in a cell sit on a small circle."""
    cells = ((s.number, (s.interest_level, s.power_level)) for s in items)
    positions: dict[int, tuple[float, float]] = {}
    for number, ((x, y), angle) in around_cells(cells, start=-math.pi / 2).items():
        cx = SVG_MARGIN + (x - 0.5) * SVG_CELL
        cy = SVG_MARGIN / 2 + (GRID_LEVELS - y + 0.5) * SVG_CELL
        if angle is None:
            positions[number] = (round(cx, 1), round(cy, 1))
        else:
            positions[number] = (
                round(cx + 24 * math.cos(angle), 1),
                round(cy + 24 * math.sin(angle), 1),
            )
    return positions


def grid_svg(summary: Summary, t: TranslatorLike) -> Markup:
    """The grid as inline SVG (role="img", titled, each point titled); "" without stakeholders."""
    if not summary.stakeholders:
        return Markup("")
    e = escape_html
    size = GRID_LEVELS * SVG_CELL
    width, height = size + SVG_MARGIN + 10, size + SVG_MARGIN + 10
    split = (HIGH_FROM - 1) * SVG_CELL
    top: float = SVG_MARGIN / 2
    boxes = {
        Quadrant.KEY_PLAYERS.value: (SVG_MARGIN + split, top, size - split, size - split),
        Quadrant.KEEP_SATISFIED.value: (SVG_MARGIN, top, split, size - split),
        Quadrant.KEEP_INFORMED.value: (SVG_MARGIN + split, top + size - split, size - split, split),
        Quadrant.MONITOR.value: (SVG_MARGIN, top + size - split, split, split),
    }
    title = t("stakeholders.grid.title")
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="grid-title grid-desc">',
        f'<title id="grid-title">{e(title)}</title>',
        f'<desc id="grid-desc">{e(t("stakeholders.grid.alt"))}</desc>',
    ]
    for code, (x, y, w, h) in boxes.items():
        parts.append(
            f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{QUADRANT_FILL[code]}"/>'
        )
        label = t(f"stakeholders.quadrant.{code}")
        parts.append(
            f'<text x="{x + w / 2}" y="{y + 16}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="{QUADRANT_INK[code]}" font-family="sans-serif">'
            f"{e(label)}</text>"
        )
    parts.append(
        f'<text x="{SVG_MARGIN + size / 2}" y="{height - 6}" text-anchor="middle" font-size="12" '
        f'fill="#1f2328" font-family="sans-serif">{e(t("stakeholders.grid.x_axis"))}</text>'
    )
    parts.append(
        f'<text x="14" y="{top + size / 2}" text-anchor="middle" font-size="12" fill="#1f2328" '
        f'font-family="sans-serif" transform="rotate(-90 14 {top + size / 2})">'
        f"{e(t('stakeholders.grid.y_axis'))}</text>"
    )
    positions = _spread(list(summary.stakeholders))
    for s in summary.stakeholders:
        px, py = positions[s.number]
        ink = QUADRANT_INK.get(s.quadrant, "#4a5259")
        parts.append(
            f"<g><title>{s.number}. {e(s.name)} — {e(s.quadrant_label)}</title>"
            f'<circle cx="{px}" cy="{py}" r="11" fill="{ink}" stroke="#ffffff" stroke-width="1.5"/>'
            f'<text x="{px}" y="{py + 4}" text-anchor="middle" font-size="11" font-weight="bold" '
            f'fill="#ffffff" font-family="sans-serif">{s.number}</text></g>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def html_rows(summary: Summary, t: TranslatorLike) -> list[dict[str, Any]]:
    """The table under the grid, as plain values (the template escapes them)."""
    rows = []
    for s in summary.stakeholders:
        power, interest = _levels(t, s)
        rows.append(
            {
                "number": s.number,
                "name": s.name,
                "family": s.family_label,
                "power": power,
                "interest": interest,
                "quadrant": s.quadrant_label,
                "reached_by": ", ".join(s.reached_by),
                "expectations": s.expectations,
            }
        )
    return rows


# ----------------------------------------------------------------------------------------- PDF


def pdf_section(
    heading: Callable[[str], None],
    table: Callable[[list[str], list[list[str]], tuple[float, ...]], None],
    summary: Summary,
    t: TranslatorLike,
) -> None:
    """The section through the PDF writer's own ``heading`` and ``table`` helpers."""
    if not summary.stakeholders:
        return
    heading(t("summary.section.stakeholders"))
    rows = []
    for s in summary.stakeholders:
        power, interest = _levels(t, s)
        rows.append(
            [
                str(s.number),
                s.name,
                s.family_label,
                power,
                interest,
                s.quadrant_label,
                ", ".join(s.reached_by),
                s.expectations,
            ]
        )
    headers = [*_headers(t), t("stakeholders.field.expectations")]
    table(headers, rows, (8, 30, 22, 18, 18, 22, 32, 30))


# --------------------------------------------------------------------------------------- forum


def _by_quadrant(summary: Summary) -> list[tuple[str, list[str]]]:
    """The forum names only the key players (strong power, strong interest): the post must stay
    a forum reply; the grid and the whole table are in the other exports. Without key players,
    the first quadrant listed."""
    groups: dict[str, list[str]] = {}
    for s in summary.stakeholders:
        if s.quadrant == "key_players":
            groups.setdefault(s.quadrant_label, []).append(s.name)
    if not groups and summary.stakeholders:
        first = summary.stakeholders[0].quadrant_label
        groups[first] = [s.name for s in summary.stakeholders if s.quadrant_label == first]
    return list(groups.items())


def forum_markdown_line(summary: Summary, t: TranslatorLike) -> str:
    """One paragraph: how many stakeholders, and the names quadrant by quadrant ("" if none)."""
    if not summary.stakeholders:
        return ""
    groups = t("stakeholders.forum.separator").join(
        t(
            "summary.label_value",
            label=md_cell(label),
            value=", ".join(md_cell(n) for n in names),
        )
        for label, names in _by_quadrant(summary)
    )
    head = t("summary.forum.stakeholders", count=len(summary.stakeholders))
    return f"**{head}** {groups}"


def forum_text_line(summary: Summary, t: TranslatorLike) -> str:
    if not summary.stakeholders:
        return ""
    groups = t("stakeholders.forum.separator").join(
        t("summary.label_value", label=label, value=", ".join(" ".join(n.split()) for n in names))
        for label, names in _by_quadrant(summary)
    )
    return f"{t('summary.forum.stakeholders', count=len(summary.stakeholders))} {groups}"


# ----------------------------------------------------------------------------------------- CSV


def stakeholders_csv(summary: Summary) -> bytes:
    """UTF-8 with BOM, ";" separated, CRLF: one row per stakeholder, in the grid's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in summary.stakeholders:
        writer.writerow(
            [
                str(s.number),
                csv_cell(s.name),
                csv_cell(s.family_label),
                str(s.power_level),
                str(s.interest_level),
                csv_cell(s.quadrant_label),
                csv_cell(s.interest),
                csv_cell(s.influence),
                csv_cell(s.expectations),
                csv_cell(", ".join(s.reached_by)),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
