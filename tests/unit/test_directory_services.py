"""services.directory on SQLite and PostgreSQL (``db_engine``): seed import, search,
suggestions, proposals (new, update, confirmation), withdraw, reports, moderation, history,
limits, and a deleted carnet leaving no trace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from adapters.storage.carnets import CarnetStore, carnets
from adapters.storage.directory import DirectoryStore, directory_proposals
from domain import directory as rules
from domain.catalogue import load_categories
from domain.directory import DirectoryFilter, Place
from domain.models import Actor, Carnet
from domain.throttle import Throttle
from services import directory as svc
from services.errors import Conflict, Forbidden, Invalid, NotFound, TooMany
from tests.corpus import hostile_strings

SEED = Path(__file__).resolve().parents[1] / "seed" / "directory_seed_small.json"
CATEGORIES = tuple(c.id for c in load_categories())
MOD = svc.Moderator(session="mod-session-1")
REDON = Place(
    commune="Redon",
    insee="35236",
    departement="35",
    region="Bretagne",
    region_code="53",
    lat=47.65,
    lon=-2.08,
)


@pytest.fixture
def stores(db_engine):
    return CarnetStore(engine=db_engine), DirectoryStore(engine=db_engine)


def carnet_id(carnet_store: CarnetStore) -> int:
    stored = carnet_store.create(Carnet())
    assert stored.id is not None
    return stored.id


def actor(name="Pôle ESS du Pays de Redon", **extra) -> Actor:
    values = {
        "name": name,
        "category": "ptce",
        "commune": "Redon",
        "website": "https://ess-redon.example.org",
        "contact_person": "Mme Confidentielle",
        "notes": "NOTES-PRIVEES-A ne pas publier",
        **extra,
    }
    return Actor(**values)


def propose(directory, cid, act=None, description="Pôle territorial de coopération.", consent=True):
    act = act or actor()
    fields = svc.preview(act, REDON, description, CATEGORIES)
    return svc.propose(
        directory, carnet_id=cid, actor_id=act.id, fields=fields, language="fr", consent=consent
    )


def test_seed_import_is_idempotent_and_keeps_moderator_edits(stores, tmp_path):
    _, directory = stores
    first = svc.import_seed(directory, CATEGORIES, SEED)
    total = len(json.loads(SEED.read_text())["entries"])
    assert first.added == total and first.invalid == ()
    again = svc.import_seed(directory, CATEGORIES, SEED)
    assert (again.added, again.updated) == (0, 0)
    assert len(directory.entries()) == total

    ronalpia = next(e for e in directory.entries() if e.seed_id == "ronalpia-lyon")
    avise = next(e for e in directory.entries() if e.seed_id == "avise-paris")
    directory.report_id = svc.report(directory, ronalpia.id, "wrong_details", "Adresse")
    svc.decide_report(
        directory,
        MOD,
        ronalpia.id,
        keep=True,
        categories=CATEGORIES,
        edits={"description": "Décrit par la modération."},
    )
    changed = json.loads(SEED.read_text())
    for raw in changed["entries"]:
        if raw["id"] in ("ronalpia-lyon", "avise-paris"):
            raw["description_fr"] = "Nouvelle description de la source."
    changed["entries"].append(
        dict(changed["entries"][0], id="nouvelle-entree", name="CRESS nouvelle")
    )
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(changed), encoding="utf-8")
    report = svc.import_seed(directory, CATEGORIES, path)
    assert (report.added, report.updated, report.kept) == (1, 1, 1)
    assert directory.entry(ronalpia.id).description_fr == "Décrit par la modération."
    assert directory.entry(avise.id).description_fr == "Nouvelle description de la source."


def test_absent_seed_means_an_empty_directory(stores, tmp_path):
    _, directory = stores
    assert svc.import_seed(directory, CATEGORIES, tmp_path / "none.json") == svc.SeedReport()
    assert svc.search(directory, DirectoryFilter()) == []


def test_an_unreadable_seed_file_means_an_empty_directory(stores, tmp_path):
    _, directory = stores
    path = tmp_path / "seed.json"
    path.write_text('{"entries": [', encoding="utf-8")
    assert svc.import_seed(directory, CATEGORIES, path) == svc.SeedReport()


def test_invalid_seed_entries_are_skipped(stores, tmp_path):
    _, directory = stores
    path = tmp_path / "seed.json"
    path.write_text(
        json.dumps(
            {
                "meta": {},
                "entries": [
                    {
                        "id": "a",
                        "name": "<b>x</b>",
                        "category": "cress",
                        "source_url": "https://a.org",
                    },
                    {
                        "id": "b",
                        "name": "B",
                        "category": "cress",
                        "source_url": "javascript:alert(1)",
                    },
                    {
                        "id": "c",
                        "name": "C",
                        "category": "cress",
                        "source_url": "https://c.org",
                        "region": "Bretagne",
                        "region_code": "53",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    report = svc.import_seed(directory, CATEGORIES, path)
    assert report.added == 1 and set(report.invalid) == {"a", "b"}


def test_search_filters_and_region_only_entries(stores):
    _, directory = stores
    svc.import_seed(directory, CATEGORIES, SEED)
    bretagne = svc.search(directory, DirectoryFilter(region_code="53"))
    assert {e.seed_id for e in bretagne} == {"cress-bretagne", "dla-bretagne"}
    assert all(e.lat is None for e in bretagne)  # région only: listed, filterable
    assert [e.seed_id for e in svc.search(directory, DirectoryFilter(text="ronalpia"))] == [
        "ronalpia-lyon"
    ]
    paris = svc.search(directory, DirectoryFilter(departement="75", categories=("ptce",)))
    assert [e.seed_id for e in paris] == ["labo-ess-paris"]
    assert ("53", "Bretagne") in svc.regions(directory)


def test_suggestions_departement_then_region(stores):
    _, directory = stores
    svc.import_seed(directory, CATEGORIES, SEED)
    groups = {g.category: g for g in svc.suggestions(directory, CATEGORIES, "69", "84")}
    assert [e.name for e in groups["incubateur_social"].in_departement] == ["Ronalpia"]
    assert [e.name for e in groups["cress"].in_region] == ["CRESS Auvergne-Rhône-Alpes"]
    assert groups["mouves"].empty
    ronalpia = groups["incubateur_social"].in_departement[0]
    again = {
        g.category: g
        for g in svc.suggestions(directory, CATEGORIES, "69", "84", exclude={ronalpia.id})
    }
    assert again["incubateur_social"].empty


def test_copy_into_a_carnet_remembers_the_entry(stores):
    _, directory = stores
    svc.import_seed(directory, CATEGORIES, SEED)
    entry = svc.search(directory, DirectoryFilter(text="ronalpia"))[0]
    carnet = Carnet()
    copy = svc.copy_into(carnet, entry)
    assert copy.directory_entry_id == entry.id and copy.name == "Ronalpia"
    assert copy.notes == "" and copy.contact_person == ""
    reloaded = Carnet.model_validate_json(carnet.model_dump_json())
    assert reloaded.actors[0].directory_entry_id == entry.id
    assert svc.copied_entries(reloaded) == {entry.id}
    assert "directory_entry_id" not in Carnet(actors=[actor()]).model_dump_json()


def test_a_proposal_is_not_public_until_published(stores):
    carnet_store, directory = stores
    a = carnet_id(carnet_store)
    outcome = propose(directory, a)
    assert outcome.kind == "new"
    assert svc.search(directory, DirectoryFilter()) == []
    [item] = svc.queue(directory)
    assert item.kind == "new" and item.diff["name"] == ("", "Pôle ESS du Pays de Redon")
    entry_id = svc.publish(directory, MOD, outcome.proposal_id, CATEGORIES)
    [entry] = svc.search(directory, DirectoryFilter())
    assert entry.id == entry_id and entry.source_kind == "learners" and entry.confirmations == 1
    assert entry.departement == "35" and entry.lat == pytest.approx(47.65)
    assert svc.my_proposals(directory, a)[0].status == "published"
    history = svc.history(directory, entry_id)
    assert [h.action for h in history] == ["publish"] and history[0].moderator == MOD.session
    # Nothing private anywhere in the directory's tables.
    with directory.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(directory_proposals))]
    assert "NOTES-PRIVEES" not in repr(rows) and "Confidentielle" not in repr(rows)
    assert "NOTES-PRIVEES" not in repr(directory.decisions())


def test_consent_and_daily_limit(stores):
    carnet_store, directory = stores
    a = carnet_id(carnet_store)
    with pytest.raises(Invalid) as error:
        propose(directory, a, consent=False)
    assert error.value.key == "directory.error.consent"
    for n in range(rules.PROPOSALS_PER_DAY):
        propose(directory, a, actor(name=f"Structure numéro {n} différente {'x' * n}"))
    with pytest.raises(TooMany):
        propose(directory, a, actor(name="Encore une autre"))


def test_same_actor_pending_twice_is_refused_and_withdraw(stores):
    carnet_store, directory = stores
    a = carnet_id(carnet_store)
    act = actor()
    first = propose(directory, a, act)
    with pytest.raises(Conflict):
        propose(directory, a, act)
    with pytest.raises(NotFound):
        svc.withdraw(directory, carnet_id(carnet_store), first.proposal_id)  # not theirs
    svc.withdraw(directory, a, first.proposal_id)
    assert svc.my_proposals(directory, a)[0].status == "withdrawn"
    assert svc.queue(directory) == []
    with pytest.raises(Conflict):
        svc.withdraw(directory, a, first.proposal_id)


def test_a_matching_proposal_is_a_confirmation_or_an_update(stores):
    carnet_store, directory = stores
    a, b, c = carnet_id(carnet_store), carnet_id(carnet_store), carnet_id(carnet_store)
    entry_id = svc.publish(directory, MOD, propose(directory, a).proposal_id, CATEGORIES)
    # B: same commune, close name, same public fields → a confirmation, counted at once.
    confirmation = propose(directory, b, actor(name="Pole ESS du pays de Redon"))
    assert (confirmation.kind, confirmation.entry_id) == ("confirmation", entry_id)
    entry = directory.entry(entry_id)
    assert entry.confirmations == 2 and len(svc.search(directory, DirectoryFilter())) == 1
    with pytest.raises(Conflict):
        propose(directory, b, actor(name="Pôle ESS du Pays de Redon"))
    # C: a new website → a suggested update, moderated, with its difference.
    update = propose(directory, c, actor(website="https://nouveau.example.org"))
    assert update.kind == "update"
    [item] = svc.queue(directory)
    assert item.diff == {
        "website": ("https://ess-redon.example.org", "https://nouveau.example.org")
    }
    svc.publish(directory, MOD, update.proposal_id, CATEGORIES)
    entry = directory.entry(entry_id)
    assert entry.website == "https://nouveau.example.org" and entry.confirmations == 3
    assert [h.action for h in svc.history(directory, entry_id)] == ["publish", "confirm", "publish"]


def test_edit_then_publish_refuse_and_bulk(stores):
    carnet_store, directory = stores
    a = carnet_id(carnet_store)
    p1 = propose(directory, a, actor(name="Incubateur Un", category="incubateur_social"))
    p2 = propose(directory, a, actor(name="Deuxième structure tout autre"))
    p3 = propose(directory, a, actor(name="Troisième bien différente"))
    entry_id = svc.publish(
        directory, MOD, p1.proposal_id, CATEGORIES, edits={"name": "Incubateur Un (corrigé)"}
    )
    assert directory.entry(entry_id).name == "Incubateur Un (corrigé)"
    assert svc.history(directory, entry_id)[0].action == "edit_publish"
    with pytest.raises(Invalid):
        svc.publish(
            directory, MOD, p2.proposal_id, CATEGORIES, edits={"name": "<script>x</script>"}
        )
    with pytest.raises(Invalid):
        svc.refuse(directory, MOD, p2.proposal_id, "   ")
    svc.refuse(directory, MOD, p2.proposal_id, "Ce n’est pas une structure d’accompagnement.")
    refused = directory.proposal(p2.proposal_id)
    assert refused.status == "refused" and refused.reason.startswith("Ce n’est pas")
    with pytest.raises(Conflict):
        svc.publish(directory, MOD, p2.proposal_id, CATEGORIES)
    result = svc.bulk(directory, MOD, [p3.proposal_id, p2.proposal_id], "publish", CATEGORIES)
    assert result.done == 1 and result.failed == ((p2.proposal_id, "directory.error.not_pending"),)


def test_a_report_sends_the_entry_back_to_the_queue(stores):
    carnet_store, directory = stores
    entry_id = svc.publish(
        directory, MOD, propose(directory, carnet_id(carnet_store)).proposal_id, CATEGORIES
    )
    with pytest.raises(Invalid):
        svc.report(directory, entry_id, "nonsense", "")
    svc.report(directory, entry_id, "closed", "Fermé depuis 2025.")
    entry = directory.entry(entry_id)
    assert entry.status == "reported"
    assert [e.id for e in svc.search(directory, DirectoryFilter())] == [entry_id]  # still visible
    [item] = svc.queue(directory)
    assert item.kind == "report" and item.reports[0].text == "Fermé depuis 2025."
    svc.decide_report(directory, MOD, entry_id, keep=False, reason="Confirmé fermé")
    assert svc.search(directory, DirectoryFilter()) == [] and svc.queue(directory) == []
    assert [h.action for h in svc.history(directory, entry_id)][-2:] == ["report", "remove"]
    with pytest.raises(NotFound):
        svc.report(directory, entry_id, "spam", "")


def test_moderator_key(stores):
    throttle = Throttle(free_failures=1, base_delay=0.5)
    waits: list[float] = []
    clock = iter(range(100)).__next__

    def authorise(configured, given):
        return svc.authorise(
            configured,
            given,
            client="1.2.3.4",
            session="s1",
            throttle=throttle,
            clock=clock,
            sleep=waits.append,
        )

    with pytest.raises(svc.NotConfigured):
        authorise("", "anything")
    assert authorise("k" * 43, "k" * 43) == svc.Moderator("s1")
    for _ in range(3):
        with pytest.raises(Forbidden):
            authorise("k" * 43, "wrong")
    assert waits and waits[-1] >= 0.5  # wrong keys are slowed down


def test_proposals_by_carnet_ids_for_the_class_board(stores):
    carnet_store, directory = stores
    a, b, c = (carnet_id(carnet_store) for _ in range(3))
    propose(directory, a)
    propose(directory, b, actor(name="Autre structure complètement"))
    propose(directory, c, actor(name="Troisième structure ailleurs"))
    found = svc.proposals_for_carnets(directory, [a, b])
    assert {p.carnet_id for p in found} == {a, b}
    assert svc.proposals_for_carnets(directory, []) == []


def test_deleting_a_carnet_leaves_the_published_entry_anonymous(stores):
    carnet_store, directory = stores
    a = carnet_id(carnet_store)
    outcome = propose(directory, a)
    entry_id = svc.publish(directory, MOD, outcome.proposal_id, CATEGORIES)
    with directory.engine.begin() as conn:
        conn.execute(delete(carnets).where(carnets.c.id == a))
    proposal = directory.proposal(outcome.proposal_id)
    assert proposal.carnet_id is None
    assert directory.entry(entry_id).status == "published"
    assert svc.proposals_for_carnets(directory, [a]) == []


def test_hostile_strings_through_proposals(stores):
    carnet_store, directory = stores
    accepted = 0
    for n, payload in enumerate(hostile_strings()[:60]):
        act = Actor(name=(payload[:140] or "x") + f" {n}", category="cress", commune="Redon")
        try:
            fields = svc.preview(act, REDON, payload[:400], CATEGORIES)
        except Invalid as error:
            assert error.key.startswith("directory.error.")
            continue
        assert not rules.has_html(fields.name + fields.description)
        outcome = svc.propose(
            directory,
            carnet_id=carnet_id(carnet_store),
            actor_id=act.id,
            fields=fields,
            language="fr",
            consent=True,
        )
        if outcome.kind == "new":
            svc.publish(directory, MOD, outcome.proposal_id, CATEGORIES)
        accepted += 1
    assert accepted > 10
    stored = svc.search(directory, DirectoryFilter())
    assert len(stored) >= 10
    assert not any(rules.has_html(e.name + e.description_fr) for e in stored)


def test_two_pending_proposals_of_one_actor_make_one_entry(stores):
    carnet_store, directory = stores
    first = propose(directory, carnet_id(carnet_store))
    second = propose(directory, carnet_id(carnet_store), actor(name="Pole ESS du pays de Redon"))
    assert (first.kind, second.kind) == ("new", "new")  # nothing published yet to match
    entry_id = svc.publish(directory, MOD, first.proposal_id, CATEGORIES)
    assert svc.publish(directory, MOD, second.proposal_id, CATEGORIES) == entry_id
    [entry] = svc.search(directory, DirectoryFilter())
    assert entry.confirmations == 2 and entry.name == "Pôle ESS du Pays de Redon"
