"""domain.actors: the checklist, contact tracking, carnet changes and the views of the actors page."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from adapters.geocoding import Place
from domain import actors
from domain.catalogue import load_categories
from domain.example import example_carnet
from domain.models import MAX_CONTACT_STEPS, Actor, Carnet, ContactStatus, Territory
from tests.fixtures import sample_carnet

S = ContactStatus
D1, D2, D3, D4 = date(2026, 10, 2), date(2026, 10, 9), date(2026, 10, 16), date(2026, 10, 30)


def fresh(**fields) -> Actor:
    return Actor(name="CRESS Île-de-France", category="cress", **fields)


def revalidate(carnet: Carnet) -> Carnet:
    """What components.state.update does after a change: the whole carnet validated again."""
    return Carnet.model_validate(carnet.model_dump())


# ----------------------------------------------------------------------------------- coverage


def test_coverage_follows_the_catalogue_order_and_counts_each_category():
    carnet = example_carnet("fr")
    items = actors.coverage(carnet, load_categories())
    assert [i.category_id for i in items] == [c.id for c in load_categories()]
    by_id = {i.category_id: i for i in items}
    assert by_id["cress"] == actors.CoverageItem("cress", 1, True, 0)
    assert by_id["cci"].presented == 1  # the example presented its project to the CCI
    assert by_id["parapublic_innovation"].count == 2
    assert not by_id["ptce"].found and by_id["ptce"].count == 0
    assert sum(i.found for i in items) == 4


def test_coverage_of_an_empty_carnet_lists_every_category_as_missing():
    items = actors.coverage(Carnet(), load_categories())
    assert len(items) == 8 and not any(i.found for i in items)


def test_coverage_ignores_unknown_categories_and_accepts_ids_or_actor_lists():
    listed = [fresh(), Actor(name="Ancienne catégorie", category="obsolete")]
    items = actors.coverage(listed, ["cress", "ptce"])
    assert [(i.category_id, i.count) for i in items] == [("cress", 1), ("ptce", 0)]


# ----------------------------------------------------------------------------- contact status


def test_status_moves_forward_and_dates_each_step():
    actor = fresh()
    assert actors.set_status(actor, S.CONTACTED, D1)
    assert actors.set_status(actor, "met", D2)
    assert actor.status == S.MET
    assert [(s.status, s.on) for s in actor.contact_log] == [(S.CONTACTED, D1), (S.MET, D2)]
    assert actors.status_date(actor, S.CONTACTED) == D1
    assert actors.status_date(actor, S.IDENTIFIED) is None


def test_status_can_skip_steps_without_inventing_them():
    actor = fresh()
    actors.set_status(actor, S.PRESENTED, D3)
    assert [(s.status, s.on) for s in actor.contact_log] == [(S.PRESENTED, D3)]


def test_same_status_changes_nothing():
    actor = fresh(status=S.CONTACTED)
    actor.contact_log = []
    assert actors.set_status(actor, S.CONTACTED, D4) is False
    assert actor.contact_log == []


def test_going_back_removes_the_later_steps_and_keeps_the_earlier_dates():
    actor = fresh()
    for status, on in ((S.CONTACTED, D1), (S.MET, D2), (S.PRESENTED, D3)):
        actors.set_status(actor, status, on)
    assert actors.set_status(actor, S.MET, D4)  # « presented » was a mistake
    assert actor.status == S.MET
    assert [(s.status, s.on) for s in actor.contact_log] == [(S.CONTACTED, D1), (S.MET, D2)]
    assert actors.set_status(actor, S.IDENTIFIED, D4)
    assert actor.status == S.IDENTIFIED and actor.contact_log == []


def test_going_back_to_a_step_never_logged_dates_it():
    actor = fresh()
    actors.set_status(actor, S.PRESENTED, D3)
    actors.set_status(actor, S.MET, D2)
    assert [(s.status, s.on) for s in actor.contact_log] == [(S.MET, D2)]


def test_the_log_never_outgrows_the_model_limit():
    actor = fresh()
    for _ in range(30):
        for status in (S.CONTACTED, S.MET, S.PRESENTED, S.CONTACTED, S.IDENTIFIED):
            actors.set_status(actor, status, D1)
    assert len(actor.contact_log) <= 3 < MAX_CONTACT_STEPS


def test_set_status_wants_a_date_and_a_known_status():
    with pytest.raises(TypeError):
        actors.set_status(fresh(), S.MET, "2026-10-02")
    with pytest.raises(ValueError):
        actors.set_status(fresh(), "forgotten", D1)


def test_step_date_corrects_a_logged_date_only():
    actor = fresh()
    actors.set_status(actor, S.CONTACTED, D1)
    assert actors.set_step_date(actor, S.CONTACTED, D2)
    assert actors.status_date(actor, S.CONTACTED) == D2
    assert actors.set_step_date(actor, S.CONTACTED, D2) is False
    assert actors.set_step_date(actor, S.MET, D3) is False


# ------------------------------------------------------------------------------ carnet changes


def test_add_actor_appends_a_validated_actor():
    carnet = Carnet()
    actor = actors.add_actor(
        carnet,
        name="  PTCE Pôle Sud ",
        category="ptce",
        lat=45.04,
        lon=5.05,
        placed_by="gazetteer",
        commune="Romans-sur-Isère",
    )
    assert carnet.actors == [actor]
    assert actor.name == "PTCE Pôle Sud" and actor.located and actor.placed_by == "gazetteer"
    revalidate(carnet)


def test_add_actor_without_coordinates_is_to_place():
    carnet = Carnet()
    actor = actors.add_actor(carnet, name="Avise", category="parapublic_innovation")
    assert not actor.located and actor.placed_by == "manual"


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "", "category": "cress"},
        {"name": "X", "category": "Not A Category"},
        {"name": "X", "category": "cress", "lat": 91.0, "lon": 2.0},
        {"name": "X", "category": "cress", "website": "javascript:alert(1)"},
    ],
)
def test_add_actor_refuses_invalid_values(fields):
    carnet = Carnet()
    with pytest.raises(ValidationError):
        actors.add_actor(carnet, **fields)
    assert carnet.actors == []


def test_add_actor_refuses_half_coordinates_and_unknown_fields():
    with pytest.raises(ValueError):
        actors.add_actor(Carnet(), name="X", category="cress", lat=48.0)
    with pytest.raises(TypeError):
        actors.add_actor(Carnet(), name="X", category="cress", id="abcdef123456")


def test_edit_actor_changes_only_editable_fields():
    carnet = sample_carnet()
    actor = actors.edit_actor(
        carnet, "c3d4e5f6a1b2", name="CCI Drôme", notes="À rappeler", website="www.drome.cci.fr"
    )
    assert actor.name == "CCI Drôme" and actor.notes == "À rappeler"
    assert actor.website == "https://www.drome.cci.fr"
    with pytest.raises(TypeError):
        actors.edit_actor(carnet, "c3d4e5f6a1b2", lat=1.0)
    with pytest.raises(ValidationError):
        actors.edit_actor(carnet, "c3d4e5f6a1b2", category="")
    with pytest.raises(actors.ActorNotFound):
        actors.edit_actor(carnet, "000000000000", name="X")


def test_move_actor_places_it_and_records_how():
    carnet = sample_carnet()
    unplaced = "e5f6a1b2c3d4"
    actor = actors.move_actor(carnet, unplaced, 45.76, 4.83, placed_by="click")
    assert (actor.lat, actor.lon, actor.placed_by) == (45.76, 4.83, "click")
    actor = actors.move_actor(
        carnet, unplaced, 45.0, 5.0, placed_by="gazetteer", commune="Valence", address=""
    )
    assert actor.commune == "Valence"
    with pytest.raises(ValidationError):
        actors.move_actor(carnet, unplaced, 95.0, 5.0, placed_by="manual")
    with pytest.raises(ValueError):
        actors.move_actor(carnet, unplaced, 45.0, 5.0, placed_by="teleport")
    with pytest.raises(actors.ActorNotFound):
        actors.move_actor(carnet, "000000000000", 45.0, 5.0, placed_by="click")
    revalidate(carnet)


def test_unplace_and_delete():
    carnet = sample_carnet()
    actors.unplace_actor(carnet, "a1b2c3d4e5f6")
    assert not carnet.actor("a1b2c3d4e5f6").located
    removed = actors.delete_actor(carnet, "a1b2c3d4e5f6")
    assert removed.name.startswith("Pôle Sud")
    assert carnet.actor("a1b2c3d4e5f6") is None and len(carnet.actors) == 4
    with pytest.raises(actors.ActorNotFound):
        actors.delete_actor(carnet, "a1b2c3d4e5f6")


def test_changes_on_a_copy_leave_the_original_alone():
    original = sample_carnet()
    draft = original.model_copy(deep=True)
    actors.delete_actor(draft, "a1b2c3d4e5f6")
    actors.set_status(draft.actors[0], S.PRESENTED, D1)
    assert len(original.actors) == 5 and original.actors[1].status == S.CONTACTED


def test_add_imported_copies_the_actors():
    carnet = Carnet()
    imported = [fresh(), Actor(name="PTCE", category="ptce")]
    assert actors.add_imported(carnet, imported) == 2
    carnet.actors[0].name = "Changed"
    assert imported[0].name == "CRESS Île-de-France"


def test_place_fields_from_an_address_and_from_a_commune():
    address = Place(
        label="7 Rue de Paris 94220 Charenton-le-Pont",
        lat=48.82,
        lon=2.41,
        commune="Charenton-le-Pont",
        postcode="94220",
        citycode="94018",
        score=0.9,
        source="geoplateforme",
    )
    assert actors.place_fields(address) == {
        "lat": 48.82,
        "lon": 2.41,
        "placed_by": "search",
        "address": "7 Rue de Paris 94220 Charenton-le-Pont",
        "commune": "Charenton-le-Pont",
    }
    commune = Place(
        label="Charenton-le-Pont (94220, Val-de-Marne)",
        lat=48.82,
        lon=2.41,
        commune="Charenton-le-Pont",
        postcode="94220",
        citycode="94018",
        score=None,
        source="gazetteer",
    )
    assert actors.place_fields(commune) == {
        "lat": 48.82,
        "lon": 2.41,
        "placed_by": "gazetteer",
        "commune": "Charenton-le-Pont",
    }
    carnet = Carnet()
    actors.add_actor(carnet, name="X", category="cress", **actors.place_fields(commune))
    revalidate(carnet)


# ------------------------------------------------------------------------------------- views


def test_map_frame_is_the_territory_or_france():
    frame = actors.map_frame(Territory(commune="Pipriac", lat=47.81, lon=-1.95))
    assert frame == actors.MapFrame((47.81, -1.95), actors.TERRITORY_ZOOM, True)
    assert actors.map_frame(Territory()) == actors.MapFrame(
        actors.FRANCE_CENTER, actors.FRANCE_ZOOM, False
    )
    assert actors.map_frame(None).has_territory is False


def test_table_hides_private_fields_unless_asked():
    carnet = sample_carnet()
    kwargs = {
        "category_labels": {"ptce": "PTCE"},
        "status_labels": {"presented": "Présenté"},
        "yes": "oui",
        "no": "non",
    }
    columns = actors.table_columns(carnet.actors, **kwargs)
    assert list(columns) == ["number", "name", "category", "commune", "status", "located"]
    flat = repr(columns)
    assert "Élodie Martin" not in flat and "Rendez-vous" not in flat
    assert columns["category"][0] == "PTCE" and columns["category"][1] == "cress"
    assert columns["status"][0] == "Présenté"
    assert columns["located"] == ["oui", "oui", "oui", "oui", "non"]
    private = actors.table_columns(carnet.actors, show_private=True, **kwargs)
    assert private["contact_person"][0] == "Élodie Martin"
    assert private["notes"][0].startswith("Rendez-vous")


def test_import_labels_accept_ids_and_names_in_both_languages():
    labels = actors.import_labels(load_categories())
    assert set(labels) == {c.id for c in load_categories()}
    assert labels["cress"][0] == "cress" and "CRESS" in labels["cress"]
    assert any("Chambre" in label for label in labels["cma"])
    assert any("Chamber" in label for label in labels["cma"])


def test_domain_module_never_imports_streamlit():
    from pathlib import Path

    import domain.actors as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    assert "import streamlit" not in source and "from streamlit" not in source


def test_actors_locale_has_single_non_breaking_spaces():
    """scripts/french_typography.py adds a second U+00A0 when run twice: keep the file clean."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for lang in ("fr", "en"):
        messages = json.loads((root / "data/locales" / lang / "actors.json").read_text("utf-8"))
        assert all(key.startswith("actors.") for key in messages)
        assert not [key for key, text in messages.items() if "\u00a0\u00a0" in text]
