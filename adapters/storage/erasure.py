"""Erasing carnets (RGPD): on the learner's request or after a retention period, and the
tombstones that let a private link say « deleted » rather than « never existed ».

A tombstone keeps only the SHA-256 of the private token (tokens carry 256 random bits: the hash
cannot be turned back into a link), the day of the deletion and its reason; nothing the learner
typed. Rows of other tables that refer to the carnet go with it through their foreign keys
(class memberships: ``ON DELETE CASCADE``; directory proposals: ``ON DELETE SET NULL``, the
published entry stays, anonymous).

On SQLite the deleted content is overwritten with zeros (``PRAGMA secure_delete``, set on every
connection by ``database``) and the write-ahead log is checkpointed and truncated, so that the
file itself keeps no copy of the texts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Column, Date, String, Table, delete, func, insert, select, text
from sqlalchemy.engine import Connection, Engine

from adapters.storage.carnets import carnets
from adapters.storage.database import metadata

REASON_REQUEST = "request"  # the learner deleted it
REASON_RETENTION = "retention"  # untouched for longer than the retention period

deleted_carnets = Table(
    "deleted_carnets",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("deleted_on", Date, nullable=False),
    Column("reason", String(16), nullable=False),
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Tombstone:
    deleted_on: date
    reason: str


class ErasureStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def delete(
        self, token: str, *, reason: str = REASON_REQUEST, today: date | None = None
    ) -> bool:
        """Delete the carnet of this private token (and its share link); False if none."""
        with self.engine.begin() as conn:
            self._secure(conn)
            found = conn.execute(
                delete(carnets).where(carnets.c.token == token).returning(carnets.c.id)
            ).first()
            if found is None:
                return False
            self._bury(conn, [token], reason, today)
        self._checkpoint()
        return True

    def delete_untouched_since(self, cutoff: datetime, *, today: date | None = None) -> int:
        """Delete every carnet last saved before ``cutoff``; how many were deleted."""
        with self.engine.begin() as conn:
            self._secure(conn)
            tokens = list(
                conn.execute(
                    delete(carnets).where(carnets.c.updated_at < cutoff).returning(carnets.c.token)
                ).scalars()
            )
            self._bury(conn, tokens, REASON_RETENTION, today)
        if tokens:
            self._checkpoint()
        return len(tokens)

    def count_untouched_since(self, cutoff: datetime) -> int:
        with self.engine.connect() as conn:
            return conn.execute(
                select(func.count()).select_from(carnets).where(carnets.c.updated_at < cutoff)
            ).scalar_one()

    def tombstone(self, token: str) -> Tombstone | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(deleted_carnets.c.deleted_on, deleted_carnets.c.reason).where(
                    deleted_carnets.c.token_hash == token_hash(token)
                )
            ).first()
        return None if row is None else Tombstone(row[0], row[1])

    def _bury(self, conn: Connection, tokens: list[str], reason: str, today: date | None) -> None:
        if not tokens:
            return
        day = today or datetime.now(UTC).date()
        conn.execute(
            insert(deleted_carnets),
            [{"token_hash": token_hash(t), "deleted_on": day, "reason": reason} for t in tokens],
        )

    def _secure(self, conn: Connection) -> None:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA secure_delete=ON")

    def _checkpoint(self) -> None:
        """SQLite: copy the log into the file and empty it (the log holds the old pages)."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
