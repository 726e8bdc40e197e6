"""The carnet as a PDF (fpdf2, no system dependency).

French text needs more than the PDF core fonts' Latin-1 (’ œ € « » and the narrow no-break
space U+202F), so DejaVu Sans (regular and bold, Bitstream Vera licence, in data/fonts/) is
embedded (subset). What fpdf2 2.8 does with the two no-break spaces, checked by the tests:
- U+00A0 is kept as a non-breaking point for line wrapping but written as an ordinary space
  (U+0020) so that justified text spaces evenly: text extracted back reads " ";
- U+202F is written as DejaVu's own narrow glyph (uni202F) and extracted back as U+202F; it is
  not a line-break opportunity either.

The output is reproducible: the creation date is the summary's generated_at and the producer
is fixed, so the same summary gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode, XPos, YPos

from adapters.exports.html import network_picture, short_label
from domain.dates import long_date
from domain.summary import Summary, TranslatorLike, safe_colour
from domain.text import safe_url

FONTS_DIR = Path(__file__).resolve().parents[2] / "data" / "fonts"
FONT = "DejaVu"
PRODUCER = "alliances-territoires (fpdf2)"

INK = (31, 35, 40)
MUTED = (87, 96, 106)
ACCENT = (11, 83, 148)
LINE = (208, 215, 222)
HEAD_FILL = (240, 243, 246)


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


class _Writer:
    def __init__(self, summary: Summary, t: TranslatorLike):
        self.s = summary
        self.t = t
        pdf = _CarnetPDF(t("summary.page", page="{page}", total="{nb}"))
        pdf.add_font(FONT, "", str(FONTS_DIR / "DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))
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

    def font(
        self, size: float = 10, bold: bool = False, colour: tuple[int, int, int] = INK
    ) -> None:
        self.pdf.set_font(FONT, "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def para(
        self, text: str, size: float = 10, bold: bool = False, colour=INK, h: float = 5
    ) -> None:
        self.font(size, bold, colour)
        self.pdf.multi_cell(0, h, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def label_value(self, label: str, value: str, link: str = "", size: float = 10) -> None:
        """ "Label : value" with the label in bold, wrapped as one paragraph."""
        head, _, tail = self.t("summary.label_value", label=label, value="\x00").partition("\x00")
        self.font(size, bold=True)
        self.pdf.write(5, head.rstrip() if not value else head)
        self.font(size)
        if value:
            self.pdf.write(5, value + tail, link=link)
        self.pdf.ln(6)

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

    def table(self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> None:
        """A bordered table; falls back to one block per row when a row is taller than a page
        (fpdf2 cannot split a table row across pages, and learners may write long texts)."""
        pdf = self.pdf
        self.font(8)
        scale = (pdf.w - pdf.l_margin - pdf.r_margin) / sum(widths)
        usable = pdf.h - pdf.t_margin - pdf.b_margin - 20
        for row in rows:
            if self._row_height(row, widths, scale) > usable:
                self.blocks(headers, rows)
                return
        pdf.set_fill_color(255, 255, 255)
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.2)
        with pdf.table(
            col_widths=widths,
            text_align="LEFT",
            v_align="TOP",
            line_height=4,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
            cell_fill_mode=TableCellFillMode.NONE,
            first_row_as_headings=True,
            repeat_headings=1,
        ) as table:
            for row in [headers, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(value)
        pdf.ln(2)

    def _row_height(self, row: list[str], widths: tuple[float, ...], scale: float) -> float:
        """Height of a table row at 8 pt: a cheap upper bound first, exact wrapping if needed."""
        pdf = self.pdf
        tallest = 0.0
        for width, value in zip(widths, row, strict=True):
            inner = width * scale - 2.4
            rough = sum(pdf.get_string_width(line) / inner + 2 for line in value.split("\n"))
            if rough * 4 > 120:  # maybe too tall for a page: measure the real wrapping
                rough = len(pdf.multi_cell(inner, 4, value, dry_run=True, output="LINES"))
            tallest = max(tallest, rough * 4 + 2.4)
        return tallest

    def blocks(self, headers: list[str], rows: list[list[str]]) -> None:
        """The same content as a table, one paragraph group per row (long texts split over pages)."""
        for row in rows:
            self.pdf.ln(1)
            title = (
                " ".join(v for v in row[:2] if v)
                if headers[0] == self.t("summary.col.number")
                else row[0]
            )
            self.para(title, size=9.5, bold=True)
            start = 2 if headers[0] == self.t("summary.col.number") else 1
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
            self.pdf.set_fill_color(255, 244, 229)
            self.font(10, bold=True, colour=(179, 89, 0))
            self.pdf.multi_cell(
                0,
                5,
                t("summary.private_notice"),
                border=1,
                fill=True,
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
                padding=1.5,
            )
        self.project()
        self.actors()
        self.alliance()
        self.answers()
        self.tags()
        self.pdf.ln(6)
        self.para(t("summary.footer"), size=8.5, colour=MUTED)
        return bytes(self.pdf.output())

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
            headers = [
                t("summary.col.number"),
                t("summary.col.name"),
                t("summary.col.category"),
                t("summary.col.address"),
                t("summary.col.status"),
                t("summary.col.website"),
            ]
            widths: tuple[float, ...] = (8, 38, 28, 44, 22, 40)
            if s.include_private:
                headers += [t("summary.col.contact"), t("summary.col.notes")]
                widths = (8, 28, 20, 30, 18, 30, 20, 26)
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
            self.table(headers, rows, widths)
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
        self.network()
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

    def network(self) -> None:
        """The alliance in the centre, members around it (domain.network.layout), by family."""
        picture = network_picture(self.s)
        if picture is None:
            return
        pdf = self.pdf
        width_mm = pdf.w - pdf.l_margin - pdf.r_margin
        scale = width_mm / picture.width
        height_mm = picture.height * scale
        if pdf.get_y() + height_mm + 20 > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.ln(2)
        top = pdf.get_y()
        left = pdf.l_margin

        def at(x: float, y: float) -> tuple[float, float]:
            return left + x * scale, top + y * scale

        cx, cy = at(picture.cx, picture.cy)
        pdf.set_draw_color(140, 149, 159)
        pdf.set_line_width(0.3)
        for node in picture.nodes:
            pdf.line(cx, cy, *at(node.x, node.y))
        pdf.set_fill_color(*INK)
        pdf.circle(cx, cy, 30 * scale, style="F")
        self.font(8.5, bold=True)
        label_width = pdf.get_string_width(picture.centre_label) + 2
        pdf.set_fill_color(255, 255, 255)
        pdf.set_xy(cx - label_width / 2, cy + 32 * scale)
        pdf.cell(label_width, 4, picture.centre_label, align="C", fill=True)
        pdf.set_draw_color(255, 255, 255)
        self.font(7.5)
        for node in picture.nodes:
            x, y = at(node.x, node.y)
            pdf.set_fill_color(*_rgb(node.colour))
            pdf.circle(x, y, 13 * scale, style="FD")
            lx, ly = at(node.label_x, node.label_y)
            label = short_label(node.name, 30)
            w = pdf.get_string_width(label) + 1
            if node.anchor == "start":
                pdf.set_xy(lx, ly - 3)
            elif node.anchor == "end":
                pdf.set_xy(lx - w, ly - 3)
            else:
                pdf.set_xy(lx - w / 2, ly - 3)
            pdf.cell(w, 4, label)
        pdf.set_y(top + height_mm + 1)
        # legend: families present
        self.font(8)
        pdf.set_x(left)
        for label, colour in picture.legend:
            w = pdf.get_string_width(label) + 9
            if pdf.get_x() + w > pdf.w - pdf.r_margin:
                pdf.ln(5)
            x = pdf.get_x()
            pdf.set_fill_color(*_rgb(colour))
            pdf.circle(x + 2, pdf.get_y() + 2, 1.6, style="F")
            pdf.set_x(x + 4.5)
            pdf.cell(w - 4.5, 4, label)
        pdf.ln(6)
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


def summary_pdf(summary: Summary, t: TranslatorLike) -> bytes:
    return _Writer(summary, t).write()
