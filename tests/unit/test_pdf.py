"""The PDF holds up with real texts: right-to-left scripts shaped and ordered, nothing dropped,
no word cut in two, the actors' map over the lines of France, made offline, with progress."""

from __future__ import annotations

import io
import re
import socket

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from adapters.exports.html import map_picture
from adapters.exports.pdf import summary_pdf
from domain.models import Actor
from tests.fixtures import sample_carnet
from tests.unit.test_exports import make_summary, pdf_text

HEBREW = "שלום עולם"
ARABIC = "السلام عليكم"


def _font_maps(page) -> dict[str, dict[bytes, str]]:
    """Each font of the page: 2-byte code → text, from its ToUnicode CMap."""
    maps = {}
    for name, font in page["/Resources"]["/Font"].items():
        cmap = font.get_object()["/ToUnicode"].get_object().get_data().decode()
        pairs = re.findall(r"<([0-9A-F]{4})> <([0-9A-F]+)>", cmap)
        maps[name] = {
            bytes.fromhex(code): bytes.fromhex(text).decode("utf-16-be") for code, text in pairs
        }
    return maps


def drawn_text(data: bytes) -> str:
    """The text in the order its glyphs are drawn (left to right on the line: visual order)."""
    reader = PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        maps = _font_maps(page)
        font = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = operands[0]
            elif operator in (b"Tj", b"TJ") and font in maps:
                strings = operands[0] if operator == b"TJ" else [operands[0]]
                for raw in strings:
                    if isinstance(raw, bytes | str):
                        raw = getattr(raw, "original_bytes", raw)
                        raw = raw if isinstance(raw, bytes) else raw.encode("latin-1")
                        out.append(
                            "".join(
                                maps[font].get(raw[i : i + 2], "?") for i in range(0, len(raw), 2)
                            )
                        )
                out.append("\n")
    return "".join(out)


def pdf_of(carnet, **kwargs) -> bytes:
    summary, t = make_summary(carnet, **kwargs)
    return summary_pdf(summary, t)


def test_right_to_left_text_is_drawn_in_visual_order():
    carnet = sample_carnet()
    carnet.project.description = f"Hébreu : {HEBREW}. Arabe : {ARABIC}."
    # shaped runs are drawn glyph by glyph: read them in drawing order, spaces aside
    drawn = re.sub(r"\s", "", drawn_text(pdf_of(carnet)))
    hebrew = HEBREW.replace(" ", "")
    assert "םלוע" + "םולש" in drawn and hebrew not in drawn  # שלום עולם, right to left
    assert "مكيلع" in drawn  # عليكم, right to left


def test_arabic_letters_take_their_joined_forms():
    """With shaping, one letter is drawn with several glyphs (initial, medial... forms): the
    font's ToUnicode CMap maps more than one glyph code to U+0644 (lam)."""
    carnet = sample_carnet()
    carnet.project.description = f"Arabe : {ARABIC}"
    reader = PdfReader(io.BytesIO(pdf_of(carnet)))
    maps = _font_maps(reader.pages[0])
    lam_codes = {code for m in maps.values() for code, text in m.items() if text == "\u0644"}
    assert len(lam_codes) >= 2


def test_characters_outside_the_fonts_are_never_dropped():
    carnet = sample_carnet()
    carnet.project.description = "Atelier 🤝 solidaire 🌍 ; café ☕ ; 中文 ; हिन्दी"
    text = pdf_text(pdf_of(carnet))
    assert "🤝" in text and "🌍" in text and "☕" in text  # Noto Emoji, the fallback font
    assert "[U+4E2D][U+6587]" in text  # no font here has Chinese: shown, not dropped
    assert "[U+0939]" in text  # nor Devanagari
    fonts = {
        font.get_object()["/BaseFont"]
        for page in PdfReader(io.BytesIO(pdf_of(carnet))).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("NotoEmoji" in f for f in fonts)


LONG_WORDS = [
    "Anticonstitutionnellement",
    "Intergouvernementalisations",
    "Établissementsintercommunaux",
]


def test_words_are_never_cut_across_lines():
    carnet = sample_carnet()
    for index, word in enumerate(LONG_WORDS):
        carnet.actors[index].name = f"{word} {word}"
        carnet.actors[index].address = f"{word} {word} {word}"
    carnet.alliance.members[0].role = " ".join(LONG_WORDS * 4)
    carnet.answers.vision = " ".join(LONG_WORDS * 40)
    text = pdf_text(pdf_of(carnet, include_private=True))
    lines = text.splitlines()
    for word in LONG_WORDS:
        # every piece of a long word on a line is the whole word
        pieces = [w for line in lines for w in line.split() if w and w in word and len(w) >= 4]
        assert pieces and all(piece == word for piece in pieces), (word, set(pieces))


def test_a_long_url_breaks_after_its_punctuation_only():
    carnet = sample_carnet()
    url = "https://www.example.org/" + "/".join(f"segment{i:02d}" for i in range(12))
    carnet.actors[0].website = url
    text = pdf_text(pdf_of(carnet))
    for line in text.splitlines():
        for word in line.split():
            if "segment" in word:
                assert re.fullmatch(r"(https://www\.example\.org/)?(segment\d\d/?)+", word), word


def test_the_map_draws_the_actors_over_the_lines_of_france_with_the_tables_numbers():
    carnet = sample_carnet()
    data = pdf_of(carnet)
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[0]
    operations = ContentStream(page.get_contents(), reader).operations
    operators = [op for _, op in operations]
    assert b"W" in operators  # drawn inside a clip: nothing outside the frame
    line_to = operators.count(b"l")
    assert line_to > 50  # coast and limits of départements (domain.outlines)
    picture = map_picture(make_summary(carnet)[0])
    drawn = drawn_text(data)
    for point in picture.points:
        assert f"\n{point.number}\n" in drawn  # the marker's number, drawn alone
    # Abroad, the same map has no outline (none shipped there), and still its markers
    far = sample_carnet()
    for actor in far.actors:
        if actor.located:
            actor.lat, actor.lon = actor.lat - 80, actor.lon + 120
    far.project.territory.lat, far.project.territory.lon = None, None
    far_reader = PdfReader(io.BytesIO(pdf_of(far)))
    far_ops = [
        op for _, op in ContentStream(far_reader.pages[0].get_contents(), far_reader).operations
    ]
    assert far_ops.count(b"l") < line_to


def test_the_pdf_is_made_without_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert pdf_of(sample_carnet()).startswith(b"%PDF-")


def test_progress_is_reported_up_to_the_end():
    carnet = sample_carnet()
    carnet.actors = [
        Actor(id=f"{i:012x}", name=f"Acteur {i}", category="cress", lat=45 + i / 1000, lon=5.0)
        for i in range(300)
    ]
    summary, t = make_summary(carnet)
    seen: list[float] = []
    summary_pdf(summary, t, progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 5


@pytest.mark.parametrize("count", [1000])
def test_a_thousand_actors_fit_in_the_table_without_falling_back_to_blocks(count):
    carnet = sample_carnet()
    carnet.actors = [
        Actor(
            id=f"{i:012x}",
            name=f"Acteur n°{i} « cress »",
            category="cress",
            address=f"{i % 120} rue de l’Exemple",
            lat=45 + (i % 50) / 100,
            lon=5 + i / 1000,
            website=f"https://acteur-{i}.example.fr",
            notes="Note privée : à rappeler.",
        )
        for i in range(count)
    ]
    text = pdf_text(pdf_of(carnet, include_private=True))
    assert "Acteur n°999 « cress »" in " ".join(text.split())
    assert f"{count - 1}" in text
