"""RGPD: a learner deletes their carnet, untouched carnets are purged after the retention
period, a private link says « deleted », and deletion leaves no trace of the carnet's texts in
the database (every row of every table, and on SQLite the file's bytes)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text, update

from adapters.storage.carnets import CarnetNotFound, carnets
from domain.models import Actor, Alliance, Answers, Carnet, Member, Project
from services import privacy
from services.errors import Invalid, NotFound
from services.stores import Stores
from tests.databases import sqlite_engine

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stores(db_engine) -> Stores:
    return Stores.connect(engine=db_engine)


def secret_carnet(tag: str) -> Carnet:
    """A carnet whose every text field holds a sentinel ending in ``tag``."""
    return Carnet(
        project=Project(name=f"projet-{tag}", description=f"description-{tag}"),
        actors=[
            Actor(
                name=f"acteur-{tag}",
                category="cress",
                address=f"adresse-{tag}",
                contact_person=f"contact-{tag}",
                notes=f"notes-{tag}",
            )
        ],
        alliance=Alliance(
            name=f"alliance-{tag}", members=[Member(name=f"membre-{tag}", role=f"role-{tag}")]
        ),
        answers=Answers(vision=f"vision-{tag}", expertise=f"expertise-{tag}"),
    )


def sentinels(tag: str) -> list[str]:
    fields = ("projet", "description", "acteur", "adresse", "contact", "notes", "alliance")
    return [f"{field}-{tag}" for field in (*fields, "membre", "role", "vision", "expertise")]


def rows_mentioning(engine, needles: list[str]) -> list[str]:
    """Every row of every table (all columns as text) that contains one of ``needles``."""
    found = []
    with engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                joined = " ".join(str(value) for value in row)
                found += [f"{table}: {n}" for n in needles if n in joined]
    return found


def test_a_deleted_carnet_is_gone_and_its_link_says_so(stores):
    kept = stores.carnets.create(secret_carnet("kept"))
    doomed = stores.carnets.create(secret_carnet("doomed"))
    share = stores.carnets.enable_sharing(doomed.token)
    privacy.delete_carnet(stores, doomed.token)
    with pytest.raises(CarnetNotFound):
        stores.carnets.load(doomed.token)
    with pytest.raises(CarnetNotFound):
        stores.carnets.load_shared(share)
    assert privacy.link_status(stores, doomed.token) is privacy.LinkStatus.DELETED
    assert privacy.link_status(stores, kept.token) is privacy.LinkStatus.OPEN
    assert privacy.link_status(stores, "x" * 43) is privacy.LinkStatus.UNKNOWN
    assert stores.carnets.load(kept.token).carnet.project.name == "projet-kept"
    with pytest.raises(NotFound):
        privacy.delete_carnet(stores, doomed.token)  # twice: nothing left to delete
    with pytest.raises(NotFound):
        privacy.delete_carnet(stores, None)


def test_deletion_leaves_no_text_in_any_table(stores):
    stored = stores.carnets.create(secret_carnet("v1"))
    # Several saved versions: older texts must not linger either.
    second = stores.carnets.save(stored.token, secret_carnet("v2"), expected_version=1)
    stores.carnets.save(stored.token, secret_carnet("v3"), expected_version=second.version)
    stores.carnets.create(secret_carnet("other"))
    assert rows_mentioning(stores.engine, sentinels("v3"))  # the scan sees texts when present
    privacy.delete_carnet(stores, stored.token)
    for version in ("v1", "v2", "v3"):
        assert rows_mentioning(stores.engine, sentinels(version)) == []
    assert stored.token not in " ".join(rows_mentioning(stores.engine, [stored.token]))
    assert len(rows_mentioning(stores.engine, sentinels("other"))) == len(sentinels("other"))


def test_deletion_leaves_no_text_in_the_sqlite_file(tmp_path):
    with sqlite_engine(tmp_path) as engine:
        stores = Stores.connect(engine=engine)
        stored = stores.carnets.create(secret_carnet("v1"))
        version = stored.version
        for tag in ("v2", "v3"):
            version = stores.carnets.save(
                stored.token, secret_carnet(tag), expected_version=version
            ).version
        stores.carnets.create(secret_carnet("other"))
        files = [tmp_path / "carnets.sqlite3", tmp_path / "carnets.sqlite3-wal"]
        before = b"".join(f.read_bytes() for f in files if f.exists())
        assert b"vision-v3" in before and b"notes-v3" in before  # the scan can see them
        privacy.delete_carnet(stores, stored.token)
        after = b"".join(f.read_bytes() for f in files if f.exists())
        for tag in ("v1", "v2", "v3"):
            leftovers = [s for s in sentinels(tag) if s.encode() in after]
            assert leftovers == [], f"found in the file after deletion: {leftovers}"
        assert stored.token.encode() not in after
        assert b"vision-other" in after  # the other carnet is still there


def test_deletion_goes_through_the_foreign_keys_of_other_tables(stores):
    """Class memberships go with the carnet (CASCADE); directory proposals forget it (SET NULL)
    — as the tables of those features declare them."""
    with stores.engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE probe_members (id INTEGER PRIMARY KEY, "
                "carnet_id INTEGER REFERENCES carnets(id) ON DELETE CASCADE)"
            )
        )
        conn.execute(
            text(
                "CREATE TABLE probe_proposals (id INTEGER PRIMARY KEY, name VARCHAR(40), "
                "carnet_id INTEGER REFERENCES carnets(id) ON DELETE SET NULL)"
            )
        )
    stored = stores.carnets.create(secret_carnet("fk"))
    with stores.engine.begin() as conn:
        conn.execute(text("INSERT INTO probe_members VALUES (1, :id)"), {"id": stored.id})
        conn.execute(
            text("INSERT INTO probe_proposals VALUES (1, 'CRESS', :id)"), {"id": stored.id}
        )
    privacy.delete_carnet(stores, stored.token)
    with stores.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM probe_members")).scalar_one() == 0
        assert conn.execute(text("SELECT name, carnet_id FROM probe_proposals")).one() == (
            "CRESS",
            None,
        )


def age(stores: Stores, token: str, days: int) -> None:
    """Pretend the carnet was last saved ``days`` days ago."""
    with stores.engine.begin() as conn:
        conn.execute(
            update(carnets)
            .where(carnets.c.token == token)
            .values(updated_at=datetime.now(UTC) - timedelta(days=days))
        )


def test_untouched_carnets_are_purged_after_the_retention_period(stores):
    old = stores.carnets.create(secret_carnet("old"))
    recent = stores.carnets.create(secret_carnet("recent"))
    age(stores, old.token, 400)
    age(stores, recent.token, 300)
    assert privacy.count_untouched(stores, 365) == 1
    assert privacy.purge_untouched(stores, 365) == 1
    assert privacy.link_status(stores, old.token) is privacy.LinkStatus.EXPIRED
    assert privacy.link_status(stores, recent.token) is privacy.LinkStatus.OPEN
    assert rows_mentioning(stores.engine, sentinels("old")) == []
    assert privacy.purge_untouched(stores, 365) == 0
    assert privacy.purge_untouched(stores, 200) == 1  # a shorter period set by the deployer
    with pytest.raises(Invalid):
        privacy.purge_untouched(stores, 0)


def test_retention_periods_come_from_the_environment():
    assert privacy.retention({}) == privacy.Retention(
        365, 30
    )  # classes: 30 days after their end date
    assert privacy.retention({"CARNET_RETENTION_DAYS": "30", "CLASS_RETENTION_DAYS": " 90 "}) == (
        privacy.Retention(30, 90)
    )
    for bad in ("zero", "0", "-5", "1.5"):
        with pytest.raises(Invalid):
            privacy.retention({"CARNET_RETENTION_DAYS": bad})


def test_the_purge_command_runs_from_cron(tmp_path):
    database = tmp_path / "cron.sqlite3"
    with sqlite_engine(tmp_path, "cron.sqlite3") as engine:
        stores = Stores.connect(engine=engine)
        old = stores.carnets.create(secret_carnet("cron-old"))
        fresh = stores.carnets.create(secret_carnet("cron-fresh"))
        age(stores, old.token, 40)
    env = {**os.environ, "CARNET_DB_PATH": str(database), "CARNET_RETENTION_DAYS": "30"}
    env.pop("DATABASE_URL", None)
    command = [sys.executable, str(ROOT / "scripts" / "purge_carnets.py")]
    dry = subprocess.run([*command, "--dry-run"], env=env, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("1 carnet(s)")
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd="/")
    assert done.returncode == 0, done.stderr
    assert "1 carnet(s) untouched for more than 30 days deleted" in done.stdout
    with sqlite_engine(tmp_path, "cron.sqlite3") as engine:
        with engine.connect() as conn:
            left = conn.execute(select(carnets.c.token)).scalars().all()
    assert left == [fresh.token]
    bad = subprocess.run(command, env={**env, "CARNET_RETENTION_DAYS": "soon"}, capture_output=True)
    assert bad.returncode == 2
