"""Alembic environment: the app calls it with a connection (``database.upgrade``); the CLI
(``alembic upgrade head`` at the project's root) connects to ``database_url()``."""

from alembic import context
from sqlalchemy.engine import Connection

from adapters.storage.database import database_url, make_engine
from adapters.storage.schema import metadata

config = context.config


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = make_engine()
        with engine.begin() as own:
            _run(own)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
