"""Schema migrations (Alembic): a database made before migrations keeps its carnets, every
revision upgrades and downgrades, and the tables the code declares equal what the migrations
make (on SQLite and on PostgreSQL)."""

from datetime import UTC, datetime

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, Table, inspect, text

from adapters.storage import database
from adapters.storage.carnets import CarnetStore
from adapters.storage.schema import metadata
from domain.models import Carnet, Project


def baseline_carnets_table(engine: Engine, *, stamped: bool = True) -> Table:
    """Bring ``engine`` to the baseline revision (the carnets table exactly as
    ``metadata.create_all`` made it before migrations) and return that table as the
    database holds it. ``stamped=False`` also drops Alembic's version table: a database
    made before migrations."""
    database.upgrade(engine, database.BASELINE_REVISION, force=True)
    if not stamped:
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE alembic_version"))
    return Table("carnets", MetaData(), autoload_with=engine)


def insert_legacy_carnet(
    engine: Engine, table: Table, token: str, carnet: Carnet, version: int
) -> int:
    """Write one carnet row the way the code before migrations did; return its id."""
    row = {"token": token, "version": version, "data": carnet.model_dump_json()}
    row["created_at"] = row["updated_at"] = datetime.now(UTC)
    with engine.begin() as conn:
        return int(conn.execute(table.insert().values(row).returning(table.c.id)).scalar_one())


def head() -> str:
    return ScriptDirectory.from_config(database.alembic_config()).get_current_head()


def test_one_head_and_a_linear_history():
    script = ScriptDirectory.from_config(database.alembic_config())
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    assert revisions[-1].revision == database.BASELINE_REVISION


def test_a_database_made_before_migrations_keeps_its_carnets(blank_engine):
    table = baseline_carnets_table(blank_engine, stamped=False)
    carnet = Carnet(project=Project(name="Recyclerie « La Boucle »"))
    insert_legacy_carnet(blank_engine, table, "legacy-token-0123456789abcdef", carnet, 3)
    store = CarnetStore(engine=blank_engine)  # migrates at start
    assert database.current_revision(blank_engine) == head()
    loaded = store.load("legacy-token-0123456789abcdef")
    assert loaded.carnet.project.name == "Recyclerie « La Boucle »"
    assert loaded.version == 3
    saved = store.save(loaded.token, loaded.carnet, expected_version=3)
    assert saved.version == 4


def test_tables_and_migrations_agree(db_engine):
    with db_engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], f"the tables and the migrations disagree: {diff}"


def test_every_revision_downgrades_and_upgrades_again(blank_engine):
    database.upgrade(blank_engine, force=True)
    with blank_engine.begin() as conn:
        config = database.alembic_config(conn)
        command.downgrade(config, "base")
    assert set(inspect(blank_engine).get_table_names()) <= {"alembic_version"}
    database.upgrade(blank_engine, force=True)
    assert database.current_revision(blank_engine) == head()
    assert set(metadata.tables) <= set(inspect(blank_engine).get_table_names())


def test_the_app_migrates_once_per_engine(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(database.command, "upgrade", lambda *a, **k: calls.append(a))
    engine = database.make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    CarnetStore(engine=engine)
    CarnetStore(engine=engine)
    assert len(calls) == 1


def test_the_directory_migration_upgrades_a_database_holding_carnets(blank_engine):
    """A database at revision 0001 with carnets (made before the directory): after the
    upgrade the carnets load, and a proposal refers to one of them by its row id."""
    from adapters.storage.directory import DirectoryStore
    from domain.catalogue import load_categories
    from domain.directory import Place
    from domain.models import Actor
    from services import directory as svc

    table = baseline_carnets_table(blank_engine)
    carnet = Carnet(
        project=Project(name="Avant l’annuaire"), actors=[Actor(name="CRESS", category="cress")]
    )
    row_id = insert_legacy_carnet(
        blank_engine, table, "before-directory-0123456789abcdef", carnet, 2
    )
    assert "directory_entries" not in inspect(blank_engine).get_table_names()
    store = CarnetStore(engine=blank_engine)
    database.upgrade(blank_engine, force=True)
    assert database.current_revision(blank_engine) == head()
    loaded = store.load("before-directory-0123456789abcdef")
    assert loaded.carnet.project.name == "Avant l’annuaire" and loaded.id == row_id
    directory = DirectoryStore(engine=blank_engine)
    categories = [c.id for c in load_categories()]
    fields = svc.preview(
        loaded.carnet.actors[0], Place(commune="Rennes", insee="35238"), "", categories
    )
    outcome = svc.propose(
        directory,
        carnet_id=row_id,
        actor_id=loaded.carnet.actors[0].id,
        fields=fields,
        language="fr",
        consent=True,
    )
    assert directory.proposal(outcome.proposal_id).carnet_id == row_id


def test_the_preapproval_migration_keeps_existing_proposals(blank_engine):
    """A database at 0004 holding a carnet and its proposal: after 0005 the proposal keeps
    every value and is not pre-approved; a class can then pre-approve it, and deleting the
    class clears the pre-approval (ON DELETE SET NULL) but keeps the proposal."""
    from sqlalchemy import delete, func, insert, select

    from adapters.storage.classes import ClassStore, classes
    from adapters.storage.directory import DirectoryStore

    database.upgrade(blank_engine, "0004", force=True)
    old = MetaData()
    carnets_0004 = Table("carnets", old, autoload_with=blank_engine)
    proposals_0004 = Table("directory_proposals", old, autoload_with=blank_engine)
    assert "preapproved_class_id" not in proposals_0004.c
    now = datetime.now(UTC)
    with blank_engine.begin() as conn:
        carnet_id = conn.execute(
            carnets_0004.insert()
            .values(
                token="before-preapproval-0123456789abcdef",
                version=1,
                data=Carnet().model_dump_json(),
                created_at=now,
                updated_at=now,
            )
            .returning(carnets_0004.c.id)
        ).scalar_one()
        proposal_id = conn.execute(
            insert(proposals_0004)
            .values(
                kind="new",
                carnet_id=carnet_id,
                actor_id="a1",
                name="Ressourcerie « Avant »",
                category="cress",
                commune="Valence",
                licence="ODbL-1.0",
                status="pending",
                created_at=now,
            )
            .returning(proposals_0004.c.id)
        ).scalar_one()
    database.upgrade(blank_engine, force=True)
    assert database.current_revision(blank_engine) == head()
    store = DirectoryStore(engine=blank_engine)
    kept = store.proposal(proposal_id)
    assert kept is not None
    assert (kept.name, kept.carnet_id, kept.status) == (
        "Ressourcerie « Avant »",
        carnet_id,
        "pending",
    )
    assert kept.preapproved_class_id is None and kept.preapproved_at is None

    made = ClassStore(engine=blank_engine).create(
        name="Classe", territory="", end_date=None, code="KMQ7PA", trainer_token="t" * 43
    )
    store.set_preapproval(proposal_id, made.id)
    assert store.proposal(proposal_id).preapproved_class_id == made.id
    with blank_engine.begin() as conn:
        conn.execute(delete(classes).where(classes.c.id == made.id))
    after = store.proposal(proposal_id)
    assert after is not None and after.preapproved_class_id is None
    with blank_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(proposals_0004)).scalar_one() == 1
