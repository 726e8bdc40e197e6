"""Storage on SQLite and on a real PostgreSQL server (TEST_DATABASE_URL, set by .ci/run)."""

import threading

import pytest

from adapters.storage.carnets import CarnetNotFound, CarnetStore, StaleCarnet
from adapters.storage.database import database_url
from domain.models import Actor, Carnet, Project


@pytest.fixture
def store(db_engine):
    return CarnetStore(engine=db_engine)


def test_create_and_load(store):
    carnet = Carnet(project=Project(name="Tiers-lieu « L’Usine »"))
    stored = store.create(carnet)
    assert len(stored.token) >= 43  # 256 random bits
    loaded = store.load(stored.token)
    assert loaded.carnet == carnet and loaded.version == 1


def test_tokens_are_unique_and_random(store):
    tokens = {store.create(Carnet()).token for _ in range(20)}
    assert len(tokens) == 20


def test_unknown_and_malformed_tokens(store):
    for token in ["", "x", "a" * 43, "../../etc/passwd", "'; DROP TABLE carnets; --" + "a" * 30]:
        with pytest.raises(CarnetNotFound):
            store.load(token)


def test_save_increments_the_version(store):
    stored = store.create(Carnet())
    changed = stored.carnet.model_copy(update={"project": Project(name="Nouveau nom")})
    saved = store.save(stored.token, changed, expected_version=1)
    assert saved.version == 2
    assert store.load(stored.token).carnet.project.name == "Nouveau nom"
    assert store.version(stored.token) == 2


def test_two_tabs_never_overwrite_each_other_silently(store):
    stored = store.create(Carnet())
    tab_a = stored.carnet.model_copy(update={"project": Project(name="A")})
    tab_b = stored.carnet.model_copy(update={"project": Project(name="B")})
    store.save(stored.token, tab_a, expected_version=1)
    with pytest.raises(StaleCarnet) as caught:
        store.save(stored.token, tab_b, expected_version=1)
    assert caught.value.current.carnet.project.name == "A"
    assert caught.value.current.version == 2
    assert store.load(stored.token).carnet.project.name == "A"


def test_concurrent_saves_from_threads_keep_exactly_one_winner(store):
    stored = store.create(Carnet())
    outcomes = []

    def save(name):
        try:
            store.save(stored.token, Carnet(project=Project(name=name)), expected_version=1)
            outcomes.append("saved")
        except StaleCarnet:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(f"tab {i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved"] + ["stale"] * 5


def test_share_token_is_distinct_and_revocable(store):
    stored = store.create(Carnet(actors=[Actor(name="CRESS", category="cress")]))
    share = store.enable_sharing(stored.token)
    assert share != stored.token
    assert store.load_shared(share).carnet == stored.carnet
    with pytest.raises(CarnetNotFound):
        store.load_shared(stored.token)
    renewed = store.enable_sharing(stored.token)
    with pytest.raises(CarnetNotFound):
        store.load_shared(share)  # a new link replaces the old one
    store.revoke_sharing(stored.token)
    with pytest.raises(CarnetNotFound):
        store.load_shared(renewed)


def test_large_carnet_round_trips(store):
    actors = [
        Actor(name=f"Acteur {i} – é’œ", category="cress", lat=45 + i / 1000, lon=5)
        for i in range(1000)
    ]
    stored = store.create(Carnet(actors=actors))
    assert store.load(stored.token).carnet.actors == actors


def test_sqlite_file_path_from_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CARNET_DB_PATH", str(tmp_path / "sub" / "c.sqlite3"))
    assert database_url() == f"sqlite:///{tmp_path / 'sub' / 'c.sqlite3'}"
    assert (tmp_path / "sub").is_dir()


def test_postgres_url_gets_the_psycopg_driver(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@localhost/db")
    assert database_url() == "postgresql+psycopg://u:p@localhost/db"


def test_version_through_the_driver_and_through_core_agree(store, monkeypatch):
    from adapters.storage import carnets as storage

    stored = store.create(Carnet())
    share = store.enable_sharing(stored.token)
    store.save(stored.token, Carnet(project=Project(name="v2")), expected_version=1)
    unknown = storage.new_token()
    fast = (
        store.version(stored.token),
        store.version(share, shared=True),
        store.version(unknown),
        store.version(stored.token, shared=True),
    )
    assert fast == (2, 2, None, None)
    monkeypatch.setattr(storage, "_PLACEHOLDERS", {})  # a driver of unknown style: Core
    assert (
        store.version(stored.token),
        store.version(share, shared=True),
        store.version(unknown),
        store.version(stored.token, shared=True),
    ) == fast
    # Not a token: refused before any query (and a token is always a bound parameter).
    assert store.version("x' OR '1'='1" + "a" * 20) is None
