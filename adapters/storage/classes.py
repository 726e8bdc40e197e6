"""The class space's tables and their store: classes, and learners' memberships.

A class row holds its name, optional territory and end date, its join code, the SHA-256 of its
trainer token (the token itself is shown once to the trainer and never stored), open/closed and
its dates. A membership refers to a carnet by ``carnets.id`` (never by its private token) and
records what the learner agreed to share, one flag per family; deleting the class or the carnet
deletes the membership (``ON DELETE CASCADE``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    String,
    Table,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from adapters.storage import database
from adapters.storage.carnets import carnets
from adapters.storage.database import id_column, metadata, reference
from domain.carnet_io import carnet_from_dict
from domain.classroom import FAMILIES, Consents
from domain.models import Carnet

classes = Table(
    "classes",
    metadata,
    id_column(),
    Column("name", String(150), nullable=False),
    Column("territory", String(150), nullable=False),
    Column("end_date", Date, nullable=True),
    Column("code", String(6), nullable=False, unique=True),
    Column("trainer_hash", String(64), nullable=False, unique=True),
    Column("is_open", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

class_members = Table(
    "class_members",
    metadata,
    id_column(),
    reference(
        "class_id",
        "classes.id",
        ondelete="CASCADE",
        nullable=False,
        fk="fk_class_members_class",
        index=True,
    ),
    reference(
        "carnet_id",
        "carnets.id",
        ondelete="CASCADE",
        nullable=False,
        fk="fk_class_members_carnet",
        index=True,
    ),
    Column("pseudonym", String(40), nullable=False),
    Column("learner_name", String(80), nullable=False),
    Column("share_progress", Boolean, nullable=False),
    Column("share_actors", Boolean, nullable=False),
    Column("share_alliance", Boolean, nullable=False),
    Column("share_answers", Boolean, nullable=False),
    Column("share_name", Boolean, nullable=False),
    Column("joined_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("class_id", "carnet_id", name="uq_class_members_class_carnet"),
)


def token_hash(token: str) -> str:
    """What is stored of a trainer token (a 256-bit random token needs no slow hash)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class DuplicateCode(RuntimeError):
    """Another class has this join code (draw another one)."""


class AlreadyMember(RuntimeError):
    """This carnet is already in this class."""


@dataclass(frozen=True)
class ClassRow:
    id: int
    name: str
    territory: str
    end_date: date | None
    code: str
    is_open: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class MemberRow:
    id: int
    class_id: int
    carnet_id: int
    pseudonym: str
    learner_name: str
    consents: Consents
    joined_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class MemberWithCarnet:
    member: MemberRow
    carnet_version: int
    carnet: Carnet


def _class(row: Mapping[Any, Any]) -> ClassRow:
    values = {f.name: row[f.name] for f in fields(ClassRow)}
    return ClassRow(**{**values, "is_open": bool(row["is_open"])})


def _member(row: Mapping[Any, Any]) -> MemberRow:
    values = {f.name: row[f.name] for f in fields(MemberRow) if f.name != "consents"}
    consents = Consents(**{f: bool(row[f"share_{f}"]) for f in FAMILIES})
    return MemberRow(**values, consents=consents)


def _consent_columns(consents: Consents) -> dict[str, bool]:
    return {f"share_{f}": getattr(consents, f) for f in FAMILIES}


class ClassStore:
    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.engine = engine or database.make_engine(url)
        database.upgrade(self.engine)

    # --- classes

    def create(
        self, *, name: str, territory: str, end_date: date | None, code: str, trainer_token: str
    ) -> ClassRow:
        now = datetime.now(UTC)
        values = dict(
            name=name,
            territory=territory,
            end_date=end_date,
            code=code,
            trainer_hash=token_hash(trainer_token),
            is_open=True,
            created_at=now,
            updated_at=now,
        )
        try:
            with self.engine.begin() as conn:
                row_id = conn.execute(
                    insert(classes).values(**values).returning(classes.c.id)
                ).scalar_one()
        except IntegrityError as exc:
            raise DuplicateCode(code) from exc
        return ClassRow(row_id, name, territory, end_date, code, True, now, now)

    def _one(self, *conditions: ColumnElement[bool]) -> ClassRow | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(classes).where(*conditions)).mappings().first()
        return None if row is None else _class(row)

    def by_trainer_token(self, token: str) -> ClassRow | None:
        return self._one(classes.c.trainer_hash == token_hash(token))

    def by_code(self, code: str) -> ClassRow | None:
        return self._one(classes.c.code == code)

    def by_id(self, class_id: int) -> ClassRow | None:
        return self._one(classes.c.id == class_id)

    def set_open(self, class_id: int, is_open: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(classes)
                .where(classes.c.id == class_id)
                .values(is_open=is_open, updated_at=datetime.now(UTC))
            )

    def delete(self, class_id: int) -> None:
        """The class and (by cascade, also done here for databases without it) its members."""
        with self.engine.begin() as conn:
            conn.execute(delete(class_members).where(class_members.c.class_id == class_id))
            conn.execute(delete(classes).where(classes.c.id == class_id))

    def ended_before(self, day: date) -> list[int]:
        """Ids of the classes whose end date is before ``day``."""
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(classes.c.id).where(
                        classes.c.end_date.is_not(None), classes.c.end_date < day
                    )
                ).scalars()
            )

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(classes)).scalar_one()

    # --- memberships

    def add_member(
        self,
        class_id: int,
        carnet_id: int,
        *,
        pseudonym: str,
        learner_name: str,
        consents: Consents,
    ) -> MemberRow:
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                row_id = conn.execute(
                    insert(class_members)
                    .values(
                        class_id=class_id,
                        carnet_id=carnet_id,
                        pseudonym=pseudonym,
                        learner_name=learner_name,
                        joined_at=now,
                        updated_at=now,
                        **_consent_columns(consents),
                    )
                    .returning(class_members.c.id)
                ).scalar_one()
        except IntegrityError as exc:
            raise AlreadyMember(class_id) from exc
        return MemberRow(row_id, class_id, carnet_id, pseudonym, learner_name, consents, now, now)

    def update_member(
        self, class_id: int, carnet_id: int, *, learner_name: str, consents: Consents
    ) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(
                update(class_members)
                .where(
                    class_members.c.class_id == class_id,
                    class_members.c.carnet_id == carnet_id,
                )
                .values(
                    learner_name=learner_name,
                    updated_at=datetime.now(UTC),
                    **_consent_columns(consents),
                )
            )
        return result.rowcount > 0

    def remove_member(self, class_id: int, carnet_id: int) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(
                delete(class_members).where(
                    class_members.c.class_id == class_id,
                    class_members.c.carnet_id == carnet_id,
                )
            )
        return result.rowcount > 0

    def memberships_of(self, carnet_id: int) -> list[tuple[MemberRow, ClassRow]]:
        """The classes a carnet is in, oldest first."""
        statement = (
            select(class_members, *[c.label(f"k_{c.name}") for c in classes.c])
            .join(classes, classes.c.id == class_members.c.class_id)
            .where(class_members.c.carnet_id == carnet_id)
            .order_by(class_members.c.joined_at, class_members.c.id)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(statement).mappings().all()
        return [
            (_member(row), _class({c.name: row[f"k_{c.name}"] for c in classes.c})) for row in rows
        ]

    def members(self, class_id: int) -> list[MemberRow]:
        """The members of a class (join order), without their carnets."""
        statement = (
            select(class_members)
            .where(class_members.c.class_id == class_id)
            .order_by(class_members.c.id)
        )
        with self.engine.connect() as conn:
            return [_member(row) for row in conn.execute(statement).mappings()]

    def pseudonyms(self, class_id: int) -> set[str]:
        with self.engine.connect() as conn:
            return set(
                conn.execute(
                    select(class_members.c.pseudonym).where(class_members.c.class_id == class_id)
                ).scalars()
            )

    def fingerprint(self, class_id: int) -> tuple[tuple[Any, ...], ...]:
        """What changes when the board must change: (member id, the member row's last change,
        the carnet's version) of each member, in join order."""
        statement = (
            select(
                class_members.c.id,
                class_members.c.updated_at,
                carnets.c.version,
            )
            .join(carnets, carnets.c.id == class_members.c.carnet_id)
            .where(class_members.c.class_id == class_id)
            .order_by(class_members.c.id)
        )
        with self.engine.connect() as conn:
            return tuple(tuple(row) for row in conn.execute(statement))

    def members_with_carnets(
        self, class_id: int, member_ids: Sequence[int] | None = None
    ) -> Iterator[MemberWithCarnet]:
        """Each member (join order) with its carnet as saved; only ``member_ids`` if given."""
        statement = (
            select(class_members, carnets.c.version, carnets.c.data)
            .join(carnets, carnets.c.id == class_members.c.carnet_id)
            .where(class_members.c.class_id == class_id)
            .order_by(class_members.c.id)
        )
        if member_ids is not None:
            statement = statement.where(class_members.c.id.in_(list(member_ids)))
        with self.engine.connect() as conn:
            rows = conn.execute(statement).mappings().all()
        for row in rows:
            yield MemberWithCarnet(
                _member(row), row["version"], carnet_from_dict(json.loads(row["data"]))
            )
