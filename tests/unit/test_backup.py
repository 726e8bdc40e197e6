"""Backups: one command backs up, one restores (scripts/backup.py); a backup restored into an
empty database opens its carnets, on SQLite and on PostgreSQL (two throw-away databases on the
server of TEST_DATABASE_URL)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from adapters.storage import backup as backups
from domain.models import Actor, Carnet, Project
from services.stores import Stores
from tests.databases import postgres_database

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "backup.py"


def run(*args: str, url: str) -> subprocess.CompletedProcess:
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--url", url, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def a_carnet() -> Carnet:
    return Carnet(
        project=Project(name="Recyclerie « La Boucle »"),
        actors=[Actor(name="CRESS Île-de-France", category="cress", notes="rdv le 12")],
    )


def check_restored(url: str, token: str) -> None:
    stores = Stores.connect(url)
    try:
        loaded = stores.carnets.load(token)
        assert loaded.carnet.project == a_carnet().project
        assert [(a.name, a.notes) for a in loaded.carnet.actors] == [
            ("CRESS Île-de-France", "rdv le 12")
        ]
        assert loaded.version == 2
        saved = stores.carnets.save(token, loaded.carnet, expected_version=2)  # still writable
        assert saved.version == 3
    finally:
        stores.engine.dispose()


def make_source(url: str) -> str:
    stores = Stores.connect(url)
    try:
        stored = stores.carnets.create(Carnet())
        stores.carnets.save(stored.token, a_carnet(), expected_version=1)
        return stored.token
    finally:
        stores.engine.dispose()


def test_sqlite_backup_and_restore_into_an_empty_database(tmp_path):
    source = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    token = make_source(source)
    backup_file = tmp_path / "backups" / "carnets.bak"
    done = run("backup", str(backup_file), url=source)
    assert done.returncode == 0, done.stderr
    assert backup_file.read_bytes().startswith(b"SQLite format 3\x00")
    empty = f"sqlite:///{tmp_path / 'restored' / 'carnets.sqlite3'}"
    done = run("restore", str(backup_file), url=empty)
    assert done.returncode == 0, done.stderr
    check_restored(empty, token)


def test_a_restore_replaces_a_newer_state(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    token = make_source(url)
    backups.backup(url, tmp_path / "b.bak")
    stores = Stores.connect(url)
    later = stores.carnets.create(Carnet())  # made after the backup
    stores.engine.dispose()
    backups.restore(url, tmp_path / "b.bak")
    stores = Stores.connect(url)
    assert stores.carnets.version(later.token) is None
    assert stores.carnets.version(token) == 2
    stores.engine.dispose()


def test_errors_are_reported(tmp_path):
    done = run("restore", str(tmp_path / "missing.bak"), url=f"sqlite:///{tmp_path / 'x.db'}")
    assert done.returncode == 1 and "no such backup" in done.stderr


def test_postgresql_backup_and_restore_into_an_empty_database(tmp_path):
    with postgres_database("bk") as source, postgres_database("bk") as empty:
        token = make_source(source)
        backup_file = tmp_path / "carnets.dump"
        done = run("backup", str(backup_file), url=source)
        assert done.returncode == 0, done.stderr
        assert backup_file.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
        done = run("restore", str(backup_file), url=empty)
        assert done.returncode == 0, done.stderr
        check_restored(empty, token)
        done = run("restore", str(backup_file), url=empty)  # again, over what is there
        assert done.returncode == 0, done.stderr


def test_postgres_tools_and_urls():
    assert Path(backups.postgres_tool("pg_dump")).name == "pg_dump"
    url = "postgresql+psycopg://app:s3cret@db.example:5433/carnets"
    assert backups.libpq_url(url) == "postgresql://app:s3cret@db.example:5433/carnets"
    assert backups.is_sqlite("sqlite:////srv/a.db") and not backups.is_sqlite(url)
    with pytest.raises(backups.BackupError):
        backups.sqlite_path("sqlite://")
