"""The stakeholders section of the exports: present only when the learner listed stakeholders,
learner text escaped in every format, links from actors shown, CSV readable."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from adapters.exports import forum, html, markdown, pdf, stakeholders
from domain import stakeholders as rules
from domain.catalogue import load_categories
from domain.example import example_carnet
from domain.i18n import Translator
from domain.models import Actor, Carnet
from domain.summary import build_summary, category_infos
from tests.corpus import hostile_strings

WHEN = datetime(2026, 11, 1, 9, tzinfo=UTC)


def summary_of(carnet: Carnet, lang: str = "fr"):
    t = Translator(lang)
    return build_summary(
        carnet, t=t, categories=category_infos(load_categories(), t), generated_at=WHEN
    ), t


def test_without_stakeholders_no_section_anywhere():
    carnet = example_carnet("fr").model_copy(update={"stakeholders": []})
    for actor in carnet.actors:
        actor.reaches = []
    summary, t = summary_of(carnet)
    assert summary.stakeholders == ()
    title = t("summary.section.stakeholders")
    assert title not in markdown.summary_markdown(summary, t)
    assert title not in html.summary_html(summary, t)
    assert t("summary.forum.stakeholders", count=0).split("(")[0] not in forum.forum_post_text(
        summary, t
    )
    assert stakeholders.stakeholders_csv(summary).decode("utf-8-sig").count("\r\n") == 1


def test_the_example_shows_its_grid_and_links_in_every_format():
    summary, t = summary_of(example_carnet("fr"))
    assert [s.quadrant for s in summary.stakeholders][:2] == ["key_players", "key_players"]
    funders = next(s for s in summary.stakeholders if s.family == "funders")
    assert funders.reached_by == ("CRESS Île-de-France", "France Active")
    page = html.summary_html(summary, t)
    assert 'aria-labelledby="grid-title grid-desc"' in page
    for label in ("Acteurs clés", "À satisfaire", "À informer", "À surveiller"):
        assert label in page
    text = markdown.summary_markdown(summary, t)
    assert "| Acteurs clés |" in text and "CRESS Île-de-France, France Active" in text
    post = forum.forum_post_text(summary, t)
    assert "Parties prenantes de mon projet (6)" in post
    assert len([line for line in post.splitlines() if "Parties prenantes" in line]) == 1
    rows = list(
        csv.reader(
            io.StringIO(stakeholders.stakeholders_csv(summary).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert rows[0] == list(stakeholders.CSV_COLUMNS)
    assert len(rows) == 7
    assert pdf.summary_pdf(summary, t).startswith(b"%PDF")


@pytest.mark.parametrize("payload", hostile_strings()[:40])
def test_hostile_stakeholder_names_are_escaped(payload):
    carnet = Carnet()
    try:
        rules.add_stakeholder(carnet, name=payload, expectations=payload)
    except ValueError:
        pytest.skip("refused by the model (empty once cleaned, too long...)")
    carnet.actors.append(Actor(name="A", category="cress", reaches=[carnet.stakeholders[0].id]))
    summary, t = summary_of(carnet)
    page = html.summary_html(summary, t)
    assert "<script" not in page.lower().replace("&lt;script", "")
    svg = str(stakeholders.grid_svg(summary, t))
    assert "<script" not in svg.lower()
    for row in csv.reader(
        io.StringIO(stakeholders.stakeholders_csv(summary).decode("utf-8-sig")), delimiter=";"
    ):
        for cell in row:
            assert not cell.startswith(("=", "+", "@")) or cell.startswith("'")
