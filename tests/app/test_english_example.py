"""The worked example in the English interface says nothing in French around its names
(issue 14: « (puis Vitawin) » showed there): the alliance's name in English comes from the
catalogue's wording (``name_en``, built by scripts/build_catalogue.py) through
scripts/build_example.py into data/example-carnet.en.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from domain.alliances import alliance_from_catalogue
from domain.catalogue import get_alliance, load_alliances
from tests.app.support import open_example, open_page

ROOT = Path(__file__).resolve().parents[2]
FRENCH_WORD = re.compile(r"\bpuis\b", re.IGNORECASE)


def page_text(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text", "info"):
        parts += [element.value for element in getattr(at, kind)]
    return "\n".join(str(part) for part in parts)


def test_the_english_example_file_has_no_french_puis():
    text = (ROOT / "data" / "example-carnet.en.json").read_text(encoding="utf-8")
    assert not FRENCH_WORD.search(text), FRENCH_WORD.search(text)
    alliance = json.loads(text)["alliance"]
    assert alliance["name"] == "Agir ensemble à Charenton–Saint-Maurice (later Vitawin)"


def test_catalogue_names_in_english_keep_the_french_name_and_translate_the_rest():
    example = get_alliance("agir_ensemble_charenton")
    assert example.display_name("fr") == "Agir ensemble à Charenton–Saint-Maurice (puis Vitawin)"
    assert example.display_name("en") == "Agir ensemble à Charenton–Saint-Maurice (later Vitawin)"
    assert alliance_from_catalogue(example, "en").name == example.display_name("en")
    for alliance in load_alliances():
        assert not FRENCH_WORD.search(alliance.display_name("en")), alliance.id


def test_the_english_interface_shows_the_example_without_french_puis(make_app):
    at = make_app(lang="en")
    open_example(at)
    assert not at.exception, at.exception
    seen = []
    for page_id in ("alliance", "analyse", "synthese"):
        open_page(at, page_id)
        text = page_text(at)
        seen.append("later Vitawin" in text)
        assert not FRENCH_WORD.search(text), (page_id, FRENCH_WORD.search(text))
    assert any(seen)  # the name is shown, in English
