"""What the app says about its sources holds up (issue 15's audit of data/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from domain.example import example_carnet
from domain.i18n import load_messages

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def every_text() -> str:
    """Every shipped text a learner may read: catalogue, example, locales."""
    parts = [
        (DATA / name).read_text(encoding="utf-8")
        for name in (
            "categories.json",
            "alliances.json",
            "typologies.json",
            "example-carnet.fr.json",
            "example-carnet.en.json",
        )
    ]
    parts += [json.dumps(load_messages(lang), ensure_ascii=False) for lang in ("fr", "en")]
    return "\n".join(parts)


def test_the_solifap_example_names_the_course_it_comes_from():
    mode = next(
        m for m in load("typologies.json")["partnership_modes"] if m["id"] == "innovation_societale"
    )
    assert "Solifap" in mode["example"]["fr"]
    assert "Les partenariats qui changent le monde" in mode["example"]["fr"]
    assert "Les partenariats qui changent le monde" in mode["example"]["en"]
    assert all("partenariats-qui-changent-le-monde" in url for url in mode["example_sources"])


def test_the_alsace_testimony_names_where_it_comes_from():
    alsace = next(
        a for a in load("alliances.json")["alliances"] if a["id"] == "labo_partenariats_alsace"
    )
    fact = next(f for f in alsace["key_facts"] if "70" in f["text"]["fr"])
    assert "autre cours de l’ESSEC" in fact["text"]["fr"]
    assert "another ESSEC course" in fact["text"]["en"]
    assert any("impactinvestinginnover" in url for url in fact["sources"])
    assert (
        "témoignage du cours" not in every_text() and "testimony in the course" not in every_text()
    )


def test_the_cci_label_claims_no_unsourced_service():
    cci = next(c for c in load("categories.json")["categories"] if c["id"] == "cci")
    for lang in ("fr", "en"):
        assert not re.search(r"\bESS\b|innovation|social.economy", cci["name"][lang], re.I)
    assert "accompagnement des entreprises" in cci["name"]["fr"]
    assert "Services ESS et innovation" not in every_text()


def test_no_text_says_the_course_follows_the_alliance_throughout():
    text = every_text()
    for claim in ("tout au long du cours", "throughout the course", "the course itself follows"):
        assert claim not in text, claim
    charenton = next(
        a for a in load("alliances.json")["alliances"] if a["id"] == "agir_ensemble_charenton"
    )
    assert "Alliance fil rouge" in charenton["summary"]["fr"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_example_places_no_actor_at_an_unsourced_address(lang):
    carnet = example_carnet(lang)
    for name in ("CRESS Île-de-France", "CCI du Val-de-Marne"):
        actor = next(a for a in carnet.actors if a.name == name)
        assert actor.address == "" and actor.commune == "" and not actor.located, name


@pytest.mark.parametrize(
    ("lang", "axes"),
    [
        ("fr", ("insertion des jeunes", "handicap", "précarité")),
        ("en", ("integration of young people", "disability", "precariousness")),
    ],
)
def test_the_example_vision_covers_the_three_axes_of_the_source(lang, axes):
    vision = example_carnet(lang).answers.vision
    for axis in axes:
        assert axis in vision, axis


def test_pointers_to_le_rameaus_site_say_what_the_learner_will_find():
    for lang, words in (
        ("fr", ("lerameau.fr", "publications", "archive", "cette fois c’est fini")),
        ("en", ("lerameau.fr", "publications", "archive", "cette fois c'est fini")),
    ):
        intro = load_messages(lang)["alliance.intro"]
        for word in words:
            assert word in intro.replace("\u00a0", " "), (lang, word)
    view = (ROOT / "app_pages" / "alliance.py").read_text(encoding="utf-8")
    assert "lerameau.fr" not in view  # no placeholder sending learners there unexplained


def test_the_facts_note_is_dated_and_lists_what_stays_unsourced():
    note = (DATA / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\*\*\d{4}-\d{2}-\d{2} — Le RAMEAU", note)
    assert "cette fois c’est fini" in note and "Wording still unsourced" in note
