"""Every table of the app on one MetaData: what the migrations must produce (used by Alembic's
``env.py`` and by the test that compares tables and migrations)."""

from adapters.storage import (  # noqa: F401  (each declares its tables on ``metadata``)
    carnets,
    classes,
    directory,
    erasure,
)
from adapters.storage.database import metadata

__all__ = ["metadata"]
