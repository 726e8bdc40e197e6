"""A throw-away folder and carnets database for a benchmark that starts app servers."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def bench_workspace(prefix: str) -> tuple[Path, Path, dict[str, str], Any]:
    """A temporary folder (removed at exit), its SQLite carnets file, the environment of the app
    servers started from here (that file, no tiles, no online geocoder; also set in this
    process), and the store on that file."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    db = work / "carnets.sqlite3"
    env = {"CARNET_DB_PATH": str(db), "ALLIANCES_TILES": "none", "ALLIANCES_GEOCODER": "off"}
    os.environ.update(env)
    from adapters.storage.carnets import CarnetStore

    return work, db, env, CarnetStore(f"sqlite:///{db}")
