"""Use cases of « Mon projet »: the territory (the name and description are plain fields,
``services.carnets.edit_field``)."""

from __future__ import annotations

from domain.gazetteer import Gazetteer
from domain.models import Territory
from domain.places import territory_of
from services.carnet_session import CarnetSession
from services.errors import NotFound


def choose_territory(
    session: CarnetSession, gazetteer: Gazetteer, insee: str, query: str = ""
) -> Territory:
    """The project's territory becomes the commune of this INSEE code (with the postcode the
    learner typed in ``query``, when it is one of the commune's); the territory saved."""
    commune = gazetteer.get(insee)
    if commune is None:
        raise NotFound("errors.commune_unknown")
    chosen = territory_of(commune, query)
    saved = session.update(lambda c: setattr(c.project, "territory", chosen))
    return saved.project.territory
