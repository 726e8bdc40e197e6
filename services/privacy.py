"""Personal data (RGPD): a learner deletes their carnet; carnets untouched for longer than the
retention period are deleted; a private link says whether its carnet was deleted.

The retention periods are the deployer's (environment variables, read by ``retention``):
``CARNET_RETENTION_DAYS`` (default 365) for carnets, ``CLASS_RETENTION_DAYS`` (default 30 days after a class's end date) for
the class space. « Untouched » means not saved: opening a carnet without changing it does not
count, any change does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from adapters.storage.erasure import REASON_RETENTION
from services import classes
from services.errors import Invalid, NotFound
from services.stores import Stores

DEFAULT_RETENTION_DAYS = 365
CARNET_RETENTION_VAR = "CARNET_RETENTION_DAYS"


@dataclass(frozen=True)
class Retention:
    carnet_days: int
    class_days: int  # after the class's end date (``services.classes.retention_days``)


def _days(environ: Mapping[str, str], name: str) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(raw)
    except ValueError:
        raise Invalid("errors.invalid", field=name) from None
    if days < 1:
        raise Invalid("errors.invalid", field=name)
    return days


def retention(environ: Mapping[str, str] | None = None) -> Retention:
    """The retention periods set by the deployer (days, at least 1)."""
    env = os.environ if environ is None else environ
    return Retention(_days(env, CARNET_RETENTION_VAR), classes.retention_days(dict(env)))


class LinkStatus(Enum):
    """What a private link leads to."""

    OPEN = "open"  # a carnet
    DELETED = "deleted"  # deleted by its learner
    EXPIRED = "expired"  # deleted after the retention period
    UNKNOWN = "unknown"  # never existed (or mistyped)


def delete_carnet(stores: Stores, token: str | None) -> None:
    """Delete the carnet of this private link now, with its share link; what refers to it goes
    too (class membership) or forgets it (directory proposals). Raises NotFound."""
    if not token or not stores.erasure.delete(token):
        raise NotFound()


def link_status(stores: Stores, token: str) -> LinkStatus:
    if stores.carnets.version(token) is not None:
        return LinkStatus.OPEN
    tombstone = stores.erasure.tombstone(token) if token else None
    if tombstone is None:
        return LinkStatus.UNKNOWN
    return LinkStatus.EXPIRED if tombstone.reason == REASON_RETENTION else LinkStatus.DELETED


def count_untouched(stores: Stores, days: int, *, now: datetime | None = None) -> int:
    """How many carnets ``purge_untouched`` would delete."""
    moment = now or datetime.now(UTC)
    return stores.erasure.count_untouched_since(moment - timedelta(days=days))


def purge_untouched(stores: Stores, days: int, *, now: datetime | None = None) -> int:
    """Delete the carnets not saved for ``days`` days; returns how many were deleted."""
    if days < 1:
        raise Invalid("errors.invalid", field=CARNET_RETENTION_VAR)
    moment = now or datetime.now(UTC)
    return stores.erasure.delete_untouched_since(moment - timedelta(days=days), today=moment.date())
