"""The carnets table and its store (SQLAlchemy: SQLite by default, PostgreSQL by URL).

Each carnet is one row: its JSON, a version number for optimistic concurrency (two tabs never
overwrite each other silently), a private edit token and an optional read-only share token.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine

from adapters.storage import database
from adapters.storage.database import id_column, metadata
from domain.carnet_io import carnet_from_dict
from domain.models import Carnet

TOKEN_BYTES = 32  # 256 random bits, URL-safe base64: 43 characters

carnets = Table(
    "carnets",
    metadata,
    id_column(),
    Column("token", String(64), nullable=False, unique=True),
    Column("share_token", String(64), nullable=True, unique=True),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


class CarnetNotFound(LookupError):
    pass


class StaleCarnet(RuntimeError):
    """Someone (another tab) saved the carnet since this copy was loaded."""

    def __init__(self, current: StoredCarnet):
        super().__init__("stale carnet")
        self.current = current


@dataclass(frozen=True)
class StoredCarnet:
    token: str
    version: int
    carnet: Carnet
    share_token: str | None
    # The row's id: what other tables (class memberships, directory proposals) refer to, so the
    # private token is never copied around.
    id: int | None = None


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


# Positional placeholder of the DB-API drivers whose style is known (sqlite3: qmark; psycopg:
# pyformat, which takes %s with a tuple).
_PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _is_valid_token(token: str | None) -> bool:
    return (
        token is not None
        and 20 <= len(token) <= 64
        and token.replace("-", "").replace("_", "").isalnum()
    )


class CarnetStore:
    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        # The schema is brought to the latest migration (once per engine).
        self.engine = engine or database.make_engine(url)
        database.upgrade(self.engine)

    def create(self, carnet: Carnet) -> StoredCarnet:
        token = new_token()
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            row_id = conn.execute(
                insert(carnets)
                .values(
                    token=token,
                    version=1,
                    data=carnet.model_dump_json(),
                    created_at=now,
                    updated_at=now,
                )
                .returning(carnets.c.id)
            ).scalar_one()
        return StoredCarnet(token, 1, carnet, None, row_id)

    def load(self, token: str) -> StoredCarnet:
        return self._load_by(carnets.c.token, token)

    def load_shared(self, share_token: str) -> StoredCarnet:
        return self._load_by(carnets.c.share_token, share_token)

    def _load_by(self, column: Any, token: str) -> StoredCarnet:
        if not _is_valid_token(token):
            raise CarnetNotFound(token)
        with self.engine.connect() as conn:
            row = conn.execute(select(carnets).where(column == token)).mappings().first()
        if row is None:
            raise CarnetNotFound(token)
        carnet = carnet_from_dict(json.loads(row["data"]))
        return StoredCarnet(row["token"], row["version"], carnet, row["share_token"], row["id"])

    def version(self, token: str, *, shared: bool = False) -> int | None:
        """The saved version number (by private or by share token), to notice cheaply that the
        carnet changed; None when there is no such carnet.

        Every rerun of every page asks (``components.state.sync_from_url``), each time from a
        new script thread, where a Core statement costs ~0.5 ms and the driver's own cursor
        ~0.03 ms: this one query goes straight through the driver when its placeholder style
        is known (SQLite, psycopg), through Core otherwise.
        """
        if not _is_valid_token(token):
            return None
        column = carnets.c.share_token if shared else carnets.c.token
        placeholder = _PLACEHOLDERS.get(self.engine.dialect.paramstyle)
        if placeholder is None:
            with self.engine.connect() as conn:
                statement = select(carnets.c.version).where(column == token)
                return conn.execute(statement).scalar_one_or_none()
        sql = f"SELECT version FROM {carnets.name} WHERE {column.name} = {placeholder}"
        connection = self.engine.raw_connection()  # from the pool; close() gives it back
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(sql, (token,))
                row = cursor.fetchone()
            finally:
                cursor.close()
        finally:
            connection.close()
        return None if row is None else int(row[0])

    def save(self, token: str, carnet: Carnet, *, expected_version: int) -> StoredCarnet:
        """Write the carnet if nobody saved since expected_version; else raise StaleCarnet."""
        carnet = carnet.model_copy(update={"updated_at": datetime.now(UTC).replace(microsecond=0)})
        with self.engine.begin() as conn:
            result = conn.execute(
                update(carnets)
                .where(carnets.c.token == token, carnets.c.version == expected_version)
                .values(
                    data=carnet.model_dump_json(),
                    version=expected_version + 1,
                    updated_at=datetime.now(UTC),
                )
                .returning(carnets.c.share_token, carnets.c.id)
            )
            row = result.first()
        if row is None:
            raise StaleCarnet(self.load(token))
        return StoredCarnet(token, expected_version + 1, carnet, row[0], row[1])

    def enable_sharing(self, token: str) -> str:
        """Give the carnet a read-only share token (a new one each time: the old link dies)."""
        share_token = new_token()
        with self.engine.begin() as conn:
            result = conn.execute(
                update(carnets).where(carnets.c.token == token).values(share_token=share_token)
            )
        if result.rowcount == 0:
            raise CarnetNotFound(token)
        return share_token

    def revoke_sharing(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(carnets).where(carnets.c.token == token).values(share_token=None))

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(carnets)).scalar_one()
