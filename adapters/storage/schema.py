"""Every table of the app on one MetaData: what the migrations must produce (used by Alembic's
``env.py`` and by the test that compares tables and migrations)."""

from adapters.storage import (
    carnets,  # noqa: F401  (declares its tables on ``metadata``)
    erasure,  # noqa: F401
)
from adapters.storage.database import metadata

__all__ = ["metadata"]
