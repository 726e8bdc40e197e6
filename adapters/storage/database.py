"""The database: its URL (SQLite by default, PostgreSQL by URL), engines, and the schema brought
to the latest Alembic migration before any store uses it.

Every table is declared on ``metadata`` by the store module that owns it (``carnets``...);
``adapters.storage.schema`` imports them all. The schema itself only ever changes through a
migration in ``adapters/storage/migrations/versions/``: a test fails when the tables and the
migrations disagree.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import Connection, Engine

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_PATH = ROOT / "var" / "carnets.sqlite3"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The first migration: the carnets table as ``metadata.create_all`` made it before migrations.
BASELINE_REVISION = "0001"
# Key of the PostgreSQL advisory lock taken while migrating: two servers starting together on
# one database migrate one after the other.
_MIGRATION_LOCK = 727_274_001

metadata = MetaData()


def id_column() -> Column[Any]:
    """A table's own key: an integer the database numbers."""
    return Column("id", Integer, primary_key=True, autoincrement=True)


def table(name: str, *columns: Column[Any], indexes: Mapping[str, str] | None = None) -> Table:
    """A table of the app on the shared ``metadata``: its ``id_column``, then ``columns``; one
    index ``ix_<name>_<suffix>`` per ``indexes`` item (suffix → the indexed column)."""
    declared = Table(name, metadata, id_column(), *columns)
    for suffix, column in (indexes or {}).items():
        Index(f"ix_{name}_{suffix}", declared.c[column])
    return declared


def reference(column: str, target: str, *, ondelete: str, **options: Any) -> Column[Any]:
    """An integer column referring to ``target`` (``"table.id"``), deleted or nulled with it;
    ``fk`` names the constraint, the other options (``nullable``, ``index``) are the column's."""
    key = ForeignKey(target, ondelete=ondelete, name=options.pop("fk", None))
    return Column(column, Integer, key, **options)


_upgraded: weakref.WeakSet[Engine] = weakref.WeakSet()
_upgrade_lock = threading.Lock()


def database_url() -> str:
    """DATABASE_URL if set (e.g. postgresql+psycopg://...), else the SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        if url.startswith("postgres://"):
            url = "postgresql://" + url[len("postgres://") :]
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    path = Path(os.environ.get("CARNET_DB_PATH", DEFAULT_DB_PATH))
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cursor.execute("PRAGMA synchronous=FULL")  # a commit survives a killed server
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted and overwritten content is zeroed in the file, not only unlinked: a deleted
    # carnet (and the older versions of a saved one) leave no readable trace (RGPD).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine on the URL (default: ``database_url()``), without touching the schema."""
    url = url or database_url()
    # A server connection can die between two requests (restart, idle timeout): test it
    # before use. A SQLite file cannot, and the test would cost a query on every rerun.
    engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def engine_for(url: str | None = None) -> Engine:
    """An engine on the URL whose schema is at the latest migration."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration without an ini file (the ini at the root is for the CLI)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head", *, force: bool = False) -> None:
    """Bring the database to ``revision``; once per engine unless ``force``.

    A database made before migrations existed (a ``carnets`` table and no ``alembic_version``)
    is stamped with the baseline first, so its carnets stay and the later migrations apply.
    """
    with _upgrade_lock:
        if engine in _upgraded and revision == "head" and not force:
            return
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
                )
            tables = set(inspect(connection).get_table_names())
            config = alembic_config(connection)
            if "carnets" in tables and "alembic_version" not in tables:
                command.stamp(config, BASELINE_REVISION)
            command.upgrade(config, revision)
        if revision == "head":
            _upgraded.add(engine)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
