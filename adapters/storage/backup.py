"""Backups of the app's database, and their restoration.

- SQLite: SQLite's online backup API (``sqlite3.Connection.backup``): a consistent copy while the
  app keeps running (the write-ahead log included), into a plain SQLite file; restoring copies it
  back the same way.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` (``--clean --if-exists``: the target
  may be empty or hold an older copy), found on PATH or under Debian's
  ``/usr/lib/postgresql/<version>/bin`` (the newest).
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError(f"not a SQLite file: {url}")
    return Path(database)


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq understands it (no ``+driver``)."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def postgres_tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: the newest of Debian's versioned ones, else PATH's."""
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: [int(x) for x in Path(p).parts[-3].split(".") if x.isdigit()],
    )
    found = versions[-1] if versions else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found (install the postgresql-client package)")
    return found


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.exists():
        raise BackupError(f"no such SQLite file: {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            if dst.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            dst.close()
    finally:
        src.close()


def backup(url: str, target: Path) -> Path:
    """Write a backup of the database at ``url`` to ``target``; returns ``target``."""
    target = Path(target)
    if is_sqlite(url):
        if target.exists():
            target.unlink()  # the backup API writes into what is there: start empty
        _sqlite_copy(sqlite_path(url), target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        _run(
            [
                postgres_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
                f"--dbname={libpq_url(url)}",
            ]
        )
    return target


def restore(url: str, source: Path) -> None:
    """Replace the content of the database at ``url`` by the backup ``source``."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"no such backup: {source}")
    if is_sqlite(url):
        _sqlite_copy(source, sqlite_path(url))
    else:
        _run(
            [
                postgres_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={libpq_url(url)}",
                str(source),
            ]
        )
