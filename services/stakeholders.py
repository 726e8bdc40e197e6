"""Use cases of the « Parties prenantes » step: add, edit, delete a stakeholder of the project,
place it on the power / interest grid, link a support actor to the stakeholders it helps reach.

Each function is a change of the carnet: it mutates the draft it is given (the copy that
``components.state.update`` validates and saves) and raises a ``ServiceError`` with the key of
its message when the learner's request cannot be done. Field limits (a name too long...) are
the model's: pydantic's ``ValidationError`` goes through, explained by the caller.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain import stakeholders as rules
from domain.models import GRID_LEVELS, Carnet, StakeholderFamily
from domain.text import clean_text
from services.errors import Invalid, NotFound

__all__ = ["add", "delete", "edit", "link_actor", "place"]


def _name(name: str) -> str:
    cleaned = clean_text(name or "")
    if not cleaned:
        raise Invalid("stakeholders.error.name_required")
    return cleaned


def _family(family: str | None) -> str:
    if family is None:
        return StakeholderFamily.OTHER.value
    if family not in {f.value for f in StakeholderFamily}:
        raise Invalid("stakeholders.error.family")
    return family


def _texts(name: str, family: str | None, **details: str) -> dict[str, str]:
    """The checked name and family of a stakeholder, with its other texts (interest, influence,
    expectations): what ``add`` and ``edit`` write."""
    return {"name": _name(name), "family": _family(family), **details}


def _levels(power_level: int, interest_level: int) -> tuple[int, int]:
    for value in (power_level, interest_level):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= GRID_LEVELS:
            raise Invalid("stakeholders.error.level", max=GRID_LEVELS)
    return power_level, interest_level


def add(
    carnet: Carnet,
    *,
    name: str,
    family: str | None = None,
    power_level: int = 2,
    interest_level: int = 2,
    interest: str = "",
    influence: str = "",
    expectations: str = "",
) -> str:
    """Add a stakeholder; returns its id."""
    power_level, interest_level = _levels(power_level, interest_level)
    texts = _texts(name, family, interest=interest, influence=influence, expectations=expectations)
    return rules.add_stakeholder(
        carnet, power_level=power_level, interest_level=interest_level, **texts
    ).id


def edit(
    carnet: Carnet,
    stakeholder_id: str,
    *,
    name: str,
    family: str | None,
    interest: str = "",
    influence: str = "",
    expectations: str = "",
) -> None:
    try:
        rules.edit_stakeholder(
            carnet,
            stakeholder_id,
            **_texts(
                name, family, interest=interest, influence=influence, expectations=expectations
            ),
        )
    except rules.StakeholderNotFound:
        raise NotFound("stakeholders.error.not_found") from None


def place(carnet: Carnet, stakeholder_id: str, *, power_level: int, interest_level: int) -> None:
    """Set the stakeholder's position on the grid."""
    power_level, interest_level = _levels(power_level, interest_level)
    try:
        rules.set_position(
            carnet, stakeholder_id, power_level=power_level, interest_level=interest_level
        )
    except rules.StakeholderNotFound:
        raise NotFound("stakeholders.error.not_found") from None


def delete(carnet: Carnet, stakeholder_id: str) -> str:
    """Delete the stakeholder (and its links from the actors); returns its name."""
    try:
        return str(rules.delete_stakeholder(carnet, stakeholder_id).name)
    except rules.StakeholderNotFound:
        raise NotFound("stakeholders.error.not_found") from None


def link_actor(carnet: Carnet, actor_id: str, stakeholder_ids: Iterable[str]) -> None:
    """The stakeholders this support actor helps reach (replaces the previous links)."""
    if carnet.actor(actor_id) is None:
        raise NotFound("actors.error.not_found")
    try:
        rules.set_reaches(carnet, actor_id, stakeholder_ids)
    except rules.StakeholderNotFound:
        raise NotFound("stakeholders.error.not_found") from None
