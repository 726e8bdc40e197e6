"""services.actors: the actors' use cases on a real store, refusals as the project's errors."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.geocoding import Place
from domain.catalogue import load_categories
from domain.gazetteer import Gazetteer
from domain.models import ContactStatus
from services import actors, project
from services.carnet_session import CarnetSession, StalePending
from services.errors import Conflict, Invalid, InvalidCarnet, NotFound


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


PLACE = Place(
    label="12 Rue de la Gare 35550 Pipriac",
    lat=47.81,
    lon=-1.95,
    commune="Pipriac",
    postcode="35550",
    citycode="35219",
    score=0.9,
    source="geoplateforme",
)


def saved(tab: CarnetSession):
    return tab.store.load(tab.token).carnet


def test_add_at_a_search_result_at_coordinates_and_unplaced(tab):
    found = actors.add_actor(tab, name=" CRESS ", category="cress", where="search", place=PLACE)
    assert (found.name, found.commune, found.address) == ("CRESS", "Pipriac", PLACE.label)
    assert (found.lat, found.lon, found.placed_by) == (47.81, -1.95, "search")
    typed = actors.add_actor(tab, name="PTCE", category="ptce", where="coords", lat=45.0, lon=4.0)
    assert typed.placed_by == "manual" and typed.located
    clicked = actors.add_actor(
        tab,
        name="Incubateur",
        category="incubateur",
        where="click",
        lat=45.1,
        lon=4.1,
        commune="Lyon",
    )
    assert (clicked.placed_by, clicked.commune) == ("click", "Lyon")
    later = actors.add_actor(tab, name="CCI", category="cci")
    assert not later.located
    assert [a.name for a in saved(tab).actors] == ["CRESS", "PTCE", "Incubateur", "CCI"]


@pytest.mark.parametrize(
    ("arguments", "key"),
    [
        ({"category": None}, "actors.error.no_category"),
        ({"category": "cress", "where": "search"}, "actors.error.no_place"),
        ({"category": "cress", "where": "coords", "lat": 45.0}, "actors.error.no_coordinates"),
        ({"category": "cress", "where": "click", "lat": 95.0, "lon": 1.0}, None),
    ],
)
def test_an_actor_without_what_it_needs_is_refused_and_nothing_saved(tab, arguments, key):
    with pytest.raises(Invalid) as refused:
        actors.add_actor(tab, name="X", **arguments)
    if key is None:
        assert isinstance(refused.value, InvalidCarnet)  # the model refuses a latitude of 95°
    else:
        assert refused.value.key == key
    assert saved(tab).actors == [] and tab.version == 1


def test_edit_move_unplace_and_delete(tab):
    actor = actors.add_actor(tab, name="CRESS", category="cress")
    edited = actors.edit_actor(tab, actor.id, name=" CRESS Bretagne ", notes="Appeler")
    assert (edited.name, edited.notes) == ("CRESS Bretagne", "Appeler")
    moved = actors.move_to_place(tab, actor.id, PLACE)
    assert (moved.lat, moved.commune) == (47.81, "Pipriac")
    clicked = actors.move_actor(tab, actor.id, 48.0, -1.6, placed_by="click")
    assert (clicked.lat, clicked.lon, clicked.placed_by) == (48.0, -1.6, "click")
    assert not actors.unplace_actor(tab, actor.id).located
    with pytest.raises(Invalid) as refused:
        actors.move_actor(tab, actor.id, None, 2.0)
    assert refused.value.key == "actors.error.no_coordinates"
    with pytest.raises(Invalid):
        actors.move_to_place(tab, actor.id, None)
    assert actors.delete_actor(tab, actor.id).name == "CRESS Bretagne"
    assert saved(tab).actors == []


def test_an_actor_deleted_in_another_tab_is_not_found(tab):
    actor = actors.add_actor(tab, name="CRESS", category="cress")
    other = CarnetSession({}, tab.store)
    other.open(tab.token)
    actors.delete_actor(other, actor.id)
    # The change no longer applies to the newer carnet: the learner is asked.
    with pytest.raises(StalePending):
        actors.edit_actor(tab, actor.id, name="CRESS 2")
    tab.reload()
    with pytest.raises(NotFound) as gone:
        actors.edit_actor(tab, actor.id, name="CRESS 3")
    assert gone.value.key == "actors.error.not_found"


def test_log_a_contact_and_correct_its_date(tab):
    actor = actors.add_actor(tab, name="CRESS", category="cress")
    contacted = actors.log_contact(tab, actor.id, ContactStatus.CONTACTED, date(2026, 3, 2))
    assert contacted.status == ContactStatus.CONTACTED
    corrected = actors.log_contact(tab, actor.id, "contacted", date(2026, 3, 1))
    assert [(s.status, s.on) for s in corrected.contact_log] == [
        (ContactStatus.CONTACTED, date(2026, 3, 1))
    ]


def test_read_a_csv_then_add_what_the_learner_confirms(tab, gazetteer):
    data = "nom;catégorie;commune\nCRESS Bretagne;CRESS;Rennes\n;CRESS;Rennes\n".encode()
    report = actors.read_csv(data, load_categories(), gazetteer)
    assert report.count("imported") == 1 and report.rejected == 1
    assert saved(tab).actors == []  # nothing before the learner confirms
    assert actors.add_imported(tab, report.actors) == 1
    assert [a.name for a in saved(tab).actors] == ["CRESS Bretagne"]
    with pytest.raises(Invalid) as refused:
        actors.read_csv(b"\x00\x01\x02", load_categories(), gazetteer)
    assert refused.value.key.startswith("actors_import.")


def test_add_the_regions_cress_once(tab, gazetteer):
    assert actors.cress_to_suggest(tab.carnet) is None
    with pytest.raises(NotFound):  # no territory yet
        actors.add_regional_cress(tab)
    project.choose_territory(tab, gazetteer, "35219")  # Bretagne
    assert "Bretagne" in actors.cress_to_suggest(tab.carnet).name
    cress = actors.add_regional_cress(tab)
    assert actors.cress_to_suggest(tab.carnet) is None
    assert cress.category == "cress" and "Bretagne" in cress.name
    with pytest.raises(Conflict):
        actors.add_regional_cress(tab)
    assert len(saved(tab).actors) == 1


def test_the_next_contact_step_is_suggested():
    from domain.actors import next_status
    from domain.models import CONTACT_ORDER

    assert next_status(ContactStatus.IDENTIFIED) == CONTACT_ORDER[1]
    assert next_status(CONTACT_ORDER[-1]) == CONTACT_ORDER[-1]
