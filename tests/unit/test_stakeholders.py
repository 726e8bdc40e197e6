"""The project's stakeholders: model limits, grid rules, links from actors, use cases."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from domain import stakeholders as rules
from domain.carnet_io import parse_carnet_json
from domain.models import MAX_NOTE, MAX_SHORT, MAX_STAKEHOLDERS, Actor, Carnet, Stakeholder
from domain.progress import steps
from services import stakeholders as service
from services.errors import Invalid, NotFound

Q = rules.Quadrant


def carnet_with(*names: str) -> Carnet:
    carnet = Carnet()
    for name in names:
        rules.add_stakeholder(carnet, name=name)
    return carnet


# --------------------------------------------------------------------------------- the model


def test_a_stakeholder_has_defaults_in_the_middle_low_cell():
    s = Stakeholder(name="Mairie")
    assert (s.power_level, s.interest_level) == (2, 2)
    assert s.family.value == "other"
    assert rules.stakeholder_quadrant(s) == Q.MONITOR


@pytest.mark.parametrize("level", [0, 5, -1])
def test_levels_outside_the_scale_are_refused(level):
    with pytest.raises(ValidationError):
        Stakeholder(name="x", power_level=level)
    with pytest.raises(ValidationError):
        Stakeholder(name="x", interest_level=level)


def test_text_limits_like_the_other_fields():
    with pytest.raises(ValidationError):
        Stakeholder(name="")
    with pytest.raises(ValidationError):
        Stakeholder(name="\u200b  ")  # only invisible characters: empty once cleaned
    with pytest.raises(ValidationError):
        Stakeholder(name="n" * (MAX_SHORT + 1))
    with pytest.raises(ValidationError):
        Stakeholder(name="n", expectations="e" * (MAX_NOTE + 1))
    cleaned = Stakeholder(name="Mairie\u202e", interest="ligne 1\nligne 2")
    assert cleaned.name == "Mairie"
    assert cleaned.interest == "ligne 1\nligne 2"


def test_the_carnet_caps_the_number_of_stakeholders():
    with pytest.raises(ValidationError):
        Carnet(stakeholders=[Stakeholder(name=f"s{i}") for i in range(MAX_STAKEHOLDERS + 1)])


def test_an_old_carnet_without_stakeholders_loads_unchanged():
    """A schema-1 carnet saved before the stakeholders existed (no ``stakeholders`` field, actors
    without ``reaches``) loads as it was, with empty lists."""
    old = {
        "schema_version": 1,
        "language": "fr",
        "project": {"name": "Tiers-lieu", "description": "", "territory": {}},
        "actors": [{"id": "abcdef123456", "name": "CRESS Bretagne", "category": "cress"}],
        "alliance": None,
        "answers": {},
        "tags": {},
        "created_at": "2026-01-05T10:00:00Z",
        "updated_at": "2026-01-05T10:00:00Z",
    }
    carnet = parse_carnet_json(json.dumps(old))
    assert carnet.stakeholders == []
    assert carnet.actors[0].reaches == []
    assert carnet.project.name == "Tiers-lieu"
    again = parse_carnet_json(carnet.model_dump_json())
    assert again == carnet


# ----------------------------------------------------------------------------------- the grid


@pytest.mark.parametrize(
    ("power", "interest", "expected"),
    [
        (4, 4, Q.KEY_PLAYERS),
        (3, 3, Q.KEY_PLAYERS),
        (3, 2, Q.KEEP_SATISFIED),
        (4, 1, Q.KEEP_SATISFIED),
        (2, 3, Q.KEEP_INFORMED),
        (1, 4, Q.KEEP_INFORMED),
        (2, 2, Q.MONITOR),
        (1, 1, Q.MONITOR),
    ],
)
def test_quadrants(power, interest, expected):
    assert rules.quadrant(power, interest) == expected


@pytest.mark.parametrize("bad", [0, 5, True, 2.0, "3"])
def test_quadrant_refuses_what_is_not_a_level(bad):
    with pytest.raises(ValueError):
        rules.quadrant(bad, 2)


def test_grid_rows_are_read_key_players_first_and_name_the_linked_actors():
    carnet = carnet_with("Habitants", "Mairie", "Banque")
    ids = {s.name: s.id for s in carnet.stakeholders}
    rules.set_position(carnet, ids["Mairie"], power_level=4, interest_level=4)
    rules.set_position(carnet, ids["Banque"], power_level=4, interest_level=1)
    carnet.actors.append(Actor(name="France Active", category="other"))
    rules.set_reaches(carnet, carnet.actors[0].id, [ids["Banque"]])
    rows = rules.grid_rows(carnet)
    assert [(r.name, r.quadrant) for r in rows] == [
        ("Mairie", Q.KEY_PLAYERS),
        ("Banque", Q.KEEP_SATISFIED),
        ("Habitants", Q.MONITOR),
    ]
    assert rows[1].reached_by == ("France Active",)


# ---------------------------------------------------------------------------------- the links


def test_deleting_a_stakeholder_drops_it_from_every_actor():
    carnet = carnet_with("Mairie", "Habitants")
    mairie, habitants = (s.id for s in carnet.stakeholders)
    carnet.actors += [Actor(name="A", category="cress"), Actor(name="B", category="ptce")]
    for actor in carnet.actors:
        rules.set_reaches(carnet, actor.id, [mairie, habitants])
    rules.delete_stakeholder(carnet, mairie)
    assert [a.reaches for a in carnet.actors] == [[habitants], [habitants]]
    assert carnet.stakeholder(mairie) is None
    Carnet.model_validate(carnet.model_dump())  # still a valid carnet


def test_dangling_links_are_dropped():
    carnet = carnet_with("Mairie")
    keep = carnet.stakeholders[0].id
    carnet.actors.append(Actor(name="A", category="cress", reaches=[keep, "0123456789ab"]))
    assert rules.drop_dangling_links(carnet) == 1
    assert carnet.actors[0].reaches == [keep]


def test_set_reaches_keeps_the_carnet_order_without_repeats_and_refuses_unknown_ids():
    carnet = carnet_with("Un", "Deux", "Trois")
    one, two, three = (s.id for s in carnet.stakeholders)
    carnet.actors.append(Actor(name="A", category="cress"))
    actor = rules.set_reaches(carnet, carnet.actors[0].id, [three, one, three])
    assert actor.reaches == [one, three]
    with pytest.raises(rules.StakeholderNotFound):
        rules.set_reaches(carnet, actor.id, ["fedcba987654"])
    assert actor.reaches == [one, three]
    assert [a.name for a in rules.reached_by(carnet, three)] == ["A"]
    assert rules.reached_by(carnet, two) == []


# ------------------------------------------------------------------------------ the use cases


def test_service_add_edit_place_delete():
    carnet = Carnet()
    sid = service.add(
        carnet,
        name="  Habitants du quartier ",
        family="beneficiaries",
        power_level=1,
        interest_level=4,
        expectations="Participer",
    )
    s = carnet.stakeholder(sid)
    assert s.name == "Habitants du quartier"
    assert rules.stakeholder_quadrant(s) == Q.KEEP_INFORMED
    service.edit(carnet, sid, name="Habitants", family="other", interest="Un lieu")
    assert (s.name, s.family.value, s.interest) == ("Habitants", "other", "Un lieu")
    service.place(carnet, sid, power_level=3, interest_level=4)
    assert rules.stakeholder_quadrant(s) == Q.KEY_PLAYERS
    assert service.delete(carnet, sid) == "Habitants"
    assert carnet.stakeholders == []


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"name": "   "}, "stakeholders.error.name_required"),
        ({"name": "x", "family": "aliens"}, "stakeholders.error.family"),
        ({"name": "x", "power_level": 9}, "stakeholders.error.level"),
        ({"name": "x", "interest_level": 0}, "stakeholders.error.level"),
    ],
)
def test_service_refusals_carry_their_message_key(kwargs, key):
    carnet = Carnet()
    with pytest.raises(Invalid) as refused:
        service.add(carnet, **kwargs)
    assert refused.value.key == key
    assert carnet.stakeholders == []


def test_service_not_found():
    carnet = carnet_with("Mairie")
    carnet.actors.append(Actor(name="A", category="cress"))
    for call in (
        lambda: service.place(carnet, "0123456789ab", power_level=1, interest_level=1),
        lambda: service.delete(carnet, "0123456789ab"),
        lambda: service.edit(carnet, "0123456789ab", name="x", family=None),
        lambda: service.link_actor(carnet, carnet.actors[0].id, ["0123456789ab"]),
    ):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(NotFound) as missing_actor:
        service.link_actor(carnet, "0123456789ab", [])
    assert missing_actor.value.key == "actors.error.not_found"


def test_the_step_is_optional_but_counted():
    carnet = Carnet()
    by_id = {s.id: s for s in steps(carnet)}
    assert by_id["parties_prenantes"].optional and not by_id["parties_prenantes"].done
    service.add(carnet, name="Mairie")
    assert {s.id: s for s in steps(carnet)}["parties_prenantes"].done
    assert [s.id for s in steps(None)] == [s.id for s in steps(carnet)]


# ------------------------------------------------------------------------------- two tabs


def _changed(carnet: Carnet, change) -> Carnet:
    draft = carnet.model_copy(deep=True)
    change(draft)
    return Carnet.model_validate(draft.model_dump())


def test_two_tabs_adding_different_stakeholders_merge():
    from domain.merge import holds_both

    base = carnet_with("Mairie")

    def add_mine(c):
        service.add(c, name="Habitants")

    mine = _changed(base, add_mine)
    theirs = _changed(base, lambda c: service.add(c, name="Banque"))
    replayed = _changed(theirs, add_mine)
    assert holds_both(base, mine, theirs, replayed)
    assert [s.name for s in replayed.stakeholders] == ["Mairie", "Banque", "Habitants"]


def test_two_tabs_placing_the_same_stakeholder_differently_conflict():
    from domain.merge import holds_both

    base = carnet_with("Mairie")
    sid = base.stakeholders[0].id

    def place_mine(c):
        service.place(c, sid, power_level=4, interest_level=4)

    mine = _changed(base, place_mine)
    theirs = _changed(base, lambda c: service.place(c, sid, power_level=1, interest_level=1))
    replayed = _changed(theirs, place_mine)
    assert not holds_both(base, mine, theirs, replayed)
