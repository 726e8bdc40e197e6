"""The carnet as a PDF (fpdf2, no system dependency, no network).

Fonts (data/fonts/): DejaVu Sans regular and bold (Latin with ’ œ € « » and U+202F, Greek,
Cyrillic, Hebrew, Arabic...) and Noto Emoji as the fallback for what DejaVu lacks; characters
no font has are written visibly as « [U+XXXX] » (adapters.exports.pdf_text). Right-to-left and
joining scripts are shaped and ordered by fpdf2's text shaping (uharfbuzz). Text is laid out by
adapters.exports.pdf_text: lines break between words only, tables are drawn row by row (a row
taller than a page continues on the next one, its header repeated), which keeps a carnet of
1,000 actors well under two seconds.

The actors' map is drawn with fpdf2 primitives: the lines of France (coast, borders, limits of
départements; domain.outlines, Natural Earth) under the actors' numbered markers, laid out by
domain.map_layout exactly as in the HTML export (same numbers as the tables), no tiles.

The output is reproducible: the creation date is the summary's generated_at and the producer
is fixed, so the same summary gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF

from adapters.exports import stakeholders
from adapters.exports.html import (
    MapPicture,
    NetworkPicture,
    map_picture,
    network_picture,
    short_label,
)
from adapters.exports.pdf_text import FONT, PT_PER_MM, Line, Segment, TextKit
from domain.dates import long_date
from domain.outlines import load_outlines
from domain.summary import Summary, TranslatorLike, safe_colour
from domain.text import safe_url

PRODUCER = "alliances-territoires (fpdf2)"

INK = (31, 35, 40)
MUTED = (87, 96, 106)
ACCENT = (11, 83, 148)
LINE = (208, 215, 222)
HEAD_FILL = (240, 243, 246)
OUTLINE_COLOURS = {"coast": (120, 144, 168), "border": (110, 110, 110), "admin": (185, 190, 196)}
OUTLINE_WIDTHS = {"coast": 0.3, "border": 0.35, "admin": 0.2}

Progress = Callable[[float], None]


def _rgb(colour: str) -> tuple[int, int, int]:
    value = safe_colour(colour).lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _CarnetPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self._footer_text.replace("{page}", str(self.page_no())), align="C")


@dataclass(frozen=True)
class _Placed:
    """A picture on the page: its top-left corner (mm), scale (mm per unit), height (mm)."""

    left: float
    top: float
    scale: float
    height: float

    def at(self, x: float, y: float) -> tuple[float, float]:
        """A point of the picture, on the page."""
        return self.left + x * self.scale, self.top + y * self.scale


class _Writer:
    def __init__(self, summary: Summary, t: TranslatorLike, progress: Progress | None):
        self.s = summary
        self.t = t
        self.progress = progress or (lambda share: None)
        pdf = _CarnetPDF(t("summary.page", page="{page}", total="{nb}"))
        self.kit = TextKit(pdf)
        pdf.set_margins(15, 15, 15)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_creation_date(summary.generated_at)
        pdf.set_producer(PRODUCER)
        pdf.set_creator(PRODUCER)
        pdf.set_lang(summary.language)
        pdf.set_title(t("summary.doc_title", project=summary.project.name or t("summary.untitled")))
        pdf.set_subject(t("summary.course"))
        pdf.add_page()
        self.pdf = pdf

    # --- text helpers -----------------------------------------------------------------------

    @property
    def bottom(self) -> float:
        return self.pdf.h - self.pdf.b_margin

    @property
    def full_width(self) -> float:
        return self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def lines(
        self,
        segments: Sequence[Segment],
        *,
        size: float = 10,
        h: float = 5,
        colour: tuple[int, int, int] = INK,
        link: str = "",
        align: str = "L",
    ) -> None:
        """Wrapped text over the full width, at the current y, breaking pages as needed."""
        pdf, kit = self.pdf, self.kit
        pdf.set_text_color(*colour)
        x = pdf.l_margin
        for line in kit.wrap(list(segments), self.full_width, size):
            if pdf.get_y() + h > self.bottom:
                pdf.add_page()
            y = pdf.get_y()
            kit.draw(line, x, y, self.full_width, h, size, align)
            if link and line.segments:
                pdf.link(x, y, line.width, h, link)
            pdf.set_xy(x, y + h)

    def para(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        h: float = 5,
    ) -> None:
        self.lines([(text, bold)], size=size, h=h, colour=colour)

    def label_value(self, label: str, value: str, link: str = "", size: float = 10) -> None:
        """ "Label : value" with the label in bold, wrapped as one paragraph."""
        head, _, tail = self.t("summary.label_value", label=label, value="\x00").partition("\x00")
        segments: list[Segment] = [(head.rstrip() if not value else head, True)]
        if value:
            segments.append((value + tail, False))
        self.lines(segments, size=size, h=5, link=link)
        self.pdf.ln(1)

    def heading(self, text: str) -> None:
        pdf = self.pdf
        if pdf.get_y() > pdf.h - 50:
            pdf.add_page()
        pdf.ln(4)
        self.para(text, size=14, bold=True, colour=ACCENT, h=7)
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.5)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(2)

    def subheading(self, text: str) -> None:
        if self.pdf.get_y() > self.pdf.h - 40:
            self.pdf.add_page()
        self.pdf.ln(2)
        self.para(text, size=11.5, bold=True, h=6)

    # --- tables -----------------------------------------------------------------------------

    def table(
        self,
        headers: list[str],
        rows: list[list[str]],
        widths: tuple[float, ...],
        progress: tuple[float, float] | None = None,
    ) -> None:
        """A bordered table drawn row by row; a row taller than what is left of the page goes on
        the next page, one taller than a page continues there (header repeated). When a word
        cannot fit in its column without being cut, the rows become blocks (full width)."""
        pdf, kit = self.pdf, self.kit
        size, h, pad = 8.0, 3.8, 1.2
        scale = self.full_width / sum(widths)
        widths = tuple(w * scale for w in widths)
        inner = [w - 2 * pad for w in widths]
        sizes = (size, 7.0, 6.0)  # a long word shrinks its cell's type rather than being cut
        wrapped_rows = []
        for row in rows:
            cells = []
            for value, width in zip(row, inner, strict=True):
                cell_size = next((z for z in sizes if kit.fits_unbroken(value, width, z)), None)
                if cell_size is None:
                    self.blocks(headers, rows)
                    return
                cells.append((cell_size, kit.wrap([(value, False)], width, cell_size)))
            wrapped_rows.append(cells)
        header_cells = []
        for text, width in zip(headers, inner, strict=True):
            cell_size = next((z for z in sizes if kit.fits_unbroken(text, width, z, True)), 6.0)
            header_cells.append((cell_size, kit.wrap([(text, True)], width, cell_size)))

        def draw_row(
            cells: list[tuple[float, list[Line]]], first: int, count: int, head: bool
        ) -> None:
            y = pdf.get_y()
            height = count * h + 2 * pad
            x = pdf.l_margin
            pdf.set_draw_color(*LINE)
            pdf.set_line_width(0.2)
            pdf.set_text_color(*INK)
            for (cell_size, lines), width in zip(cells, widths, strict=True):
                if head:
                    pdf.set_fill_color(*HEAD_FILL)
                    pdf.rect(x, y, width, height, style="DF")
                else:
                    pdf.rect(x, y, width, height)
                for index, line in enumerate(lines[first : first + count]):
                    kit.draw(line, x + pad, y + pad + index * h, width - 2 * pad, h, cell_size)
                x += width
            pdf.set_y(y + height)

        def header() -> None:
            draw_row(header_cells, 0, max(len(c[1]) for c in header_cells), True)

        head_height = max(len(c[1]) for c in header_cells) * h + 2 * pad
        first_row = max(len(c[1]) for c in wrapped_rows[0]) * h + 2 * pad if wrapped_rows else 0
        if pdf.get_y() + head_height + min(first_row, 4 * h + 2 * pad) > self.bottom:
            pdf.add_page()  # never a header alone at the foot of a page
        header()
        done = 0
        for cells in wrapped_rows:
            tallest = max(len(c[1]) for c in cells)
            room = int((self.bottom - pdf.get_y() - 2 * pad) // h)
            if tallest > room and tallest * h + 2 * pad <= self.bottom - pdf.t_margin - 10:
                pdf.add_page()
                header()
                room = int((self.bottom - pdf.get_y() - 2 * pad) // h)
            first = 0
            while first < tallest:
                if room <= 0:
                    pdf.add_page()
                    header()
                    room = int((self.bottom - pdf.get_y() - 2 * pad) // h)
                count = min(room, tallest - first)
                draw_row(cells, first, count, False)
                first += count
                room = 0
            done += 1
            if progress and done % 50 == 0:
                start, span = progress
                self.progress(start + span * done / len(wrapped_rows))
        pdf.ln(2)

    def blocks(self, headers: list[str], rows: list[list[str]]) -> None:
        """The same content as a table, one paragraph group per row (any length, full width)."""
        numbered = headers[0] == self.t("summary.col.number")
        for row in rows:
            self.pdf.ln(1)
            title = " ".join(v for v in row[:2] if v) if numbered else row[0]
            self.para(title, size=9.5, bold=True)
            start = 2 if numbered else 1
            for header, value in zip(headers[start:], row[start:], strict=True):
                if value:
                    self.label_value(header, value, size=8.5)
        self.pdf.ln(2)

    # --- sections ---------------------------------------------------------------------------

    def write(self) -> bytes:
        s, t = self.s, self.t
        name = s.project.name or t("summary.untitled")
        self.para(t("summary.doc_title", project=name), size=18, bold=True, colour=ACCENT, h=8)
        self.para(
            f"{t('summary.course')} — {t('summary.generated_on', date=long_date(s.generated_on, t))}",
            size=9,
            colour=MUTED,
        )
        if s.include_private:
            self.pdf.ln(2)
            top = self.pdf.get_y()
            self.pdf.set_fill_color(255, 244, 229)
            lines = self.kit.wrap([(t("summary.private_notice"), True)], self.full_width - 3, 10)
            self.pdf.set_draw_color(179, 89, 0)
            self.pdf.rect(self.pdf.l_margin, top, self.full_width, len(lines) * 5 + 3, style="DF")
            self.pdf.set_y(top + 1.5)
            self.lines([(t("summary.private_notice"), True)], colour=(179, 89, 0))
            self.pdf.set_y(top + len(lines) * 5 + 3)
        self.progress(0.05)
        self.project()
        stakeholders.pdf_section(self.heading, self.table, s, t)
        self.actors()
        self.progress(0.8)
        self.alliance()
        self.answers()
        self.tags()
        self.pdf.ln(6)
        self.para(t("summary.footer"), size=8.5, colour=MUTED)
        self.progress(0.9)
        data = bytes(self.pdf.output())
        self.progress(1.0)
        return data

    def project(self) -> None:
        s, t = self.s, self.t
        self.heading(t("summary.section.project"))
        self.label_value(t("summary.project.name"), s.project.name or t("summary.untitled"))
        if s.project.territory:
            self.label_value(t("summary.project.territory"), s.project.territory)
        if s.project.description:
            self.pdf.ln(1)
            self.para(s.project.description)

    def actors(self) -> None:
        s, t = self.s, self.t
        self.heading(t("summary.section.actors"))
        if not s.actors:
            self.para(t("summary.actors.none"))
        else:
            if (picture := map_picture(s)) is not None:
                self.map(picture)
            self.progress(0.15)
            headers = [
                t("summary.col.number"),
                t("summary.col.name"),
                t("summary.col.category"),
                t("summary.col.address"),
                t("summary.col.status"),
                t("summary.col.website"),
            ]
            widths: tuple[float, ...] = (10, 37, 28, 43, 22, 40)
            if s.include_private:
                headers += [t("summary.col.contact"), t("summary.col.notes")]
                widths = (10, 26, 23, 27, 17, 27, 20, 30)
            rows = []
            for a in s.actors:
                place = ", ".join(p for p in (a.address, a.commune) if p)
                if a.address and a.commune and a.commune.lower() in a.address.lower():
                    place = a.address
                row = [
                    str(a.number),
                    a.name,
                    a.category_label,
                    place,
                    a.status_label,
                    safe_url(a.website) or a.website,
                ]
                if s.include_private:
                    row += [a.contact_person or "", a.notes or ""]
                rows.append(row)
            self.table(headers, rows, widths, progress=(0.15, 0.65))
        self.subheading(t("summary.coverage.title"))
        coverage = s.coverage
        if coverage.found:
            self.label_value(
                t("summary.coverage.found", count=len(coverage.found)),
                ", ".join(c.label for c in coverage.found),
            )
        if coverage.missing:
            self.label_value(
                t("summary.coverage.missing", count=len(coverage.missing)),
                ", ".join(c.label for c in coverage.missing),
            )
        else:
            self.para(t("summary.coverage.complete"))

    def place(
        self, picture: MapPicture | NetworkPicture, *, room_below: float, gap: float
    ) -> _Placed:
        """Where ``picture`` (its width and height in its own units) goes, at the full width:
        on a new page when it and ``room_below`` mm under it do not fit on this one."""
        pdf = self.pdf
        scale = self.full_width / picture.width
        height = picture.height
        if pdf.get_y() + height * scale + room_below > self.bottom:
            pdf.add_page()
        pdf.ln(gap)
        return _Placed(pdf.l_margin, pdf.get_y(), scale, height * scale)

    def map(self, picture: MapPicture) -> None:
        """The located actors over the lines of France, numbered as in the table."""
        pdf, t = self.pdf, self.t
        placed = self.place(picture, room_below=25, gap=1)
        left, top, scale, at = placed.left, placed.top, placed.scale, placed.at
        width_mm, height_mm = self.full_width, placed.height

        pdf.set_fill_color(251, 252, 253)
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.2)
        pdf.rect(left, top, width_mm, height_mm, style="DF")
        frame = picture.frame
        outlines = load_outlines()
        box = frame.bbox()
        with pdf.rect_clip(left, top, width_mm, height_mm):
            for kind in ("admin", "border", "coast"):
                pdf.set_draw_color(*OUTLINE_COLOURS[kind])
                pdf.set_line_width(OUTLINE_WIDTHS[kind])
                for line in outlines.lines_in(box, kinds=[kind]):
                    for run in line.runs_in(box):
                        pdf.polyline([at(*frame.xy(lat, lon)) for lon, lat in run])
            if picture.territory is not None:
                tx, ty = at(*picture.territory)
                pdf.set_draw_color(*INK)
                pdf.set_line_width(0.6)
                pdf.rect(tx - 2, ty - 2, 4, 4)
            radius = picture.radius * scale
            number_size = picture.number_size * scale * PT_PER_MM
            pdf.set_draw_color(255, 255, 255)
            pdf.set_line_width(0.3 if picture.radius > 6 else 0.15)
            pdf.set_font(FONT, "B", number_size)
            pdf.set_text_color(255, 255, 255)
            for point in picture.points:
                x, y = at(point.x, point.y)
                pdf.set_fill_color(*_rgb(point.colour))
                pdf.circle(x, y, radius, style="FD")
                label = str(point.number)
                label_width = self.kit.width(label, number_size, True)
                pdf.text(x - label_width / 2, y + 0.35 * number_size / PT_PER_MM, label)
        pdf.set_y(top + height_mm + 1.5)
        # legend: categories on the map, then the territory
        entries = [(label, colour, False) for label, colour in picture.legend]
        if picture.territory is not None:
            entries.append(
                (t("summary.map.territory", name=self.s.project.territory), "#1f2328", True)
            )
        self.legend(entries)
        pdf.set_xy(left, pdf.get_y() + 5)
        self.para(
            t("summary.map.description", count=len(picture.points))
            + " "
            + t("summary.map.outlines_credit"),
            size=8,
            colour=MUTED,
            h=4,
        )
        unlocated = [a.name for a in self.s.actors if not a.located]
        if unlocated:
            self.para(
                t("summary.map.unlocated", names=", ".join(unlocated)), size=8, colour=MUTED, h=4
            )
        pdf.ln(2)

    def legend(self, entries: list[tuple[str, str, bool]]) -> None:
        """(label, colour, square) entries in a row that wraps: a dot, or a square outline."""
        pdf, kit = self.pdf, self.kit
        left = pdf.l_margin
        pdf.set_text_color(*INK)
        x = left
        for label, colour, square in entries:
            text = kit.prepare(label)
            w = kit.width(text, 8) + 9
            if x + w > pdf.w - pdf.r_margin and x > left:
                pdf.ln(4.5)
                x = left
            y = pdf.get_y()
            if square:
                pdf.set_draw_color(*_rgb(colour))
                pdf.set_line_width(0.4)
                pdf.rect(x + 0.6, y + 0.6, 2.8, 2.8)
            else:
                pdf.set_fill_color(*_rgb(colour))
                pdf.circle(x + 2, y + 2, 1.6, style="F")
            kit.draw(Line([(text, False)], w - 9), x + 4.5, y, w - 4.5, 4, 8)
            x += w

    def alliance(self) -> None:
        s, t = self.s, self.t
        self.heading(t("summary.section.alliance"))
        alliance = s.alliance
        if alliance is None:
            self.para(t("summary.alliance.none"))
            return
        self.para(alliance.name, size=12, bold=True, h=6)
        if alliance.place:
            self.label_value(t("summary.alliance.place"), alliance.place)
        if alliance.source_url:
            url = safe_url(alliance.source_url)
            self.label_value(t("summary.alliance.source"), url or alliance.source_url, link=url)
        if alliance.description:
            self.para(alliance.description)
        if (network := network_picture(self.s)) is not None:
            self.network(network)
        self.subheading(t("summary.alliance.members"))
        if alliance.members:
            self.table(
                [
                    t("summary.col.name"),
                    t("summary.col.family"),
                    t("summary.col.role"),
                    t("summary.col.expertise"),
                    t("summary.col.interest"),
                ],
                [
                    [m.name, m.family_label, m.role, m.expertise, m.interest]
                    for m in alliance.members
                ],
                (32, 24, 40, 42, 42),
            )
        else:
            self.para(t("summary.alliance.no_members"))

    def network(self, picture: NetworkPicture) -> None:
        """The alliance in the centre, members around it (domain.network.layout), by family."""
        pdf, kit = self.pdf, self.kit
        placed = self.place(picture, room_below=20, gap=2)
        left, top, scale, at = placed.left, placed.top, placed.scale, placed.at
        height_mm = placed.height

        cx, cy = at(picture.cx, picture.cy)
        pdf.set_draw_color(140, 149, 159)
        pdf.set_line_width(0.3)
        for node in picture.nodes:
            pdf.line(cx, cy, *at(node.x, node.y))
        pdf.set_fill_color(*INK)
        pdf.circle(cx, cy, 30 * scale, style="F")
        pdf.set_text_color(*INK)
        label = kit.prepare(picture.centre_label)
        label_width = kit.width(label, 8.5, True) + 2
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(cx - label_width / 2, cy + 32 * scale, label_width, 4, style="F")
        kit.draw(
            Line([(label, True)], label_width - 2),
            cx - label_width / 2 + 1,
            cy + 32 * scale,
            label_width - 2,
            4,
            8.5,
        )
        pdf.set_draw_color(255, 255, 255)
        for node in picture.nodes:
            x, y = at(node.x, node.y)
            pdf.set_fill_color(*_rgb(node.colour))
            pdf.circle(x, y, 13 * scale, style="FD")
            lx, ly = at(node.label_x, node.label_y)
            text = kit.prepare(short_label(node.name, 30))
            w = kit.width(text, 7.5) + 1
            if node.anchor == "start":
                x0 = lx
            elif node.anchor == "end":
                x0 = lx - w
            else:
                x0 = lx - w / 2
            kit.draw(Line([(text, False)], w - 1), x0, ly - 3, w, 4, 7.5)
        pdf.set_y(top + height_mm + 1)
        self.legend([(label, colour, False) for label, colour in picture.legend])
        pdf.set_xy(left, pdf.get_y() + 5)
        self.para(self.t("summary.network.description"), size=8, colour=MUTED, h=4)

    def answers(self) -> None:
        s, t = self.s, self.t
        self.heading(t("summary.section.answers"))
        for answer in s.answers:
            self.subheading(answer.question)
            if answer.state == "draft":  # an untouched draft is marked as one (domain.answers)
                self.para(t("summary.answer.draft"), colour=MUTED)
            if answer.text.strip():
                self.para(answer.text.strip())
            else:
                self.para(t("summary.answer.empty"), colour=MUTED)

    def tags(self) -> None:
        s, t = self.s, self.t
        self.heading(t("summary.section.tags"))
        for group in s.tags:
            self.label_value(group.title, ", ".join(group.labels) or t("summary.tags.none"))


def summary_pdf(summary: Summary, t: TranslatorLike, progress: Progress | None = None) -> bytes:
    """The PDF's bytes; `progress(share)` is called as the document is made (0 → 1), for a
    progress bar."""
    return _Writer(summary, t, progress).write()
