"""Text for the PDF: measure, wrap and draw lines with fpdf2, fast, with every script kept.

fpdf2's own multi_cell and table wrap text character by character in Python (seconds for a
carnet of 1,000 actors) and break a word that does not fit in the middle. This module wraps
with the fonts' advance widths (cached per word), breaks only between words (a word wider than
the line is broken after a URL's punctuation "/ . - _ ? & = #", and only one longer than a
whole line, which cannot be helped, anywhere), and draws each line with one fpdf2 call:

- plain lines (DejaVu Sans has every character, no right-to-left or joining script) with
  `FPDF.text` (one text operator, nothing else to compute);
- lines holding right-to-left or joining scripts (Hebrew, Arabic...) with `FPDF.cell` and
  fpdf2's text shaping on (uharfbuzz: Arabic letters take their joined forms; fpdf2's bidi
  algorithm orders the runs), right-aligned when the line starts right-to-left;
- lines holding characters DejaVu Sans lacks (emoji...) with `FPDF.cell`: fpdf2 takes them from
  the fallback font, Noto Emoji;
- characters no font here has (Chinese, Devanagari...) are never dropped: they are written as
  a visible « [U+4E2D] ».
"""

from __future__ import annotations

import copy
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import TTFFont

FONTS_DIR = Path(__file__).resolve().parents[2] / "data" / "fonts"
FONT = "DejaVu"
EMOJI_FONT = "NotoEmoji"
PT_PER_MM = 72 / 25.4

# scripts that need shaping or bidi ordering: Hebrew, Arabic, Syriac, Thaana, NKo...,
# presentation forms; and the bidi controls clean_text keeps out anyway
_COMPLEX = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_RTL_START = re.compile(
    "^[^A-Za-z\u00c0-\u024f\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
_URL_BREAK = re.compile(r"(?<=[/.\-_?&=#,;])")
_SPACES = re.compile("[ \t]+")  # where lines may break: not at U+00A0 or U+202F
_IGNORABLE = {0xFE0E, 0xFE0F, 0x200D}  # variation selectors, joiner: nothing to show alone

Segment = tuple[str, bool]  # (text, bold)

_FONT_FILES = (
    (FONT, "", "DejaVuSans.ttf"),
    (FONT, "B", "DejaVuSans-Bold.ttf"),
    (EMOJI_FONT, "", "NotoEmoji-Regular.ttf"),
)
_PROTOTYPES: dict[str, Any] = {}
_PROTOTYPES_LOCK = threading.Lock()


def _register_fonts(pdf: FPDF) -> None:
    """Add the fonts to `pdf`: copies of fonts parsed once per process (parsing the three
    files takes longer than laying out a page of text; fpdf2's font objects copy cheaply and
    share their read-only tables, as fpdf2's own FPDFRecorder does)."""
    with _PROTOTYPES_LOCK:
        if not _PROTOTYPES:
            scratch = FPDF()
            for family, style, name in _FONT_FILES:
                scratch.add_font(family, style, str(FONTS_DIR / name))
            _PROTOTYPES.update(scratch.fonts)
    if pdf.fonts:  # another font first: numbering would differ, parse as usual
        for family, style, name in _FONT_FILES:
            pdf.add_font(family, style, str(FONTS_DIR / name))
        return
    for (key, font), (_, _, name) in zip(_PROTOTYPES.items(), _FONT_FILES, strict=True):
        mine = copy.deepcopy(font)
        # the subsetting at output changes the font tables: each document opens its own (lazily)
        mine.ttfont = TTFont(str(FONTS_DIR / name), recalcTimestamp=False, lazy=True)
        pdf.fonts[key] = mine


def _words(text: str) -> list[str]:
    return [word for word in _SPACES.split(text) if word]


@dataclass
class Line:
    """One line to draw: segments of regular or bold text, in reading order."""

    segments: list[Segment] = field(default_factory=list)
    width: float = 0.0  # mm

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)


class TextKit:
    """Measuring and drawing for one FPDF document whose fonts it registers."""

    def __init__(self, pdf: FPDF):
        self.pdf = pdf
        _register_fonts(pdf)
        pdf.set_fallback_fonts([FONT, EMOJI_FONT], exact_match=False)
        # Our own TTF fonts (registered above), never the PDF core fonts.
        self._fonts: dict[bool, TTFFont] = {
            False: cast(TTFFont, pdf.fonts[FONT.lower()]),
            True: cast(TTFFont, pdf.fonts[FONT.lower() + "B"]),
        }
        self._emoji = cast(TTFFont, pdf.fonts[EMOJI_FONT.lower()])
        self._word_widths: dict[tuple[str, bool], float] = {}
        self._simple: dict[tuple[str, bool], bool] = {}
        self._prepared: dict[str, str] = {}
        self._plain_chars: dict[bool, set[int]] = {
            bold: set(font.glyph_ids) for bold, font in self._fonts.items()
        }
        self._known = (
            self._plain_chars[False] | self._plain_chars[True] | set(self._emoji.glyph_ids)
        )

    # --- characters ---------------------------------------------------------------------

    def prepare(self, text: str) -> str:
        """The text with every character some font here can draw; others made visible."""
        cached = self._prepared.get(text)
        if cached is not None:
            return cached
        known = self._known
        if all(ord(char) in known for char in text):
            self._prepared[text] = text
            return text
        out = []
        for char in text:
            code = ord(char)
            if code in known or char in "\n\t":
                out.append(char)
            elif code in _IGNORABLE or unicodedata.category(char) == "Mn":
                out.append(char)  # shaped with its base (or invisible): kept, never replaced
            else:
                out.append(f"[U+{code:04X}]")
        result = "".join(out)
        self._prepared[text] = result
        return result

    def _char_width(self, code: int, bold: bool) -> float:
        """Advance width in 1/1000 em, from the font that will draw the character."""
        for font in (self._fonts[bold], self._fonts[not bold], self._emoji):
            if code in font.glyph_ids:
                return float(font.cw[code])
        return 0.0

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width in mm of `text` at `size` points (words cached)."""
        key = (text, bold)
        units = self._word_widths.get(key)
        if units is None:
            units = sum(self._char_width(ord(c), bold) for c in text)
            if len(self._word_widths) < 200_000:
                self._word_widths[key] = units
        return units * size / 1000 / PT_PER_MM

    def simple(self, text: str, bold: bool) -> bool:
        """Whether FPDF.text can draw it: one font has it all, nothing to shape."""
        key = (text, bold)
        known = self._simple.get(key)
        if known is None:
            chars = self._plain_chars[bold]
            known = not _COMPLEX.search(text) and all(ord(c) in chars for c in text)
            if len(self._simple) < 200_000:
                self._simple[key] = known
        return known

    # --- wrapping -----------------------------------------------------------------------

    def fits_unbroken(self, text: str, width: float, size: float, bold: bool = False) -> bool:
        """Whether every word of `text` fits in `width` mm, a URL broken after its punctuation
        (what `wrap` does without cutting a word)."""
        if self.width(text, size, bold) <= width:
            return True
        for word in _words(self.prepare(text)):
            if self.width(word, size, bold) > width and any(
                self.width(piece, size, bold) > width for piece in _URL_BREAK.split(word)
            ):
                return False
        return True

    def wrap(self, segments: list[Segment], width: float, size: float) -> list[Line]:
        """Lines of at most `width` mm; breaks between words only (see the module's doc)."""
        space = {bold: self.width(" ", size, bold) for bold in (False, True)}
        lines: list[Line] = [Line()]
        for text, bold in segments:
            paragraphs = self.prepare(text).split("\n")
            for index, paragraph in enumerate(paragraphs):
                if index:
                    lines.append(Line())
                for word in _words(paragraph):
                    self._place(lines, word, bold, width, size, space[bold])
        return lines

    def _place(
        self, lines: list[Line], word: str, bold: bool, width: float, size: float, space: float
    ) -> None:
        line = lines[-1]
        w = self.width(word, size, bold)
        gap = space if line.segments else 0.0
        if line.width + gap + w <= width:
            self._append(line, word, bold, w, gap)
            return
        if w <= width:
            lines.append(Line())
            self._append(lines[-1], word, bold, w, 0.0)
            return
        # a word wider than a line: break after a URL's punctuation, else anywhere
        pieces = [p for p in _URL_BREAK.split(word) if p]
        if len(pieces) == 1:
            pieces = list(word)
        if line.segments:
            lines.append(Line())
        for piece in pieces:
            pw = self.width(piece, size, bold)
            current = lines[-1]
            if current.segments and current.width + pw > width:
                lines.append(Line())
                current = lines[-1]
            if pw > width and len(piece) > 1:  # a piece longer than a line: characters
                for char in piece:
                    cw = self.width(char, size, bold)
                    if lines[-1].segments and lines[-1].width + cw > width:
                        lines.append(Line())
                    self._append(lines[-1], char, bold, cw, 0.0, glue=True)
                continue
            self._append(current, piece, bold, pw, 0.0, glue=True)

    @staticmethod
    def _append(
        line: Line, word: str, bold: bool, w: float, gap: float, glue: bool = False
    ) -> None:
        if line.segments and line.segments[-1][1] == bold:
            text, _ = line.segments[-1]
            line.segments[-1] = (text + ("" if glue or not gap else " ") + word, bold)
        elif line.segments and gap:
            line.segments.append((" " + word, bold))
        else:
            line.segments.append((word, bold))
        line.width += gap + w

    # --- drawing ------------------------------------------------------------------------

    def draw(
        self,
        line: Line,
        x: float,
        y: float,
        width: float,
        height: float,
        size: float,
        align: str = "L",
    ) -> None:
        """One line in the box (x, y, width, height); `align` L or C (R for right-to-left)."""
        pdf = self.pdf
        text = line.text
        if not text:
            return
        if _COMPLEX.search(text):
            self._shaped(line, x, y, width, height, size, "R" if _RTL_START.match(text) else align)
            return
        left = x + (width - line.width) / 2 if align == "C" else x
        baseline = y + height / 2 + 0.3 * size / PT_PER_MM
        for segment, bold in line.segments:
            if (pdf.font_family, pdf.font_style, pdf.font_size_pt) != (
                FONT.lower(),
                "B" if bold else "",
                size,
            ):
                pdf.set_font(FONT, "B" if bold else "", size)
            if self.simple(segment, bold):
                # U+00A0 written as a space, as fpdf2 does (no line break there all the same)
                pdf.text(left, baseline, segment.replace("\u00a0", " "))
            else:  # characters from the fallback font
                margin, pdf.c_margin = pdf.c_margin, 0
                pdf.set_xy(left, y)
                pdf.cell(self.width(segment, size, bold) + 0.01, height, segment)
                pdf.c_margin = margin
            left += self.width(segment, size, bold)

    def _shaped(
        self, line: Line, x: float, y: float, width: float, height: float, size: float, align: str
    ) -> None:
        """A line with right-to-left or joining script: shaped and ordered by fpdf2 (one font
        style for the line: bold only if it is all bold)."""
        pdf = self.pdf
        bold = all(b for _, b in line.segments)
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.set_text_shaping(True)
        margin, pdf.c_margin = pdf.c_margin, 0  # the line's box is already the text's
        try:
            pdf.set_xy(x, y)
            pdf.cell(width, height, line.text, align=align)
        finally:
            pdf.c_margin = margin
            pdf.set_text_shaping(False)
