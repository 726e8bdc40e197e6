"""The alliance search's hint names examples to search (issue 14: « the TEZEA hint agrees with
the data »): each example of the hint, in both languages, finds at least one alliance of the
shipped catalogue through the search the page uses (``domain.catalogue.filter_alliances``)."""

from __future__ import annotations

import re

import pytest

from domain.catalogue import filter_alliances, load_alliances
from domain.i18n import Translator

# « … » in French (with their non-breaking spaces), “…” in English
QUOTED = re.compile(r"«\s*([^»]+?)\s*»|“([^”]+)”")


def examples(lang: str) -> list[str]:
    hint = Translator(lang)("alliance.search_help")
    return [a or b for a, b in QUOTED.findall(hint)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_example_of_the_search_hint_finds_an_alliance(lang):
    terms = examples(lang)
    assert len(terms) >= 3, terms
    alliances = load_alliances()
    for term in terms:
        assert filter_alliances(alliances, query=term), f"{term!r} finds nothing"


def test_both_languages_give_the_same_examples():
    assert examples("fr") == examples("en")


def test_tezea_finds_its_alliance():
    found = filter_alliances(load_alliances(), query="tezea")
    assert [a.id for a in found] == [
        a.id for a in load_alliances() if any(m.name == "TEZEA" for m in a.members)
    ]
