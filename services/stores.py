"""The stores of one database, opened together on one engine: what every use case works with.

Each feature adds its store here (carnets, the directory, classes...); tests build the same
bundle on a SQLite file or a PostgreSQL schema."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from adapters.storage import database
from adapters.storage.carnets import CarnetStore
from adapters.storage.erasure import ErasureStore


@dataclass(frozen=True)
class Stores:
    engine: Engine
    carnets: CarnetStore
    erasure: ErasureStore

    @classmethod
    def connect(cls, url: str | None = None, *, engine: Engine | None = None) -> Stores:
        """Open every store on the database of ``url`` (default: the app's), migrated."""
        engine = engine or database.make_engine(url)
        database.upgrade(engine)
        return cls(engine=engine, carnets=CarnetStore(engine=engine), erasure=ErasureStore(engine))
