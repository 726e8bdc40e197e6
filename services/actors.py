"""Use cases of « Acteurs du territoire »: place, edit, move, un-place and delete an actor, log a
contact, import a CSV file, add the région's CRESS.

The changes themselves are ``domain.actors``; here they are saved through the carnet session and
their failures become the project's errors (``services.errors``), with the page's message keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Literal, TypeVar

from pydantic import ValidationError

from adapters.geocoding import Place
from domain import actors as domain_actors
from domain.actors_import import ActorsImportProblem, ImportReport, import_actors_csv
from domain.catalogue import Category, Cress, cress_for_region
from domain.gazetteer import Gazetteer
from domain.models import Actor, Carnet, ContactStatus
from services.carnet_session import CarnetSession
from services.errors import Conflict, Invalid, NotFound

T = TypeVar("T")
#: How the learner gave the new actor's position: a search result, coordinates typed, a click
#: on the map, or none yet (« à placer »).
Where = Literal["search", "coords", "click", "later"]


def change_carnet(session: CarnetSession, change: Callable[[Carnet], T]) -> T:
    """Save a change of ``domain.actors`` and return what its last run returned (a replay on
    another tab's newer save runs it again); its failures as the project's errors."""
    outcome: list[T] = []

    def run(carnet: Carnet) -> None:
        outcome[:] = [change(carnet)]

    try:
        session.update(run)
    except domain_actors.ActorNotFound:
        raise NotFound("actors.error.not_found") from None
    except ValidationError:
        raise  # the model's refusals are InvalidCarnet already: not a coordinates problem
    except ValueError:  # half coordinates, an unknown way of placing...
        raise Invalid("actors.error.coordinates") from None
    return outcome[0]


def _actor(session: CarnetSession, actor_id: str) -> Actor:
    carnet = session.carnet
    actor = carnet.actor(actor_id) if carnet is not None else None
    if actor is None:
        raise NotFound("actors.error.not_found")
    return actor


def add_actor(
    session: CarnetSession,
    *,
    name: str,
    category: str | None,
    where: Where = "later",
    place: Place | None = None,
    lat: float | None = None,
    lon: float | None = None,
    commune: str = "",
    website: str = "",
    query: str = "",
) -> Actor:
    """A new actor: at a search result (``place``; ``query``: what the learner typed, kept as
    the address when the place is only the commune), at coordinates (typed or clicked), or
    « à placer ». Refused without a category, or without the position ``where`` asks for."""
    if category is None:
        raise Invalid("actors.error.no_category")
    fields: dict[str, Any] = {}
    if commune:
        fields["commune"] = commune
    if website:
        fields["website"] = website
    if where == "search":
        if place is None:
            raise Invalid("actors.error.no_place")
        fields.update(domain_actors.place_fields(place, query))
    elif where in ("coords", "click"):
        if lat is None or lon is None:
            raise Invalid("actors.error.no_coordinates")
        fields.update(lat=lat, lon=lon, placed_by="manual" if where == "coords" else "click")
    added = change_carnet(
        session,
        lambda c: domain_actors.add_actor(c, name=name.strip(), category=category, **fields),
    )
    return _actor(session, added.id)


def edit_actor(session: CarnetSession, actor_id: str, **values: str) -> Actor:
    """Change the details of the form (``domain.actors.EDITABLE_FIELDS``), trimmed."""
    cleaned = {field: (value or "").strip() for field, value in values.items()}
    change_carnet(session, lambda c: domain_actors.edit_actor(c, actor_id, **cleaned))
    return _actor(session, actor_id)


def move_to_place(
    session: CarnetSession, actor_id: str, place: Place | None, query: str = ""
) -> Actor:
    """The actor goes to a search result (its commune and address follow; ``query``: what the
    learner typed, kept as the address when the place is only the commune)."""
    if place is None:
        raise Invalid("actors.error.no_place")
    fields = domain_actors.place_fields(place, query)
    change_carnet(session, lambda c: domain_actors.move_actor(c, actor_id, **fields))
    return _actor(session, actor_id)


def move_actor(
    session: CarnetSession,
    actor_id: str,
    lat: float | None,
    lon: float | None,
    *,
    placed_by: Literal["manual", "click"] = "manual",
) -> Actor:
    """The actor goes to coordinates typed (``manual``) or clicked on the map (``click``)."""
    if lat is None or lon is None:
        raise Invalid("actors.error.no_coordinates")
    change_carnet(
        session, lambda c: domain_actors.move_actor(c, actor_id, lat, lon, placed_by=placed_by)
    )
    return _actor(session, actor_id)


def unplace_actor(session: CarnetSession, actor_id: str) -> Actor:
    """The actor stays in the table, off the map (« à placer »)."""
    change_carnet(session, lambda c: domain_actors.unplace_actor(c, actor_id))
    return _actor(session, actor_id)


def delete_actor(session: CarnetSession, actor_id: str) -> Actor:
    """The actor leaves the carnet; the deleted actor is returned."""
    return change_carnet(session, lambda c: domain_actors.delete_actor(c, actor_id))


def log_contact(
    session: CarnetSession, actor_id: str, status: ContactStatus | str, on: date
) -> Actor:
    """Where the contact stands (identifié → contacté → rencontré → projet présenté) and since
    when; choosing the current status again corrects its date."""
    status = ContactStatus(status)

    def change(carnet: Carnet) -> None:
        actor = domain_actors.find_actor(carnet, actor_id)
        if status == actor.status:
            domain_actors.set_step_date(actor, status, on)
        else:
            domain_actors.set_status(actor, status, on)

    change_carnet(session, change)
    return _actor(session, actor_id)


def read_csv(data: bytes, categories: Sequence[Category], gazetteer: Gazetteer) -> ImportReport:
    """The row-by-row report of a CSV file of actors (nothing saved); a whole-file problem (not
    a CSV, no name column...) raises ``Invalid`` with its reason."""
    try:
        return import_actors_csv(data, domain_actors.import_labels(categories), gazetteer)
    except ActorsImportProblem as problem:
        raise Invalid(problem.key, **problem.params) from None


def add_imported(session: CarnetSession, actors: Iterable[Actor]) -> int:
    """Add the actors of an import report the learner confirmed; how many."""
    chosen = list(actors)
    return change_carnet(session, lambda c: domain_actors.add_imported(c, chosen))


def cress_to_suggest(carnet: Carnet) -> Cress | None:
    """The CRESS of the project's région, when the carnet does not have it yet."""
    region = carnet.project.territory.region_code
    cress = cress_for_region(region) if region else None
    if cress is None or any(a.name == cress.name for a in carnet.actors):
        return None
    return cress


def add_regional_cress(session: CarnetSession) -> Actor:
    """Add the CRESS of the project's région (« à placer », its website when verified)."""
    carnet = session.carnet
    region = carnet.project.territory.region_code if carnet is not None else ""
    if carnet is None or cress_for_region(region) is None:
        raise NotFound("actors.guide.cress_no_region")
    cress = cress_to_suggest(carnet)
    if cress is None:
        raise Conflict("errors.cress_already")
    website = cress.website if (cress.verified and cress.website) else ""
    return add_actor(
        session, name=cress.name, category="cress", commune=cress.city or "", website=website
    )
