"""The shared directory's tables and their store (same database as the carnets).

- ``directory_entries``: the public entries (seeded from sourced lists or published from
  learners' proposals); ``status`` is published, reported (visible with a note, back in the
  moderation queue) or removed.
- ``directory_proposals``: a learner's proposal (new entry, suggested update, confirmation),
  with only the public fields. ``carnet_id`` refers to ``carnets.id`` with ``ON DELETE SET
  NULL``: deleting a carnet leaves its published proposals anonymous, and no text of the
  carnet's own is ever copied here.
- ``directory_reports``: « signaler » an entry (closed, wrong details...), with a short reason.
- ``directory_decisions``: every moderation decision (what, when, which moderator session):
  an entry's history is read back from it.

The store is plain data access; the rules are in ``domain.directory`` and the use cases in
``services.directory``. Compound changes run in one transaction: ``with store.begin() as tx``
and pass ``tx`` to the methods.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    and_,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from adapters.storage import database
from adapters.storage.carnets import carnets
from adapters.storage.classes import classes
from adapters.storage.database import reference, table


def _place_columns() -> list[Column[Any]]:
    """Where an entry or a proposal is (same columns in both tables)."""
    return [
        Column("commune", String(150), nullable=False, server_default=""),
        Column("insee", String(5), nullable=False, server_default=""),
        Column("departement", String(3), nullable=False, server_default=""),
        Column("region", String(80), nullable=False, server_default=""),
        Column("region_code", String(2), nullable=False, server_default=""),
        Column("address", String(300), nullable=False, server_default=""),
        Column("website", String(300), nullable=False, server_default=""),
        Column("lat", Float, nullable=True),
        Column("lon", Float, nullable=True),
    ]


directory_entries = table(
    "directory_entries",
    Column("seed_id", String(80), nullable=True, unique=True),
    Column("name", String(150), nullable=False),
    Column("category", String(40), nullable=False),
    Column("network", String(80), nullable=False, server_default=""),
    *_place_columns(),
    Column("description_fr", Text, nullable=False, server_default=""),
    Column("description_en", Text, nullable=False, server_default=""),
    Column("source_kind", String(16), nullable=False),  # seed | learners
    Column("source_url", String(300), nullable=False, server_default=""),
    Column("source_title", String(300), nullable=False, server_default=""),
    Column("status", String(16), nullable=False),  # published | reported | removed
    Column("confirmations", Integer, nullable=False, server_default="0"),
    Column("last_confirmed", Date, nullable=True),
    Column("moderated_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    indexes={"region": "region_code", "departement": "departement", "status": "status"},
)

directory_proposals = table(
    "directory_proposals",
    Column("kind", String(16), nullable=False),  # new | update | confirmation
    reference("entry_id", "directory_entries.id", ondelete="SET NULL", nullable=True),
    Column("carnet_id", Integer, ForeignKey(carnets.c.id, ondelete="SET NULL"), nullable=True),
    Column("actor_id", String(32), nullable=False, server_default=""),
    Column("name", String(150), nullable=False),
    Column("category", String(40), nullable=False),
    *_place_columns(),
    Column("description", Text, nullable=False, server_default=""),
    Column("language", String(2), nullable=False, server_default="fr"),
    Column("licence", String(20), nullable=False),
    # pending | published | refused | withdrawn | confirmed
    Column("status", String(16), nullable=False),
    Column("reason", String(300), nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    # A trainer's pre-approval (migration 0005): which class, when. Deleting the class clears
    # it; it never publishes anything (moderators decide).
    reference(
        "preapproved_class_id",
        "classes.id",
        ondelete="SET NULL",
        nullable=True,
        fk="fk_directory_proposals_preapproved_class",
    ),
    Column("preapproved_at", DateTime(timezone=True), nullable=True),
    indexes={
        "carnet": "carnet_id",
        "status": "status",
        "preapproved_class": "preapproved_class_id",
    },
)

directory_reports = table(
    "directory_reports",
    reference("entry_id", "directory_entries.id", ondelete="CASCADE", nullable=False),
    Column("reason", String(32), nullable=False),
    Column("text", String(300), nullable=False, server_default=""),
    Column("status", String(16), nullable=False),  # open | upheld | dismissed
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=True),
    indexes={"entry": "entry_id"},
)

directory_decisions = table(
    "directory_decisions",
    reference("entry_id", "directory_entries.id", ondelete="SET NULL", nullable=True),
    reference("proposal_id", "directory_proposals.id", ondelete="SET NULL", nullable=True),
    reference("report_id", "directory_reports.id", ondelete="SET NULL", nullable=True),
    Column("action", String(24), nullable=False),
    Column("detail", Text, nullable=False, server_default="{}"),
    Column("moderator", String(64), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    indexes={"entry": "entry_id"},
)

ENTRY_FIELDS = tuple(c.name for c in directory_entries.columns)
PROPOSAL_FIELDS = tuple(c.name for c in directory_proposals.columns)
VISIBLE = ("published", "reported")


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _stamp() -> datetime:
    """``updated_at`` keeps microseconds: it is part of the directory's version."""
    return datetime.now(UTC)


def _aware(value: Any) -> Any:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


@dataclass(frozen=True)
class PlacedRow:
    """The place fields an entry and a proposal share (the columns of ``_place_columns``)."""

    commune: str
    insee: str
    departement: str
    region: str
    region_code: str
    address: str
    website: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class EntryRow(PlacedRow):
    id: int
    seed_id: str | None
    name: str
    category: str
    network: str
    description_fr: str
    description_en: str
    source_kind: str
    source_url: str
    source_title: str
    status: str
    confirmations: int
    last_confirmed: date | None
    moderated_at: datetime | None
    created_at: datetime
    updated_at: datetime

    def description(self, lang: str) -> str:
        first, second = (
            (self.description_en, self.description_fr)
            if lang == "en"
            else (self.description_fr, self.description_en)
        )
        return first or second


@dataclass(frozen=True)
class ProposalRow(PlacedRow):
    id: int
    kind: str
    entry_id: int | None
    carnet_id: int | None
    actor_id: str
    name: str
    category: str
    description: str
    language: str
    licence: str
    status: str
    reason: str
    created_at: datetime
    decided_at: datetime | None
    preapproved_class_id: int | None = None
    preapproved_at: datetime | None = None

    @property
    def preapproved(self) -> bool:
        return self.preapproved_class_id is not None


@dataclass(frozen=True)
class ReportRow:
    id: int
    entry_id: int
    reason: str
    text: str
    status: str
    created_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True)
class DecisionRow:
    id: int
    entry_id: int | None
    proposal_id: int | None
    report_id: int | None
    action: str
    detail: dict[str, Any]
    moderator: str
    decided_at: datetime


def _entry(row: Any) -> EntryRow:
    values = {name: _aware(row[name]) for name in ENTRY_FIELDS}
    return EntryRow(**values)


def _proposal(row: Any) -> ProposalRow:
    values = {name: _aware(row[name]) for name in PROPOSAL_FIELDS}
    return ProposalRow(**values)


def _report(row: Any) -> ReportRow:
    return ReportRow(**{c.name: _aware(row[c.name]) for c in directory_reports.columns})


def _decision(row: Any) -> DecisionRow:
    values = {c.name: _aware(row[c.name]) for c in directory_decisions.columns}
    values["detail"] = json.loads(values["detail"] or "{}")
    return DecisionRow(**values)


class DirectoryStore:
    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.engine = engine or database.make_engine(url)
        database.upgrade(self.engine)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as conn:
            yield conn

    @contextmanager
    def _use(self, tx: Connection | None) -> Iterator[Connection]:
        if tx is not None:
            yield tx
        else:
            with self.engine.begin() as conn:
                yield conn

    def _insert(self, table: Table, values: Mapping[str, Any], tx: Connection | None) -> int:
        with self._use(tx) as conn:
            return int(
                conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()
            )

    def _update(
        self, table: Table, row_id: int, values: Mapping[str, Any], tx: Connection | None
    ) -> None:
        with self._use(tx) as conn:
            conn.execute(update(table).where(table.c.id == row_id).values(**values))

    def _select(
        self, table: Table, conditions: Mapping[str, Any], tx: Connection | None
    ) -> list[Any]:
        """Rows of ``table`` whose columns equal ``conditions`` (None: any; a list: one of),
        oldest first."""
        query = select(table).order_by(table.c.created_at, table.c.id)
        for name, value in conditions.items():
            if value is None:
                continue
            column = table.c[name]
            query = query.where(
                column.in_(list(value)) if isinstance(value, list) else column == value
            )
        with self._use(tx) as conn:
            return list(conn.execute(query).mappings())

    def _count_since(
        self, table: Table, column: str, value: int, since: datetime, tx: Connection | None
    ) -> int:
        with self._use(tx) as conn:
            return int(
                conn.execute(
                    select(func.count()).where(
                        table.c[column] == value, table.c.created_at >= since
                    )
                ).scalar_one()
            )

    # ------------------------------------------------------------------------------ entries

    def version(self) -> tuple[int, str]:
        """Changes whenever an entry is added or changed: (count, latest update)."""
        with self.engine.connect() as conn:
            count, latest = conn.execute(
                select(func.count(), func.max(directory_entries.c.updated_at))
            ).one()
        return int(count), str(latest)

    def insert_entry(self, values: Mapping[str, Any], tx: Connection | None = None) -> int:
        stamp = _stamp()
        return self._insert(
            directory_entries, {"created_at": stamp, "updated_at": stamp, **values}, tx
        )

    def insert_entries(
        self, rows: Sequence[Mapping[str, Any]], tx: Connection | None = None
    ) -> None:
        if not rows:
            return
        stamp = _stamp()
        with self._use(tx) as conn:
            conn.execute(
                insert(directory_entries),
                [{"created_at": stamp, "updated_at": stamp, **row} for row in rows],
            )

    def update_entry(
        self, entry_id: int, values: Mapping[str, Any], tx: Connection | None = None
    ) -> None:
        self._update(directory_entries, entry_id, {"updated_at": _stamp(), **values}, tx)

    def entry(self, entry_id: int, tx: Connection | None = None) -> EntryRow | None:
        with self._use(tx) as conn:
            row = (
                conn.execute(select(directory_entries).where(directory_entries.c.id == entry_id))
                .mappings()
                .first()
            )
        return None if row is None else _entry(row)

    def entries(
        self,
        *,
        visible_only: bool = True,
        region_code: str | None = None,
        tx: Connection | None = None,
    ) -> list[EntryRow]:
        query = select(directory_entries).order_by(directory_entries.c.id)
        if visible_only:
            query = query.where(directory_entries.c.status.in_(VISIBLE))
        if region_code is not None:
            query = query.where(directory_entries.c.region_code == region_code)
        with self._use(tx) as conn:
            return [_entry(row) for row in conn.execute(query).mappings()]

    def nearby(self, departement: str, region_code: str) -> list[tuple[int, str, str, str]]:
        """(id, category, département, région) of the visible entries of a département or a
        région: what the suggestions are grouped from (indexed columns, a few columns)."""
        c = directory_entries.c
        conditions = []
        if departement:
            conditions.append(c.departement == departement)
        if region_code:
            conditions.append(c.region_code == region_code)
        if not conditions:
            return []
        query = (
            select(c.id, c.category, c.departement, c.region_code)
            .where(c.status.in_(VISIBLE), or_(*conditions))
            .order_by(c.confirmations.desc(), c.name, c.id)
        )
        with self.engine.connect() as conn:
            return [(int(r[0]), r[1], r[2], r[3]) for r in conn.execute(query)]

    def entries_by_id(self, ids: Sequence[int]) -> dict[int, EntryRow]:
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(directory_entries).where(directory_entries.c.id.in_(list(ids)))
            ).mappings()
            return {int(r["id"]): _entry(r) for r in rows}

    def seeded(self, tx: Connection | None = None) -> dict[str, EntryRow]:
        with self._use(tx) as conn:
            rows = conn.execute(
                select(directory_entries).where(directory_entries.c.seed_id.is_not(None))
            ).mappings()
            return {r["seed_id"]: _entry(r) for r in rows}

    def same_commune(
        self, insee: str, commune: str, tx: Connection | None = None
    ) -> list[EntryRow]:
        """Visible entries of a commune (by INSEE code, or by name when there is none)."""
        c = directory_entries.c
        condition = c.insee == insee if insee else func.lower(c.commune) == commune.lower()
        with self._use(tx) as conn:
            rows = conn.execute(
                select(directory_entries).where(c.status.in_(VISIBLE), condition)
            ).mappings()
            return [_entry(r) for r in rows]

    # ---------------------------------------------------------------------------- proposals

    def insert_proposal(self, values: Mapping[str, Any], tx: Connection | None = None) -> int:
        return self._insert(directory_proposals, {"created_at": now(), **values}, tx)

    def update_proposal(
        self, proposal_id: int, values: Mapping[str, Any], tx: Connection | None = None
    ) -> None:
        self._update(directory_proposals, proposal_id, values, tx)

    def proposal(self, proposal_id: int, tx: Connection | None = None) -> ProposalRow | None:
        with self._use(tx) as conn:
            row = (
                conn.execute(
                    select(directory_proposals).where(directory_proposals.c.id == proposal_id)
                )
                .mappings()
                .first()
            )
        return None if row is None else _proposal(row)

    def proposals(
        self,
        *,
        carnet_ids: Sequence[int] | None = None,
        status: str | None = None,
        entry_id: int | None = None,
        tx: Connection | None = None,
    ) -> list[ProposalRow]:
        conditions = {
            "carnet_id": None if carnet_ids is None else list(carnet_ids),
            "status": status,
            "entry_id": entry_id,
        }
        return [_proposal(r) for r in self._select(directory_proposals, conditions, tx)]

    def set_preapproval(
        self, proposal_id: int, class_id: int | None, tx: Connection | None = None
    ) -> None:
        """Mark a proposal pre-approved by a class (None: undo)."""
        self.update_proposal(
            proposal_id,
            {
                "preapproved_class_id": class_id,
                "preapproved_at": None if class_id is None else now(),
            },
            tx,
        )

    def clear_preapprovals(self, class_id: int, carnet_id: int) -> int:
        """Undo a class's pre-approvals of a carnet's pending proposals (the learner left the
        class or stopped sharing their actors); how many were cleared."""
        c = directory_proposals.c
        with self.engine.begin() as conn:
            result = conn.execute(
                update(directory_proposals)
                .where(
                    c.carnet_id == carnet_id,
                    c.preapproved_class_id == class_id,
                    c.status == "pending",
                )
                .values(preapproved_class_id=None, preapproved_at=None)
            )
        return int(result.rowcount)

    def class_names(self, class_ids: Sequence[int]) -> dict[int, str]:
        """The names of the classes that pre-approved proposals (the moderation badge)."""
        if not class_ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(classes.c.id, classes.c.name).where(classes.c.id.in_(list(class_ids)))
            )
            return {int(r[0]): str(r[1]) for r in rows}

    def proposals_since(self, carnet_id: int, since: datetime, tx: Connection | None = None) -> int:
        return self._count_since(directory_proposals, "carnet_id", carnet_id, since, tx)

    def confirmed_by(self, entry_id: int, carnet_id: int, tx: Connection | None = None) -> bool:
        """Whether this carnet already counts among the entry's confirmations."""
        c = directory_proposals.c
        with self._use(tx) as conn:
            found = conn.execute(
                select(c.id).where(
                    c.entry_id == entry_id,
                    c.carnet_id == carnet_id,
                    c.status.in_(("published", "confirmed")),
                )
            ).first()
        return found is not None

    # ------------------------------------------------------------------------------ reports

    def insert_report(self, values: Mapping[str, Any], tx: Connection | None = None) -> int:
        return self._insert(
            directory_reports, {"created_at": now(), "status": "open", **values}, tx
        )

    def reports(
        self,
        *,
        status: str | None = "open",
        entry_id: int | None = None,
        tx: Connection | None = None,
    ) -> list[ReportRow]:
        conditions = {"status": status, "entry_id": entry_id}
        return [_report(r) for r in self._select(directory_reports, conditions, tx)]

    def reports_since(self, entry_id: int, since: datetime, tx: Connection | None = None) -> int:
        return self._count_since(directory_reports, "entry_id", entry_id, since, tx)

    def close_reports(self, entry_id: int, status: str, tx: Connection | None = None) -> list[int]:
        c = directory_reports.c
        with self._use(tx) as conn:
            ids = [
                int(r[0])
                for r in conn.execute(
                    select(c.id).where(and_(c.entry_id == entry_id, c.status == "open"))
                )
            ]
            if ids:
                conn.execute(
                    update(directory_reports)
                    .where(c.id.in_(ids))
                    .values(status=status, decided_at=now())
                )
        return ids

    # ---------------------------------------------------------------------------- decisions

    def log(
        self,
        action: str,
        moderator: str,
        *,
        entry_id: int | None = None,
        proposal_id: int | None = None,
        report_id: int | None = None,
        detail: Mapping[str, Any] | None = None,
        tx: Connection | None = None,
    ) -> None:
        with self._use(tx) as conn:
            conn.execute(
                insert(directory_decisions).values(
                    entry_id=entry_id,
                    proposal_id=proposal_id,
                    report_id=report_id,
                    action=action,
                    detail=json.dumps(dict(detail or {}), ensure_ascii=False, default=str),
                    moderator=moderator,
                    decided_at=now(),
                )
            )

    def history(self, entry_id: int) -> list[DecisionRow]:
        c = directory_decisions.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(directory_decisions)
                .where(c.entry_id == entry_id)
                .order_by(c.decided_at, c.id)
            ).mappings()
            return [_decision(r) for r in rows]

    def decisions(self) -> list[DecisionRow]:
        c = directory_decisions.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(directory_decisions).order_by(c.decided_at, c.id))
            return [_decision(r) for r in rows.mappings()]


def day_ago() -> datetime:
    return now() - timedelta(days=1)
