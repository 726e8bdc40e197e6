"""The project's stakeholders (activity 1 of the course) and the power / interest grid. Pure.

The grid is the classic power / interest matrix (Mendelow): each stakeholder has a power level
and an interest level from 1 (low) to ``GRID_LEVELS`` (high); the upper half of each scale is
« high ». The four quadrants and what the learner does with each:

| power \\ interest | low                      | high                        |
| ---------------- | ------------------------ | --------------------------- |
| high             | ``keep_satisfied``       | ``key_players``             |
| low              | ``monitor``              | ``keep_informed``           |

Carnet changes mutate the carnet they are given (the draft copy of
``components.state.update``). Support actors may be linked to the stakeholders they help reach
(``Actor.reaches``); deleting a stakeholder removes its id from every actor (no dangling link).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from domain.models import (
    GRID_LEVELS,
    Actor,
    Carnet,
    Stakeholder,
    StakeholderFamily,
    edit_fields,
)

__all__ = [
    "EDITABLE_FIELDS",
    "HIGH_FROM",
    "LEVELS",
    "Quadrant",
    "StakeholderNotFound",
    "add_stakeholder",
    "delete_stakeholder",
    "drop_dangling_links",
    "edit_stakeholder",
    "find_stakeholder",
    "grid_rows",
    "quadrant",
    "reached_by",
    "set_position",
    "set_reaches",
    "stakeholder_quadrant",
]

LEVELS = tuple(range(1, GRID_LEVELS + 1))
HIGH_FROM = GRID_LEVELS // 2 + 1  # 3 on a 1–4 scale: 3 and 4 are « high »
EDITABLE_FIELDS = ("name", "family", "interest", "influence", "expectations")

K = TypeVar("K", bound=Hashable)


class Quadrant(StrEnum):
    """Where a stakeholder sits on the grid, in the order the grid is read (key players first)."""

    KEY_PLAYERS = "key_players"  # high power, high interest: manage closely
    KEEP_SATISFIED = "keep_satisfied"  # high power, low interest
    KEEP_INFORMED = "keep_informed"  # low power, high interest
    MONITOR = "monitor"  # low power, low interest


class StakeholderNotFound(LookupError):
    """No stakeholder with this id (deleted meanwhile, e.g. in another tab)."""


def _level(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in LEVELS:
        raise ValueError(f"a grid level is an integer from 1 to {GRID_LEVELS}: {value!r}")
    return value


def quadrant(power_level: int, interest_level: int) -> Quadrant:
    high_power = _level(power_level) >= HIGH_FROM
    high_interest = _level(interest_level) >= HIGH_FROM
    if high_power:
        return Quadrant.KEY_PLAYERS if high_interest else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if high_interest else Quadrant.MONITOR


def stakeholder_quadrant(stakeholder: Stakeholder) -> Quadrant:
    return quadrant(stakeholder.power_level, stakeholder.interest_level)


# ------------------------------------------------------------------------------ carnet changes


def find_stakeholder(carnet: Carnet, stakeholder_id: str) -> Stakeholder:
    found = carnet.stakeholder(stakeholder_id)
    if found is None:
        raise StakeholderNotFound(stakeholder_id)
    return found


def add_stakeholder(
    carnet: Carnet,
    *,
    name: str,
    family: str = "other",
    power_level: int = 2,
    interest_level: int = 2,
    **details: str,
) -> Stakeholder:
    """Append a stakeholder (validated now). ``details``: interest, influence, expectations."""
    unknown = set(details) - {"interest", "influence", "expectations"}
    if unknown:
        raise TypeError(f"unknown stakeholder fields: {sorted(unknown)}")
    stakeholder = Stakeholder(
        name=name,
        family=StakeholderFamily(family),
        power_level=_level(power_level),
        interest_level=_level(interest_level),
        **details,
    )
    carnet.stakeholders.append(stakeholder)
    return stakeholder


def edit_stakeholder(carnet: Carnet, stakeholder_id: str, **fields: Any) -> Stakeholder:
    """Change some of ``EDITABLE_FIELDS`` (the position has ``set_position``)."""
    return edit_fields(lambda: find_stakeholder(carnet, stakeholder_id), fields, EDITABLE_FIELDS)


def set_position(
    carnet: Carnet, stakeholder_id: str, *, power_level: int, interest_level: int
) -> Stakeholder:
    """Place the stakeholder on the grid (both levels from 1 to ``GRID_LEVELS``)."""
    stakeholder = find_stakeholder(carnet, stakeholder_id)
    stakeholder.power_level = _level(power_level)
    stakeholder.interest_level = _level(interest_level)
    return stakeholder


def delete_stakeholder(carnet: Carnet, stakeholder_id: str) -> Stakeholder:
    """Remove the stakeholder, and its id from every actor's ``reaches``."""
    stakeholder = find_stakeholder(carnet, stakeholder_id)
    carnet.stakeholders = [s for s in carnet.stakeholders if s.id != stakeholder_id]
    drop_dangling_links(carnet)
    return stakeholder


def drop_dangling_links(carnet: Carnet) -> int:
    """Remove from the actors' ``reaches`` every id that names no stakeholder; how many."""
    known = {s.id for s in carnet.stakeholders}
    dropped = 0
    for actor in carnet.actors:
        kept = [sid for sid in actor.reaches if sid in known]
        if len(kept) != len(actor.reaches):
            dropped += len(actor.reaches) - len(kept)
            actor.reaches = kept
    return dropped


def set_reaches(carnet: Carnet, actor_id: str, stakeholder_ids: Iterable[str]) -> Actor:
    """The stakeholders this actor helps reach, in the carnet's order, without repeats.

    Raises ``LookupError`` (``StakeholderNotFound``) for an id that names no stakeholder, and
    ``LookupError`` for an unknown actor.
    """
    actor = carnet.actor(actor_id)
    if actor is None:
        raise LookupError(actor_id)
    wanted = set(stakeholder_ids)
    known = [s.id for s in carnet.stakeholders]
    missing = wanted - set(known)
    if missing:
        raise StakeholderNotFound(sorted(missing)[0])
    actor.reaches = [sid for sid in known if sid in wanted]
    return actor


def reached_by(carnet: Carnet, stakeholder_id: str) -> list[Actor]:
    """The support actors the learner linked to this stakeholder, in the carnet's order."""
    return [a for a in carnet.actors if stakeholder_id in a.reaches]


# ------------------------------------------------------------------------------------- views


@dataclass(frozen=True)
class GridRow:
    """One stakeholder as the table (the grid's alternative) shows it."""

    id: str
    name: str
    family: str
    power_level: int
    interest_level: int
    quadrant: Quadrant
    reached_by: tuple[str, ...]  # names of the support actors linked to it


def grid_rows(carnet: Carnet, stakeholders: Sequence[Stakeholder] | None = None) -> list[GridRow]:
    """The stakeholders, quadrant by quadrant (key players first), in carnet order within one."""
    items = carnet.stakeholders if stakeholders is None else stakeholders
    order = {q: i for i, q in enumerate(Quadrant)}
    ranked = sorted(
        enumerate(items), key=lambda pair: (order[stakeholder_quadrant(pair[1])], pair[0])
    )
    return [
        GridRow(
            id=s.id,
            name=s.name,
            family=s.family.value,
            power_level=s.power_level,
            interest_level=s.interest_level,
            quadrant=stakeholder_quadrant(s),
            reached_by=tuple(a.name for a in reached_by(carnet, s.id)),
        )
        for _, s in ranked
    ]


def around_cells(
    cells: Iterable[tuple[K, tuple[int, int]]], start: float
) -> dict[K, tuple[tuple[int, int], float | None]]:
    """Each stakeholder's (interest, power) cell, with the angle at which it sits on a small
    circle around the cell's centre when several share the cell (``None`` when alone): the
    first at ``start``, the others evenly after it. One rule for the grid and its SVG export."""
    shared: dict[tuple[int, int], list[K]] = defaultdict(list)
    for key, cell in cells:
        shared[cell].append(key)
    return {
        key: (cell, None if len(keys) == 1 else start + 2 * math.pi * index / len(keys))
        for cell, keys in shared.items()
        for index, key in enumerate(keys)
    }
