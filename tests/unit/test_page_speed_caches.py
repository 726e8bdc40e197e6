"""What the pages keep between reruns (issue 17's page speed) shows exactly what they built
before: the frozen plotly figure hands Streamlit the same figure, and the texts kept per
language are the ones the pages made on every rerun."""

from __future__ import annotations

import json

import plotly.io as pio
import plotly.tools as tools
import pytest

from adapters.network_figure import network_figure
from adapters.stakeholder_grid import grid_figure
from components import alliances, analysis_texts
from components.figures import FrozenFigure
from components.stakeholders import FAMILIES
from domain import stakeholders as rules
from domain.analysis import family_labels
from domain.catalogue import filter_alliances, load_alliances, load_typologies, order_for_region
from domain.example import example_carnet, shipped_example
from domain.i18n import Translator
from domain.models import QUESTIONS
from domain.text import escape_markdown


def as_streamlit_sends_it(figure) -> str:
    """What ``st.plotly_chart`` does with a figure before sending it (Streamlit 1.67)."""
    return pio.to_json(tools.return_figure_from_figure_or_data(figure, True), validate=False)


def example_figures():
    carnet = example_carnet("fr")
    t = Translator("fr")
    assert carnet.alliance is not None
    yield network_figure(carnet.alliance.name, carnet.alliance.members, family_labels(t))
    yield network_figure(
        carnet.alliance.name, carnet.alliance.members, family_labels(t), projection=True
    )
    labels = {f: t(f"stakeholders.family.{f}") for f in FAMILIES}
    assert carnet.stakeholders  # the example has a grid
    yield grid_figure(rules.grid_rows(carnet), t=t, family_labels=labels)


@pytest.mark.parametrize("figure", list(example_figures()))
def test_a_frozen_figure_sends_the_same_chart_every_time(figure):
    before = json.loads(as_streamlit_sends_it(figure))
    frozen = FrozenFigure(figure)
    first = as_streamlit_sends_it(frozen)
    assert json.loads(first) == before
    assert as_streamlit_sends_it(frozen) == first  # same text: the chart keeps its element id
    assert frozen.to_dict() is frozen.to_dict()  # made once, not copied on every rerun


def test_guidance_is_the_worked_example_s_answer_quoted():
    for lang in ("fr", "en"):
        t = Translator(lang)
        example = example_carnet(lang)
        assert example.alliance is not None
        for question in QUESTIONS:
            covers, whose, quote = analysis_texts.guidance(question, lang).split("\n\n", 2)
            assert covers == t(f"analyse.q.{question}.covers")
            assert escape_markdown(example.alliance.name) in whose
            answer = getattr(example.answers, question)
            assert quote == "> " + escape_markdown(answer).replace("\n", "\n> ")


def test_typology_definitions_name_define_and_label_each_item():
    for lang in ("fr", "en"):
        t = Translator(lang)
        typologies = load_typologies()
        for field in ("partnership_modes", "coconstruction_forms"):
            items = getattr(typologies, field)
            lines = analysis_texts.definitions(field, lang)
            assert len(lines) == len(items)
            for item, (line, caption) in zip(items, lines, strict=True):
                assert line.startswith(f"**{escape_markdown(t.pick(item.name))}** — ")
                assert (caption != "") == bool(t.pick(item.example))


def test_the_shipped_example_is_one_object_and_copies_are_apart():
    assert shipped_example("fr") is shipped_example("fr")
    copy = example_carnet("fr")
    copy.answers.vision = "changed"
    assert shipped_example("fr").answers.vision != "changed"


@pytest.mark.parametrize(
    ("filters", "learner_region"),
    [
        ((None, None, None, ""), None),
        (("53", None, None, ""), None),
        ((None, None, None, "ecossolies"), "52"),
        ((None, None, "research_academic", ""), "32"),
    ],
)
def test_the_catalogue_shown_is_the_filtered_catalogue_in_the_same_order(filters, learner_region):
    region, kind, family, query = filters
    expected = filter_alliances(
        load_alliances(), region_code=region, type=kind, family=family, query=query
    )
    if learner_region:
        expected = order_for_region(expected, learner_region)
    shown = alliances.shown_alliances(region, kind, family, query, learner_region)
    assert [a.id for a in shown] == [a.id for a in expected]
    for lang in ("fr", "en"):
        points = alliances._as_points(list(shown), lang)
        assert [(p.name, p.lat, p.lon) for p in points] == [
            (a.display_name(lang), a.lat, a.lon) for a in shown
        ]


def test_card_text_is_the_card_s_title_line_and_summary():
    for lang in ("fr", "en"):
        t = Translator(lang)
        for item in load_alliances():
            card = alliances.card_text(item.id, lang)
            assert card.title == escape_markdown(item.display_name(lang))
            assert card.summary == t.pick(item.summary)
            assert item.region in card.meta
