"""Fixtures shared by every test level."""

import pytest

from adapters.storage import database
from tests.databases import any_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def db_engine(request, tmp_path):
    """An engine on an empty database migrated to the latest revision, on SQLite and on
    PostgreSQL (skipped without TEST_DATABASE_URL)."""
    with any_engine(request.param, tmp_path) as engine:
        database.upgrade(engine)
        yield engine


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_engine(request, tmp_path):
    """An engine on an empty database (no table at all), SQLite and PostgreSQL."""
    with any_engine(request.param, tmp_path) as engine:
        yield engine
