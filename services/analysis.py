"""Use cases of « Analyse »: the members table (editor and form), the three answers, the tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from domain import analysis
from domain.catalogue import load_typologies
from domain.models import QUESTIONS, Alliance, Carnet, Member
from services.carnet_session import CarnetSession
from services.errors import Invalid, NotFound, Translate

TAG_FIELDS = ("partnership_modes", "coconstruction_forms")


def _alliance(carnet: Carnet) -> Alliance:
    if carnet.alliance is None:
        raise NotFound("errors.no_alliance")
    return carnet.alliance


def members(session: CarnetSession) -> list[Member]:
    carnet = session.carnet
    return list(_alliance(carnet).members) if carnet is not None else []


def edit_members(
    session: CarnetSession,
    delta: Mapping[str, Any] | None,
    *,
    base: Sequence[Member] | None = None,
) -> list[dict[str, Any]]:
    """Apply the members editor's delta (``{"edited_rows", "added_rows", "deleted_rows"}``, by
    row position in the table as shown) to the rows the editor was given (``base``: its
    round's base, the saved members by default); saves what applies and returns what could not
    (``domain.analysis.EditResult.errors``, for ``edit_error_messages``)."""
    rows = list(base) if base is not None else members(session)
    result = analysis.apply_editor_delta(rows, delta)
    session.update(lambda c: setattr(_alliance(c), "members", result.members))
    return result.errors


def save_member(session: CarnetSession, member_id: str | None, values: Mapping[str, Any]) -> None:
    """Add a member (``member_id`` None) or replace one, from the form's fields."""
    fields = {name: values[name] for name in analysis.MEMBER_COLUMNS if name in values}

    def change(carnet: Carnet) -> None:
        listed = _alliance(carnet).members
        if member_id is None:
            listed.append(Member(**fields))
            return
        index = next((i for i, m in enumerate(listed) if m.id == member_id), None)
        if index is None:
            raise LookupError(member_id)
        listed[index] = Member(id=member_id, **fields)

    try:
        session.update(change)
    except LookupError:
        raise NotFound("errors.member_gone") from None


def delete_member(session: CarnetSession, member_id: str) -> None:
    session.update(
        lambda c: setattr(
            _alliance(c), "members", [m for m in _alliance(c).members if m.id != member_id]
        )
    )


def move_member(session: CarnetSession, member_id: str, offset: int) -> None:
    """One place up (−1) or down (+1) in the table."""
    session.update(
        lambda c: setattr(
            _alliance(c), "members", analysis.move_member(_alliance(c).members, member_id, offset)
        )
    )


def draft_offer(carnet: Carnet, question: str, t: Translate) -> str:
    """The draft the page offers for a question: one made from the members table, and only
    while the learner's answer is empty ("" otherwise)."""
    if carnet.alliance is None or getattr(carnet.answers, question).strip():
        return ""
    return analysis.draft_from_members(carnet.alliance.members, question, t)


def answer(session: CarnetSession, question: str, text: str) -> None:
    """The learner's answer to one of the three questions."""
    if question not in QUESTIONS:
        raise Invalid("errors.invalid")
    session.update(lambda c: setattr(c.answers, question, text))


def set_tags(session: CarnetSession, field: str, chosen: Iterable[str]) -> list[str]:
    """Le RAMEAU's partnership modes or co-construction forms that fit the alliance (ids of
    the typologies; unknown ones are refused)."""
    if field not in TAG_FIELDS:
        raise Invalid("errors.invalid")
    typologies = load_typologies()
    known = {item.id for item in getattr(typologies, field)}
    tags = list(dict.fromkeys(chosen))
    if any(tag not in known for tag in tags):
        raise Invalid("errors.invalid")
    saved = session.update(lambda c: setattr(c.tags, field, tags))
    kept: list[str] = list(getattr(saved.tags, field))
    return kept
