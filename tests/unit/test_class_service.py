"""The class use cases on SQLite and PostgreSQL (``db_engine``): create, join, consents, leave,
board, exports, close/reopen, delete, retention, throttled guesses, carnet deletion."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import delete, func, select

from adapters.storage.carnets import carnets
from adapters.storage.classes import class_members, classes, token_hash
from domain import classroom
from domain.classroom import FAMILIES, Consents
from domain.models import Actor, Alliance, Answers, Carnet
from domain.throttle import Throttle
from services import classes as class_services
from services.classes import ClassService
from services.errors import Closed, Forbidden, Invalid, NotFound
from services.stores import Stores
from tests.corpus import hostile_strings

SENTINEL = "ZZSENTINEL"
CLIENT = "203.0.113.7"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


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


def learner_carnet(tag: str) -> Carnet:
    return Carnet(
        actors=[
            Actor(
                name=f"Actor {tag}",
                category="cress",
                commune="Valence",
                lat=44.9,
                lon=4.9,
                contact_person=f"{SENTINEL}-contact",
                notes=f"{SENTINEL}-notes",
            )
        ],
        alliance=Alliance(name=f"Alliance {tag}"),
        answers=Answers(vision=f"Vision {tag}"),
    )


def new_learner(service: ClassService, tag: str) -> str:
    return service.stores.carnets.create(learner_carnet(tag)).token


def test_a_class_gets_a_code_and_a_long_trainer_token_stored_hashed(service):
    created = service.create_class("Master ESS", territory="Drôme", end_date=None)
    assert classroom.parse_code(created.info.code) == created.info.code
    assert len(created.trainer_token) >= 43  # 256 bits of token_urlsafe
    assert created.trainer_token != created.info.code
    with service.stores.engine.connect() as conn:
        row = conn.execute(select(classes)).mappings().one()
    assert row["trainer_hash"] == token_hash(created.trainer_token)
    assert created.trainer_token not in json.dumps({k: str(v) for k, v in row.items()})
    assert service.open_board(created.trainer_token, CLIENT).name == "Master ESS"


def test_bad_class_input_is_refused(service):
    with pytest.raises(Invalid):
        service.create_class("   ")
    with pytest.raises(Invalid):
        service.create_class("x" * 200)
    with pytest.raises(Invalid):
        service.create_class("ok", end_date=date.today() - timedelta(days=2))


def test_join_share_change_and_leave(service):
    created = service.create_class("Classe")
    alice, bob = new_learner(service, "alice"), new_learner(service, "bob")
    code = classroom.format_code(created.info.code).lower()
    service.join(code, alice, Consents.of(FAMILIES), learner_name="Alice", client=CLIENT)
    bob_in = service.join(created.info.code, bob, Consents(actors=True), client=CLIENT)
    assert bob_in.pseudonym.rsplit(" ", 1)[0] in classroom.PSEUDONYM_WORDS
    with pytest.raises(Invalid):
        service.join(created.info.code, bob, Consents(), client=CLIENT)  # already in

    info, board = service.board(created.trainer_token, CLIENT)
    assert [v.label for v in board.views] == ["Alice", bob_in.pseudonym]
    assert [a.text for a in board.answers["vision"]] == ["Vision alice"]
    assert {a.actor.name for a in board.actors} == {"Actor alice", "Actor bob"}
    assert board.by_departement == (("26", "Drôme", 2),)

    # Bob now shares his answers, Alice stops sharing hers: the board follows at once.
    service.update_consents(bob, info.id, Consents(actors=True, answers=True))
    service.update_consents(alice, info.id, Consents(actors=True))
    board = service.board_of(info.id)
    assert [(a.learner, a.text) for a in board.answers["vision"]] == [(None, "Vision bob")]
    assert [v.label for v in board.views][0] != "Alice"  # name no longer ticked

    service.leave(alice, info.id)
    board = service.board_of(info.id)
    assert [v.member_id for v in board.views] == [board.views[0].member_id]
    assert {a.actor.name for a in board.actors} == {"Actor bob"}
    assert service.memberships(alice) == []
    with pytest.raises(NotFound):
        service.leave(alice, info.id)


def test_a_name_must_be_given_when_shown(service):
    created = service.create_class("Classe")
    with pytest.raises(Invalid):
        service.join(
            created.info.code, new_learner(service, "a"), Consents(name=True), client=CLIENT
        )


def test_the_board_changes_when_a_carnet_changes(service):
    created = service.create_class("Classe")
    token = new_learner(service, "a")
    service.join(created.info.code, token, Consents(actors=True), client=CLIENT)
    first = service.board_of(created.info.id)
    assert service.board_of(created.info.id) is first  # nothing changed: the same board
    stored = service.stores.carnets.load(token)
    changed = stored.carnet.model_copy(deep=True)
    changed.actors.append(Actor(name="New one", category="ptce"))
    service.stores.carnets.save(token, changed, expected_version=stored.version)
    assert {a.actor.name for a in service.board_of(created.info.id).actors} == {
        "Actor a",
        "New one",
    }


def test_closed_classes_take_no_one_and_reopen(service):
    created = service.create_class("Classe")
    service.set_open(created.trainer_token, False, CLIENT)
    with pytest.raises(Closed):
        service.join(created.info.code, new_learner(service, "a"), Consents(), client=CLIENT)
    assert service.set_open(created.trainer_token, True, CLIENT).is_open
    service.join(created.info.code, new_learner(service, "a"), Consents(), client=CLIENT)


def test_the_code_only_lets_one_join(service):
    created = service.create_class("Classe")
    with pytest.raises(Forbidden):
        service.open_board(created.info.code, CLIENT)
    found = service.find_by_code(created.info.code, CLIENT)
    assert (found.name, found.is_open) == ("Classe", True)
    assert not hasattr(found, "id")


def test_wrong_codes_and_tokens_are_slowed_down(service, clock):
    for _ in range(3):
        with pytest.raises(NotFound):
            service.find_by_code("AAA-AAA", CLIENT)
    assert clock.slept == []  # the free failures
    for _ in range(3):
        with pytest.raises(Forbidden):
            service.open_board("x" * 43, CLIENT)
    assert clock.slept == [0.5, 1.0]  # codes and trainer links count together
    with pytest.raises(NotFound):
        service.find_by_code("AAA-AAA", "another client")  # another client: not slowed
    assert clock.slept == [0.5, 1.0]
    created = service.create_class("Classe")
    service.find_by_code(created.info.code, CLIENT)  # waits once more, then forgets
    assert clock.slept == [0.5, 1.0, 2.0]
    with pytest.raises(NotFound):
        service.find_by_code("AAA-AAA", CLIENT)
    assert clock.slept == [0.5, 1.0, 2.0]  # forgotten after the success: a free failure


def test_delete_removes_the_class_and_its_memberships_not_the_carnets(service):
    created = service.create_class("Classe")
    token = new_learner(service, "a")
    service.join(created.info.code, token, Consents(actors=True), client=CLIENT)
    service.delete_class(created.trainer_token, CLIENT)
    with service.stores.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(classes)).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(class_members)).scalar_one() == 0
    assert service.stores.carnets.load(token).carnet.actors[0].name == "Actor a"
    with pytest.raises(Forbidden):
        service.open_board(created.trainer_token, CLIENT)


def test_deleting_a_carnet_deletes_its_memberships(service):
    created = service.create_class("Classe")
    token = new_learner(service, "a")
    service.join(created.info.code, token, Consents(answers=True), client=CLIENT)
    carnet_id = service.stores.carnets.load(token).id
    with service.stores.engine.begin() as conn:
        conn.execute(delete(carnets).where(carnets.c.id == carnet_id))
    with service.stores.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(class_members)).scalar_one() == 0
    assert service.board_of(created.info.id).views == ()


def test_retention_purge(service, monkeypatch):
    today = date.today()
    old = service.create_class("Old", end_date=today)
    recent = service.create_class("Recent", end_date=today)
    forever = service.create_class("No end date")
    with service.stores.engine.begin() as conn:
        conn.execute(
            classes.update()
            .where(classes.c.id == old.info.id)
            .values(end_date=today - timedelta(days=31))
        )
    service.join(old.info.code, new_learner(service, "a"), Consents(), client=CLIENT)
    monkeypatch.setenv("CLASS_RETENTION_DAYS", "30")
    assert class_services.retention_days() == 30
    assert service.purge_expired(today=today) == 1
    assert service.purge_expired(today=today + timedelta(days=29)) == 0
    assert service.purge_expired(today=today + timedelta(days=31)) == 1  # « Recent »
    names = {c.name for c in [service.open_board(forever.trainer_token, CLIENT)]}
    assert names == {"No end date"}
    with pytest.raises(Forbidden):
        service.open_board(recent.trainer_token, CLIENT)
    assert class_services.retention_days({"CLASS_RETENTION_DAYS": "nope"}) == 30
    assert class_services.retention_days({"CLASS_RETENTION_DAYS": "-4"}) == 0


def test_exports_hold_only_what_was_shared(service):
    created = service.create_class("Classe")
    alice, bob = new_learner(service, "alice"), new_learner(service, "bob")
    service.join(
        created.info.code, alice, Consents.of(FAMILIES), learner_name="Alice", client=CLIENT
    )
    service.join(created.info.code, bob, Consents(progress=True), client=CLIENT)
    files = {
        kind: service.export(created.trainer_token, CLIENT, kind, "fr").decode("utf-8-sig")
        for kind, _, _ in class_services.EXPORTS
    }
    for kind, text in files.items():
        assert SENTINEL not in text, kind
        assert "bob" not in text.lower().replace("bob 1", ""), kind  # nothing of Bob's work
        assert "Actor alice" in text or kind == "progress_csv", kind
    rows = list(csv.reader(io.StringIO(files["progress_csv"]), delimiter=";"))
    assert rows[0][0] == "apprenant" and rows[1][0] == "Alice"
    assert rows[2][-2:] == ["", ""]  # Bob: actors and alliance not shared
    geo = json.loads(files["map_geojson"])
    assert [f["properties"]["name"] for f in geo["features"]] == ["Actor alice"]
    assert geo["features"][0]["geometry"]["coordinates"] == [4.9, 44.9]
    assert "Vision alice" in files["report_html"] and "Vision bob" not in files["report_html"]


PAYLOADS = [p for p in hostile_strings() if p.strip()]
REPORT_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "p",
    "main",
    "section",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "blockquote",
    "footer",
}


class Tags(HTMLParser):
    """The element names and attribute names of a page (what a payload could have added)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_hostile_learner_text_is_escaped_in_the_exports(service):
    created = service.create_class("Classe <b>")
    for index, payload in enumerate(PAYLOADS[:60]):
        text = payload[:140].strip() or "x"
        try:
            carnet = Carnet(
                actors=[Actor(name=text, category="cress", commune=text[:100], lat=45, lon=5)],
                alliance=Alliance(name=text),
                answers=Answers(vision=text),
            )
        except ValueError:
            continue  # refused at the door: nothing to show
        token = service.stores.carnets.create(carnet).token
        service.join(
            created.info.code,
            token,
            Consents.of(FAMILIES),
            learner_name=text[:80],
            client=f"c{index}",
        )
    html = service.export(created.trainer_token, CLIENT, "report_html", "fr").decode()
    tags = Tags()
    tags.feed(html)
    assert tags.names <= REPORT_TAGS, tags.names - REPORT_TAGS
    assert not [a for a in tags.attributes if a.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text
    progress = service.export(created.trainer_token, CLIENT, "progress_csv", "fr").decode()
    for row in list(csv.reader(io.StringIO(progress.lstrip("\ufeff")), delimiter=";"))[1:]:
        assert not row[0].startswith(("=", "+", "-", "@")), row[0]


def test_the_purge_command_deletes_expired_classes(tmp_path, monkeypatch, capsys):
    from scripts import purge_classes

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CARNET_DB_PATH", str(tmp_path / "purge.sqlite3"))
    service = ClassService(Stores.connect())
    done = service.create_class("Ended", end_date=date.today())
    service.create_class("Running", end_date=date.today() + timedelta(days=10))
    with service.stores.engine.begin() as conn:
        conn.execute(
            classes.update()
            .where(classes.c.id == done.info.id)
            .values(end_date=date.today() - timedelta(days=5))
        )
    assert purge_classes.main(["--days", "10"]) == 0
    assert "0 class(es) deleted" in capsys.readouterr().out
    assert purge_classes.main(["--days", "2"]) == 0
    assert "1 class(es) deleted" in capsys.readouterr().out
    assert service.stores.classes.count() == 1
