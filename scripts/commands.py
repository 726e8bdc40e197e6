"""What the maintenance commands of ``scripts/`` share (run them from cron or a systemd timer).

A command run as a script puts the repository root on ``sys.path`` first, then imports
``scripts.commands``.
"""

from __future__ import annotations

import argparse


def retention_parser(doc: str, days_help: str) -> argparse.ArgumentParser:
    """The command line of a daily purge: the first paragraph of its ``doc`` as description,
    and ``--days`` to override the retention period configured by the environment."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--days", type=int, default=None, help=days_help)
    return parser
