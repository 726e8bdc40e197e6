"""Use cases of « Alliance exemple »: choose a catalogue alliance, or describe one found
elsewhere."""

from __future__ import annotations

from domain import analysis
from domain.catalogue import load_alliances
from domain.models import Alliance, Carnet
from services.carnet_session import CarnetSession
from services.errors import NotFound


def choose(session: CarnetSession, alliance_id: str, language: str) -> Alliance:
    """The carnet's alliance becomes this catalogue alliance, with its known members (the
    members table is replaced: the page asks first)."""
    chosen = next((a for a in load_alliances() if a.id == alliance_id), None)
    if chosen is None:
        raise NotFound("errors.alliance_unknown")
    alliance = analysis.alliance_from_catalogue(chosen, language)
    saved = session.update(lambda c: setattr(c, "alliance", alliance))
    assert saved.alliance is not None
    return saved.alliance


def describe(
    session: CarnetSession, *, name: str, place: str, source_url: str, description: str
) -> Alliance:
    """An alliance found elsewhere, described by the learner. Describing it again keeps its
    members; describing one instead of a catalogue alliance starts an empty members table."""

    def change(carnet: Carnet) -> None:
        custom = (
            carnet.alliance if carnet.alliance and carnet.alliance.catalogue_id is None else None
        )
        carnet.alliance = Alliance(
            name=name,
            place=place,
            source_url=source_url.strip(),
            description=description,
            members=custom.members if custom else [],
        )

    saved = session.update(change)
    assert saved.alliance is not None
    return saved.alliance
