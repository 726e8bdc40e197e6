"""services.carnets and services.project: a carnet as a whole (create, open, import, export,
share, read shared, fields, language) and the project's territory, on a real store."""

from __future__ import annotations

import json

import pytest

from domain.gazetteer import Gazetteer
from domain.i18n import Translator
from services import carnets, project
from services.carnet_session import CarnetSession
from services.errors import NotFound


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


def test_create_in_the_learners_language(carnet_store):
    tab = CarnetSession({}, carnet_store)
    stored = carnets.create(tab, "en")
    assert tab.carnet.language == "en" and stored.token == tab.token
    assert carnets.create(CarnetSession({}, carnet_store), "xx").carnet.language == "fr"


def test_the_worked_example_is_the_learners_own_copy(carnet_store):
    first, second = CarnetSession({}, carnet_store), CarnetSession({}, carnet_store)
    carnets.open_example(first, "fr")
    carnets.open_example(second, "fr")
    assert first.token != second.token
    assert first.carnet.alliance is not None and len(first.carnet.actors) >= 5


def test_open_link_refuses_a_wrong_link(tab):
    other = CarnetSession({}, tab.store)
    assert carnets.open_link(other, tab.token).token == tab.token
    with pytest.raises(NotFound) as missing:
        carnets.open_link(CarnetSession({}, tab.store), "https://x/?carnet=nope")
    assert missing.value.key == "state.not_found"


def test_export_then_import_gives_the_same_carnet_and_keeps_private_fields_out(tab):
    carnets.open_example(tab, "fr")
    assert any(a.notes for a in tab.carnet.actors)
    public = carnets.export_json(tab.carnet, include_private=False)
    assert all(not a["notes"] and not a["contact_person"] for a in json.loads(public)["actors"])
    private = carnets.export_json(tab.carnet, include_private=True)
    copy = CarnetSession({}, tab.store)
    carnets.import_json(copy, private.encode())
    assert copy.token != tab.token
    assert copy.carnet.model_dump(exclude={"updated_at"}) == tab.carnet.model_dump(
        exclude={"updated_at"}
    )


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"{not json", "not_json"), (b"[1, 2]", "not_object"), (b"", "empty")],
)
def test_a_refused_import_says_why_and_creates_nothing(carnet_store, data, code):
    tab = CarnetSession({}, carnet_store)
    before = carnet_store.count()
    with pytest.raises(carnets.ImportRefused) as refused:
        carnets.import_json(tab, data)
    assert refused.value.key == f"import.error.{code}"
    assert refused.value.explain(Translator("fr"))[0] != refused.value.key  # a real message
    assert carnet_store.count() == before and tab.carnet is None


def test_an_import_refused_by_the_model_lists_the_fields(carnet_store):
    data = json.dumps({"schema_version": 1, "project": {"name": "x" * 5_000}}).encode()
    with pytest.raises(carnets.ImportRefused) as refused:
        carnets.import_json(CarnetSession({}, carnet_store), data)
    assert refused.value.key == "import.error.invalid"
    assert refused.value.details(Translator("en")) == ["Name: at most 150 characters."]


def test_read_shared_follows_the_owner_and_refuses_a_revoked_link(tab):
    share = carnets.share(tab)
    first = carnets.read_shared(tab.store, share, None)
    assert first.token == tab.token
    assert carnets.read_shared(tab.store, share, first) is first  # nothing saved since
    tab.update(lambda c: setattr(c.project, "name", "Nouveau"))
    again = carnets.read_shared(tab.store, share, first)
    assert again is not first and again.carnet.project.name == "Nouveau"
    carnets.revoke(tab)
    with pytest.raises(NotFound) as gone:
        carnets.read_shared(tab.store, share, again)
    assert gone.value.key == "partage.not_found"


def test_edit_field_and_read_it_back(tab):
    carnets.edit_field(tab, "project.description", "Deux lignes")
    carnets.edit_field(tab, "answers.vision", "Une vision")
    assert carnets.field_value(tab.carnet, "project.description") == "Deux lignes"
    assert tab.store.load(tab.token).carnet.answers.vision == "Une vision"


def test_set_language(tab):
    carnets.set_language(tab, "en")
    assert tab.store.load(tab.token).carnet.language == "en"
    version = tab.version
    carnets.set_language(tab, "xx")  # unknown: nothing saved
    assert tab.version == version


def test_choose_territory(tab, gazetteer):
    territory = project.choose_territory(tab, gazetteer, "35219")
    assert (territory.commune, territory.postcode, territory.region) == (
        "Pipriac",
        "35550",
        "Bretagne",
    )
    assert tab.store.load(tab.token).carnet.project.territory.insee == "35219"
    with pytest.raises(NotFound):
        project.choose_territory(tab, gazetteer, "00000")
