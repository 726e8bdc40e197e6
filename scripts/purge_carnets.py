"""Delete the carnets nobody has changed for longer than the retention period (RGPD).

Run it daily from cron or a systemd timer, with the app's environment (``DATABASE_URL`` or
``CARNET_DB_PATH``), e.g.::

    17 3 * * *  cd /srv/alliances && .venv/bin/python scripts/purge_carnets.py

The period is ``CARNET_RETENTION_DAYS`` (default 365), or ``--days``. Prints how many carnets
were deleted; ``--dry-run`` only counts them. Exit status 0 on success, 2 on a bad setting.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.commands import retention_parser
from services import privacy
from services.errors import ServiceError
from services.stores import Stores


def main(argv: list[str] | None = None) -> int:
    parser = retention_parser(__doc__, "retention period (default: CARNET_RETENTION_DAYS)")
    parser.add_argument("--url", help="database URL (default: DATABASE_URL, else CARNET_DB_PATH)")
    parser.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    args = parser.parse_args(argv)
    try:
        days = args.days if args.days is not None else privacy.retention().carnet_days
        stores = Stores.connect(args.url)
        if args.dry_run:
            count = privacy.count_untouched(stores, days)
            print(f"{count} carnet(s) untouched for more than {days} days (dry run: kept)")
        else:
            count = privacy.purge_untouched(stores, days)
            print(f"{count} carnet(s) untouched for more than {days} days deleted")
    except ServiceError as problem:
        print(f"purge_carnets: bad setting ({problem.params})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
