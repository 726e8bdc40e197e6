"""Delete the classes whose end date plus the retention period has passed (and, with them,
every membership: what each learner shared). The learners' carnets are theirs and stay.

    python scripts/purge_classes.py              # retention from CLASS_RETENTION_DAYS (30)
    python scripts/purge_classes.py --days 60    # another retention, this run only

Run it daily (cron, a systemd timer, the host's scheduler) with the app's own environment
(``DATABASE_URL`` or ``CARNET_DB_PATH``). Prints how many classes were deleted.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.commands import retention_parser  # noqa: E402
from services.classes import ClassService, retention_days  # noqa: E402
from services.stores import Stores  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = retention_parser(
        __doc__,
        f"days kept after a class's end date (default: CLASS_RETENTION_DAYS, {retention_days()})",
    )
    args = parser.parse_args(argv)
    deleted = ClassService(Stores.connect()).purge_expired(days=args.days)
    print(f"{deleted} class(es) deleted")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
