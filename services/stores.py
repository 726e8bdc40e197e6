"""The stores of one database, opened together on one engine: what every use case works with.

Each feature adds its store here (carnets, the directory, classes...); tests build the same
bundle on a SQLite file or a PostgreSQL schema."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from adapters.storage import database
from adapters.storage.carnets import CarnetStore, StoredCarnet
from adapters.storage.classes import ClassStore
from adapters.storage.directory import DirectoryStore
from adapters.storage.erasure import ErasureStore

__all__ = ["CarnetStore", "ClassStore", "DirectoryStore", "ErasureStore", "StoredCarnet", "Stores"]


@dataclass(frozen=True)
class Stores:
    engine: Engine
    carnets: CarnetStore
    classes: ClassStore
    directory: DirectoryStore
    erasure: ErasureStore

    @classmethod
    def connect(cls, url: str | None = None, *, engine: Engine | None = None) -> Stores:
        """Open every store on the database of ``url`` (default: the app's), migrated."""
        engine = engine or database.make_engine(url)
        database.upgrade(engine)
        return cls(
            engine=engine,
            carnets=CarnetStore(engine=engine),
            classes=ClassStore(engine=engine),
            directory=DirectoryStore(engine=engine),
            erasure=ErasureStore(engine),
        )
