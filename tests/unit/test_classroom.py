"""The class space's pure rules: join codes, consents, the SharedView filter, the board."""

from __future__ import annotations

import dataclasses
import string
from collections import Counter

import pytest

from domain import classroom
from domain.classroom import FAMILIES, Consents, build_board, shared_view
from domain.models import Actor, Alliance, Answers, Carnet, ContactStatus, ContactStep, Project

SENTINEL = "ZZSENTINEL"


def carnet(tag: str = "a") -> Carnet:
    """A carnet where every private field and every family holds a sentinel."""
    return Carnet(
        project=Project(name=f"Projet {tag}"),
        actors=[
            Actor(
                name=f"CRESS {tag}",
                category="cress",
                commune="Valence",
                address="12 rue X, 26000 Valence",
                lat=44.93,
                lon=4.89,
                website="https://cress.example.fr",
                contact_person=f"{SENTINEL}-contact-{tag}",
                notes=f"{SENTINEL}-notes-{tag}",
                status=ContactStatus.MET,
                contact_log=[ContactStep(status=ContactStatus.CONTACTED, on="2026-10-01")],
            ),
            Actor(name=f"PTCE {tag}", category="ptce", commune="Lyon", lat=45.76, lon=4.83),
        ],
        alliance=Alliance(name=f"Alliance {tag}", place="Drôme"),
        answers=Answers(vision=f"Vision {tag}", expertise="", interest=f"Intérêt {tag}"),
    )


# --- codes


def test_the_code_alphabet_has_no_look_alikes():
    for confusable in "0O1IL5S8B2ZUV":
        assert confusable not in classroom.CODE_ALPHABET
    assert len(set(classroom.CODE_ALPHABET)) == len(classroom.CODE_ALPHABET)
    assert set(classroom.CODE_ALPHABET) <= set(string.digits + string.ascii_uppercase)


def test_new_codes_are_six_characters_of_the_alphabet_and_vary():
    codes = [classroom.new_code() for _ in range(500)]
    assert all(len(c) == 6 and set(c) <= set(classroom.CODE_ALPHABET) for c in codes)
    assert len(set(codes)) > 490
    letters = Counter("".join(codes))
    assert len(letters) == len(classroom.CODE_ALPHABET)  # every character used


def test_codes_are_shown_in_two_halves_and_read_back_however_typed():
    assert classroom.format_code("K7MQ4P") == "K7M-Q4P"
    for typed in ("K7M-Q4P", "k7mq4p", " k7m q4p ", "K7M–Q4P"):
        assert classroom.parse_code(typed) == "K7MQ4P"
    for wrong in ("", None, "K7M-Q4", "K7M-Q4PX", "K0M-Q4P", "<script>", "K7M-Q4P'--"):
        assert classroom.parse_code(wrong) is None


# --- consents and the filter


def test_consents_are_all_off_by_default():
    assert Consents().ticked() == ()
    assert Consents.of(["answers", "name"]) == Consents(answers=True, name=True)
    with pytest.raises(ValueError):
        Consents.of(["contacts"])


def _all_text(value) -> str:
    """Every string reachable from a value (dataclasses, mappings, sequences)."""
    if isinstance(value, str):
        return value
    if dataclasses.is_dataclass(value):
        return " ".join(_all_text(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return " ".join(_all_text(k) + " " + _all_text(v) for k, v in value.items())
    if isinstance(value, (list, tuple, frozenset, set)):
        return " ".join(_all_text(v) for v in value)
    return str(value)


def test_nothing_unticked_is_in_the_shared_view():
    view = shared_view(1, carnet(), Consents(), pseudonym="Loutre 42", name="Alice Martin")
    text = _all_text(view)
    assert view.label == "Loutre 42" and not view.named
    assert view.progress is None and view.actors is None and view.answers is None
    assert view.alliance is None and view.shares == frozenset()
    for absent in ("CRESS", "PTCE", "Alliance a", "Vision a", "Alice", SENTINEL, "Projet a"):
        assert absent not in text


def test_each_family_alone_brings_only_itself():
    for family in FAMILIES:
        consents = Consents.of([family])
        view = shared_view(1, carnet(), consents, pseudonym="Hibou 12", name="Alice")
        text = _all_text(view)
        assert SENTINEL not in text  # private fields never, whatever is ticked
        assert ("CRESS a" in text) == (family == "actors")
        assert ("Alliance a" in text) == (family == "alliance")
        assert ("Vision a" in text) == (family == "answers")
        assert ("Alice" in text) == (family == "name")
        assert (view.progress is not None) == (family == "progress")


def test_actors_are_projected_to_public_fields_only():
    view = shared_view(1, carnet(), Consents(actors=True), pseudonym="P")
    assert view.actors is not None
    names = {f.name for f in dataclasses.fields(view.actors[0])}
    assert not names & {"contact_person", "notes", "status", "contact_log"}
    assert view.actors[0].name == "CRESS a" and view.actors[0].website.startswith("https://")


def test_a_name_is_shown_only_when_ticked_and_given():
    assert shared_view(1, carnet(), Consents(name=True), pseudonym="P", name="  ").label == "P"
    named = shared_view(1, carnet(), Consents(name=True), pseudonym="P", name="Alice")
    assert named.label == "Alice" and named.named and named.shared("name")


def test_pseudonyms_are_words_and_numbers():
    pseudonym = classroom.new_pseudonym()
    word, number = pseudonym.rsplit(" ", 1)
    assert word in classroom.PSEUDONYM_WORDS and 10 <= int(number) <= 99


# --- départements


def test_departement_from_an_address_postcode_or_a_unique_commune_name():
    resolve = classroom.departement_resolver(
        {"26": "Drôme", "69": "Rhône", "2A": "Corse-du-Sud", "974": "La Réunion"},
        {"valence": "26"},
        str.lower,
    )
    assert resolve("", "3 place X 69001 Lyon") == ("69", "Rhône")
    assert resolve("Valence", "") == ("26", "Drôme")
    assert resolve("Ajaccio", "20000 Ajaccio") == ("2A", "Corse-du-Sud")
    assert resolve("Saint-Denis", "97400 Saint-Denis") == ("974", "La Réunion")
    assert resolve("Inconnue", "") is None


# --- board


def test_the_board_aggregates_shared_views_only():
    all_on = Consents.of(FAMILIES)

    def dep(commune: str, address: str):
        return {"Valence": ("26", "Drôme"), "Lyon": ("69", "Rhône")}.get(commune)

    views = [
        shared_view(1, carnet("a"), all_on, pseudonym="A", name="Alice", departement_of=dep),
        shared_view(
            2,
            carnet("b"),
            Consents(actors=True, answers=True),
            pseudonym="Bob 11",
            departement_of=dep,
        ),
        shared_view(3, carnet("c"), Consents(progress=True), pseudonym="C", departement_of=dep),
    ]
    categories = ("cress", "ptce", "cci")
    board = build_board(views, categories)
    assert board.learners == 3
    assert [a.number for a in board.actors] == [1, 2, 3, 4]
    assert {a.actor.name for a in board.actors} == {"CRESS a", "PTCE a", "CRESS b", "PTCE b"}
    assert board.by_category == (("cress", 2), ("ptce", 2))
    assert board.by_departement == (("26", "Drôme", 2), ("69", "Rhône", 2))
    assert board.missing_everywhere == ("cci",)
    assert [(g.departement_code, g.missing) for g in board.gaps] == [
        ("26", ("ptce", "cci")),
        ("69", ("cress", "cci")),
    ]
    assert board.alliances == (("Alliance a", 1),)
    vision = board.answers["vision"]
    assert [(a.member_id, a.learner, a.text) for a in vision] == [
        (1, "Alice", "Vision a"),
        (2, None, "Vision b"),  # anonymous: Bob did not choose to show a name
    ]
    assert board.answers["expertise"] == ()  # empty answers are left out
    assert "Vision c" not in _all_text(board) and SENTINEL not in _all_text(board)


def test_the_class_map_frames_most_points():
    assert classroom.map_view([]) == classroom.FRANCE
    around_valence = [(44.93 + i / 1000, 4.89 + i / 1000) for i in range(40)]
    lat, lon, zoom = classroom.map_view([*around_valence, (48.85, 2.35)])  # one in Paris
    assert abs(lat - 44.95) < 0.05 and abs(lon - 4.91) < 0.05
    assert zoom >= 10
    spread = [(43 + i / 10, 0 + i / 5) for i in range(50)]
    assert classroom.map_view(spread)[2] <= 6
