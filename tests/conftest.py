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


@pytest.fixture
def carnet_store(db_engine):
    """The carnets' store on a migrated database (SQLite and PostgreSQL)."""
    from adapters.storage.carnets import CarnetStore

    return CarnetStore(engine=db_engine)


@pytest.fixture
def tab(carnet_store):
    """A tab's carnet session (``services.carnet_session``) holding a new, empty carnet; its
    slots are a plain dict where the app has ``st.session_state``."""
    from services import carnets
    from services.carnet_session import CarnetSession

    session = CarnetSession({}, carnet_store)
    carnets.create(session, "fr")
    return session
