"""The HTML export in a real browser (Debian's Chromium) and printed by it (``page.pdf()``, read
back with pypdf): long words and URLs wrap, tables fit the screen and the page (no column cut),
the first printed page is not mostly blank, markers stay in the map's frame whatever their
number. No server: the page is opened from its text, every request refused."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from adapters.exports.html import summary_html
from domain.models import Actor
from tests.e2e.helpers import open_html_offline
from tests.fixtures import sample_carnet
from tests.unit.test_exports import example_summary, make_summary

BUDGET = 240
LONG_WORD = "Anticonstitutionnellementalitéssupplémentairementdésinstitutionnalisations"
LONG_URL = "https://www.example.org/" + "/".join(f"chemin-numero-{i:02d}" for i in range(12))
SENTINEL = "NOTEFINALEVISIBLE"


def long_carnet():
    carnet = sample_carnet()
    carnet.actors[0].name = f"Acteur {LONG_WORD}"
    carnet.actors[0].address = f"{LONG_WORD} {LONG_WORD}"
    carnet.actors[1].website = LONG_URL
    carnet.actors[2].notes = f"Une note privée assez longue {LONG_WORD} puis {SENTINEL}"
    carnet.alliance.members[0].expertise = f"{LONG_WORD} {LONG_URL}"
    return carnet


def printed(page, html: str) -> list[str]:
    page.set_content(html, wait_until="load")
    data = page.pdf(format="A4", print_background=True)
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def view(chromium):
    summary, t = make_summary(long_carnet(), include_private=True)
    context, page, attempted = open_html_offline(chromium, summary_html(summary, t).encode())
    yield page, summary_html(summary, t)
    assert attempted == []
    context.close()


def test_long_words_and_urls_wrap_and_tables_fit_the_screen(view):
    page, _ = view
    for width in (1280, 800, 390):
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow}px wider than a {width}px window"
        cut = page.evaluate(
            """() => [...document.querySelectorAll('table')].filter(
                   t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
               ).length"""
        )
        assert cut == 0, f"a table goes past the right edge at {width}px"


def test_printed_tables_keep_every_column_and_every_word(view):
    page, html = view
    pages = printed(page, html)
    text = squeeze(" ".join(pages))
    assert SENTINEL in text  # the last column (private notes) is printed, not cut off
    assert squeeze(LONG_URL) in text.replace("-", "-")
    assert text.count(LONG_WORD) >= 3  # name, address, note, expertise: wrapped, not cut


def test_the_first_printed_page_is_not_mostly_blank(chromium):
    for summary, t in (example_summary(), make_summary()):
        context, page, _ = open_html_offline(chromium, summary_html(summary, t).encode())
        try:
            pages = printed(page, summary_html(summary, t))
            first = pages[0]
            # the project, then the next section (the stakeholders' grid when the learner made
            # one, else the actors and their map) starts on the first page
            following = (
                "summary.section.stakeholders" if summary.stakeholders else "summary.section.actors"
            )
            assert t(following) in first, first[:400]
            assert len(squeeze(first)) > 0.5 * len(squeeze(pages[1]))
        finally:
            context.close()


@pytest.mark.parametrize("count", [20, 400, 1000])
def test_markers_stay_in_the_maps_frame(chromium, count):
    carnet = sample_carnet()
    carnet.actors = [
        Actor(
            id=f"{i:012x}",
            name=f"Acteur {i}",
            category="cress",
            lat=45.05 if i % 2 else 45.0 + i / 5000,
            lon=5.05 if i % 2 else 4.9,
        )
        for i in range(count)
    ]
    summary, t = make_summary(carnet)
    context, page, _ = open_html_offline(chromium, summary_html(summary, t).encode())
    try:
        outside = page.evaluate(
            """() => {
                const svg = document.querySelector('figure svg');
                const frame = svg.getBoundingClientRect();
                return [...svg.querySelectorAll('g.actor circle')].filter(c => {
                    const b = c.getBoundingClientRect();
                    return b.left < frame.left - 0.5 || b.right > frame.right + 0.5
                        || b.top < frame.top - 0.5 || b.bottom > frame.bottom + 0.5;
                }).length;
            }"""
        )
        assert page.locator("g.actor").count() == count
        assert outside == 0
    finally:
        context.close()
