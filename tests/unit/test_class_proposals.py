"""The class's proposals to the shared directory (issue 16): shown on the board only for the
learners who share the public fields of their actors, as they chose to be named; a trainer
pre-approves a pending one for the moderators (only through their class's trainer link,
wrong links slowed down), which publishes nothing and puts it first in the moderation queue;
deleting the class clears the pre-approval and keeps the proposal. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from adapters.storage.directory import directory_proposals
from domain import classroom
from domain.classroom import FAMILIES, ClassLearner, Consents
from domain.directory import Place
from domain.models import Actor, Carnet
from domain.throttle import Throttle
from services import directory as directory_services
from services.classes import ClassService
from services.errors import Conflict, Forbidden, NotFound
from services.stores import Stores
from tests.corpus import hostile_strings
from tests.unit.test_class_service import REPORT_TAGS, Clock, Tags

SENTINEL = "ZZSENTINEL"
CLIENT = "198.51.100.4"
CATEGORIES = ("cress", "ptce", "incubateur", "cci", "cma", "fondation", "mouves", "innovation")
VALENCE = Place(
    commune="Valence",
    insee="26362",
    departement="26",
    region="Auvergne-Rhône-Alpes",
    region_code="84",
    lat=44.93,
    lon=4.89,
)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(db_engine, clock) -> ClassService:
    return ClassService(
        Stores.connect(engine=db_engine),
        throttle=Throttle(),
        clock=clock,
        sleep=clock.sleep,
        departement_of=lambda commune, address: ("26", "Drôme") if commune else None,
    )


def categories() -> list[str]:
    from domain.catalogue import load_categories

    return [c.id for c in load_categories()]


def learner(service: ClassService, tag: str) -> tuple[str, int, Actor]:
    """A carnet with one actor holding private fields: (token, carnet row id, actor)."""
    actor = Actor(
        name=f"Ressourcerie {tag}",
        category="cress",
        commune="Valence",
        lat=44.93,
        lon=4.89,
        contact_person=f"{SENTINEL}-contact-{tag}",
        notes=f"{SENTINEL}-notes-{tag}",
    )
    stored = service.stores.carnets.create(Carnet(actors=[actor]))
    assert stored.id is not None
    return stored.token, stored.id, actor


def propose(service: ClassService, carnet_id: int, actor: Actor, description: str = "") -> int:
    fields = directory_services.preview(actor, VALENCE, description, categories())
    outcome = directory_services.propose(
        service.stores.directory,
        carnet_id=carnet_id,
        actor_id=actor.id,
        fields=fields,
        language="fr",
        consent=True,
    )
    return outcome.proposal_id


def class_with_three(service: ClassService):
    """Alice shares everything with her name; Bob shares his actors under a pseudonym; Chloé
    shares everything but her actors. Each proposed her or his actor."""
    created = service.create_class("Master ESS")
    ids = {}
    for tag, consents, name in (
        ("alice", Consents.of(FAMILIES), "Alice"),
        ("bob", Consents(actors=True), ""),
        ("chloe", Consents.of(f for f in FAMILIES if f != "actors"), "Chloé"),
    ):
        token, carnet_id, actor = learner(service, tag)
        member = service.join(created.info.code, token, consents, learner_name=name, client=CLIENT)
        ids[tag] = (token, carnet_id, propose(service, carnet_id, actor), member)
    return created, ids


def test_only_learners_sharing_their_actors_have_proposals_on_the_board(service):
    created, ids = class_with_three(service)
    shown = service.proposals(created.trainer_token, CLIENT)
    assert [(p.name, p.learner) for p in shown] == [
        ("Ressourcerie alice", "Alice"),
        ("Ressourcerie bob", ids["bob"][3].pseudonym),
    ]
    assert all(p.status == "pending" and p.preapproved == "" for p in shown)
    assert shown[0].commune == "Valence" and shown[0].departement == "26"
    assert "chloe" not in repr(shown).lower() and SENTINEL not in repr(shown)

    # Chloé now shares her actors: her proposal appears; Alice stops: hers goes.
    class_id = created.info.id
    service.update_consents(ids["chloe"][0], class_id, Consents(actors=True))
    service.update_consents(ids["alice"][0], class_id, Consents(progress=True))
    names = [p.name for p in service.proposals(created.trainer_token, CLIENT)]
    assert names == ["Ressourcerie bob", "Ressourcerie chloe"]


def test_the_report_lists_only_shared_proposals(service):
    created, _ = class_with_three(service)
    html = service.export(created.trainer_token, CLIENT, "report_html", "fr").decode()
    assert "Ressourcerie alice" in html and "Ressourcerie bob" in html
    assert "Ressourcerie chloe" not in html and SENTINEL not in html
    for kind in ("progress_csv", "actors_csv", "map_geojson"):
        text = service.export(created.trainer_token, CLIENT, kind, "fr").decode("utf-8-sig")
        assert "Ressourcerie chloe" not in text and SENTINEL not in text


def test_a_proposal_holds_public_fields_only(service):
    token, carnet_id, actor = learner(service, "dora")
    proposal_id = propose(service, carnet_id, actor, "Une ressourcerie.")
    with service.stores.engine.connect() as conn:
        row = (
            conn.execute(select(directory_proposals).where(directory_proposals.c.id == proposal_id))
            .mappings()
            .one()
        )
    assert SENTINEL not in repr(dict(row))
    assert not {"contact_person", "notes", "contact_status"} & set(row.keys())
    assert token not in repr(dict(row))


def test_preapproval_marks_publishes_nothing_and_comes_first_for_moderators(service):
    created, ids = class_with_three(service)
    directory = service.stores.directory
    bob_proposal = ids["bob"][2]
    done = service.preapprove(created.trainer_token, bob_proposal, True, CLIENT)
    assert done.preapproved == "here" and done.status == "pending" and done.can_undo
    stored = directory.proposal(bob_proposal)
    assert stored is not None and stored.preapproved_class_id == created.info.id
    assert stored.preapproved_at is not None and stored.status == "pending"
    assert directory_services.listing(directory).entries == ()  # nothing published

    queue = directory_services.queue(directory)
    assert [i.proposal.id for i in queue if i.proposal] == [
        bob_proposal,
        ids["alice"][2],
        ids["chloe"][2],
    ]
    assert queue[0].preapproved_by == "Master ESS" and queue[1].preapproved_by is None

    # Undo; then publishing stays the moderators' decision and needs no pre-approval.
    undone = service.preapprove(created.trainer_token, bob_proposal, False, CLIENT)
    assert undone.preapproved == "" and directory.proposal(bob_proposal).preapproved_at is None
    service.preapprove(created.trainer_token, bob_proposal, True, CLIENT)
    directory_services.publish(
        directory, directory_services.Moderator("m"), bob_proposal, categories()
    )
    after = next(
        p for p in service.proposals(created.trainer_token, CLIENT) if p.id == bob_proposal
    )
    assert after.status == "published" and not after.can_undo and not after.can_preapprove
    with pytest.raises(Conflict):
        service.preapprove(created.trainer_token, bob_proposal, False, CLIENT)


def test_only_the_trainer_of_the_class_preapproves_its_learners_proposals(service, clock):
    created, ids = class_with_three(service)
    other = service.create_class("Autre classe")
    # Chloé's proposal is not on the board (she does not share her actors): refused.
    with pytest.raises(NotFound):
        service.preapprove(created.trainer_token, ids["chloe"][2], True, CLIENT)
    # Another class's trainer cannot pre-approve a proposal its board does not show.
    with pytest.raises(NotFound):
        service.preapprove(other.trainer_token, ids["alice"][2], True, CLIENT)
    # A wrong trainer link is refused, and wrong links are slowed down like every other.
    for _ in range(8):
        with pytest.raises(Forbidden):
            service.preapprove("x" * 43, ids["alice"][2], True, "203.0.113.99")
    assert clock.slept, "wrong trainer links were not slowed down"
    assert service.stores.directory.proposal(ids["alice"][2]).preapproved_class_id is None


def test_a_learner_in_two_classes_keeps_the_first_preapproval(service):
    created, ids = class_with_three(service)
    second = service.create_class("Deuxième classe")
    service.join(second.info.code, ids["bob"][0], Consents(actors=True), client=CLIENT)
    service.preapprove(created.trainer_token, ids["bob"][2], True, CLIENT)
    seen = service.proposals(second.trainer_token, CLIENT)
    assert [p.preapproved for p in seen] == ["elsewhere"] and not seen[0].can_preapprove
    with pytest.raises(Conflict):
        service.preapprove(second.trainer_token, ids["bob"][2], True, CLIENT)


def test_deleting_the_class_clears_the_preapproval_and_keeps_the_proposal(service):
    created, ids = class_with_three(service)
    service.preapprove(created.trainer_token, ids["alice"][2], True, CLIENT)
    service.delete_class(created.trainer_token, CLIENT)
    kept = service.stores.directory.proposal(ids["alice"][2])
    assert kept is not None and kept.status == "pending"
    assert kept.preapproved_class_id is None
    with service.stores.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(directory_proposals)).scalar() == 3
    assert directory_services.queue(service.stores.directory)[0].preapproved_by is None


def test_withdrawn_proposals_leave_the_board(service):
    created, ids = class_with_three(service)
    directory_services.withdraw(service.stores.directory, ids["alice"][1], ids["alice"][2])
    names = [p.name for p in service.proposals(created.trainer_token, CLIENT)]
    assert names == ["Ressourcerie bob"]


def test_hostile_proposal_text_is_escaped_in_the_report(service):
    created = service.create_class("Classe")
    shown = 0
    for index, payload in enumerate([p for p in hostile_strings() if p.strip()][:40]):
        text = payload[:120].strip()
        try:
            actor = Actor(name=text, category="cress", commune="Valence")
            stored = service.stores.carnets.create(Carnet(actors=[actor]))
            propose(service, stored.id, actor, payload[:300])
        except (ValueError, directory_services.ServiceError):
            continue
        service.join(
            created.info.code,
            stored.token,
            Consents(actors=True, name=True),
            learner_name=text[:80],
            client=f"c{index}",
        )
        shown += 1
    assert shown > 10
    assert len(service.proposals(created.trainer_token, CLIENT)) == shown
    html = service.export(created.trainer_token, CLIENT, "report_html", "fr").decode()
    tags = Tags()
    tags.feed(html)
    assert tags.names <= REPORT_TAGS, tags.names - REPORT_TAGS
    assert not [a for a in tags.attributes if a.startswith("on")]


def test_the_pure_rule():
    learners = [
        ClassLearner(1, Consents(actors=True, name=True), "Loutre 12", "Alice"),
        ClassLearner(2, Consents(actors=True), "Hibou 40", "Bob"),
        ClassLearner(3, Consents(progress=True, name=True), "Lynx 33", "Chloé"),
    ]
    authors = classroom.proposal_authors(learners)
    assert authors == {1: "Alice", 2: "Hibou 40"}

    class Row:
        def __init__(self, id, carnet_id, status, preapproved_class_id=None):
            self.id, self.carnet_id, self.status = id, carnet_id, status
            self.preapproved_class_id = preapproved_class_id
            self.name, self.category, self.commune = f"P{id}", "cress", "Valence"
            self.departement, self.region = "26", "Auvergne-Rhône-Alpes"

    rows = [
        Row(1, 1, "refused"),
        Row(2, 2, "pending", 7),
        Row(3, 3, "pending"),
        Row(4, None, "pending"),
        Row(5, 1, "withdrawn"),
        Row(6, 1, "pending", 8),
        Row(7, 2, "published"),
    ]
    shown = classroom.class_proposals(authors, rows, class_id=7)
    assert [(p.id, p.status, p.preapproved) for p in shown] == [
        (2, "pending", "here"),
        (6, "pending", "elsewhere"),
        (7, "published", ""),
        (1, "refused", ""),
    ]
    assert shown[0].can_undo and not shown[1].can_preapprove and not shown[1].can_undo
    assert shown[0].place == "Valence (26)"


def test_a_learner_who_stops_sharing_or_leaves_takes_the_preapproval_back(service):
    """A pre-approval only exists while the proposal is on the class's board: unticking the
    actors or leaving the class clears it (moderators no longer see the class's name)."""
    created, ids = class_with_three(service)
    directory = service.stores.directory
    for tag in ("alice", "bob"):
        service.preapprove(created.trainer_token, ids[tag][2], True, CLIENT)
    service.update_consents(ids["alice"][0], created.info.id, Consents(progress=True))
    service.leave(ids["bob"][0], created.info.id)
    for tag in ("alice", "bob"):
        kept = directory.proposal(ids[tag][2])
        assert kept is not None and kept.status == "pending"
        assert kept.preapproved_class_id is None and kept.preapproved_at is None
    assert all(item.preapproved_by is None for item in directory_services.queue(directory))
