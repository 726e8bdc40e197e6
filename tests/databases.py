"""Real databases for storage tests: a SQLite file, or a private schema on the PostgreSQL server
of TEST_DATABASE_URL (started by scripts/test.sh). One schema per test: tests stay independent
and the server keeps no leftovers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from adapters.storage import database


def postgres_url() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(
            "TEST_DATABASE_URL is not set: no PostgreSQL server to test against "
            "(.ci/run starts one; locally: export TEST_DATABASE_URL=postgresql+psycopg://...)"
        )
    return url


@contextmanager
def sqlite_engine(tmp_path: Path, name: str = "carnets.sqlite3") -> Iterator[Engine]:
    engine = database.make_engine(f"sqlite:///{tmp_path / name}")
    try:
        yield engine
    finally:
        engine.dispose()


@contextmanager
def postgres_engine() -> Iterator[Engine]:
    url = postgres_url()
    schema = "t_" + uuid.uuid4().hex[:10]
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@contextmanager
def any_engine(kind: str, tmp_path: Path) -> Iterator[Engine]:
    """``kind`` is "sqlite" or "postgresql"; the engine's schema is empty (not migrated)."""
    with sqlite_engine(tmp_path) if kind == "sqlite" else postgres_engine() as engine:
        yield engine


@contextmanager
def postgres_database(prefix: str = "db") -> Iterator[str]:
    """A new, empty database on the server of TEST_DATABASE_URL (its URL); dropped afterwards.
    For what needs a whole database: backups, several app servers, the load test."""
    base = make_url(postgres_url())
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
