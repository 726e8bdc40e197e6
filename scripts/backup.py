"""Back up the app's database, or restore a backup: one command, two subcommands.

    python scripts/backup.py backup  backups/carnets-$(date +%F).bak
    python scripts/backup.py restore backups/carnets-2026-12-06.bak

The database is the app's (``DATABASE_URL``, else ``CARNET_DB_PATH``), or ``--url``. SQLite is
copied with SQLite's online backup API (safe while the app runs); PostgreSQL with ``pg_dump -Fc``
and ``pg_restore``. Restoring replaces what the target database holds: stop the app servers
first. The app migrates the restored database to its own schema version when it starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from adapters.storage import backup as backups
from adapters.storage.database import database_url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="database URL (default: DATABASE_URL, else CARNET_DB_PATH)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("backup", help="write a backup file").add_argument("file", type=Path)
    commands.add_parser("restore", help="restore a backup file").add_argument("file", type=Path)
    args = parser.parse_args(argv)
    url = args.url or database_url()
    try:
        if args.command == "backup":
            backups.backup(url, args.file)
            print(f"backup written to {args.file}")
        else:
            backups.restore(url, args.file)
            print(f"backup {args.file} restored")
    except backups.BackupError as problem:
        print(f"backup: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
