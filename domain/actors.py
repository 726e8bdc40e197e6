"""Pure logic of the « Acteurs du territoire » page (never imports streamlit).

- **Coverage checklist**: which of the course's categories of support actors the learner has
  found, and how many actors each has (``coverage``).
- **Contact tracking**: identified → contacted → met → presented, each step after the first
  dated in ``Actor.contact_log`` (``set_status``, ``set_step_date``).
- **Carnet changes**: add, edit, move, un-place, delete, import. They mutate the carnet they are
  given, meant to be the draft copy ``components.state.update(change)`` hands to ``change``::

      state.update(lambda c: actors.move_actor(c, actor_id, 48.85, 2.35, placed_by="click"))

  Field values are validated by the models (``validate_assignment``) and, again, by ``update``.
  An unknown actor id (deleted in another tab) raises ``ActorNotFound``.
- **Views**: the table rows (private fields only on request), the map frame (territory or
  France), the labels the CSV import accepts for each category.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.models import (
    CONTACT_ORDER,
    Actor,
    Carnet,
    ContactStatus,
    ContactStep,
    Territory,
    edit_fields,
)

__all__ = [
    "EDITABLE_FIELDS",
    "FRANCE_CENTER",
    "FRANCE_ZOOM",
    "PRIVATE_FIELDS",
    "TERRITORY_ZOOM",
    "ActorNotFound",
    "CoverageItem",
    "MapFrame",
    "add_actor",
    "add_imported",
    "coverage",
    "delete_actor",
    "edit_actor",
    "find_actor",
    "import_labels",
    "map_frame",
    "move_actor",
    "next_status",
    "place_fields",
    "set_status",
    "set_step_date",
    "shareable_fields",
    "status_date",
    "table_columns",
    "unplace_actor",
]

#: Metropolitan France, for a carnet without a territory yet.
FRANCE_CENTER = (46.6, 2.4)
FRANCE_ZOOM = 5
#: Around the learner's commune: the neighbouring communes and the département's main town.
TERRITORY_ZOOM = 10

#: What the learner edits in the details form (position and status have their own helpers).
EDITABLE_FIELDS = (
    "name", "category", "address", "commune", "website", "description", "contact_person", "notes",
)  # fmt: skip
#: Never shown, exported or shared unless the learner asks for it.
PRIVATE_FIELDS = ("contact_person", "notes")
#: What of an actor others may see (the class board) or copy (from the directory).
SHAREABLE_FIELDS = ("name", "category", "commune", "address", "website", "lat", "lon")

_PLACED_BY = ("search", "gazetteer", "click", "import", "manual", "example")


class ActorNotFound(LookupError):
    """No actor with this id in the carnet (deleted meanwhile, e.g. in another tab)."""


# ----------------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class CoverageItem:
    """One line of the checklist: a category, how many actors the learner found in it."""

    category_id: str
    count: int
    found: bool
    presented: int = 0  # how many of them heard the learner present the project


def _category_ids(categories: Iterable[Any]) -> list[str]:
    return [c if isinstance(c, str) else c.id for c in categories]


def coverage(carnet: Carnet | Sequence[Actor], categories: Iterable[Any]) -> list[CoverageItem]:
    """The checklist, in the catalogue's order. ``categories``: catalogue categories or ids.

    Actors of a category the catalogue does not know (an old import) are not counted.
    """
    actors = carnet.actors if isinstance(carnet, Carnet) else carnet
    counts = Counter(a.category for a in actors)
    presented = Counter(a.category for a in actors if a.status == ContactStatus.PRESENTED)
    return [
        CoverageItem(category_id=c, count=counts[c], found=counts[c] > 0, presented=presented[c])
        for c in _category_ids(categories)
    ]


# ----------------------------------------------------------------------------- contact status


def status_date(actor: Actor, status: ContactStatus | str) -> date | None:
    """When the actor reached ``status`` (None for « identified », which carries no date)."""
    status = ContactStatus(status)
    return next((step.on for step in actor.contact_log if step.status == status), None)


def set_status(actor: Actor, status: ContactStatus | str, on: date) -> bool:
    """Move the actor to ``status`` on the date ``on``; returns False when nothing changed.

    - Forward (contacted → met): the new step is appended to ``contact_log`` with its date.
      Skipped steps are not invented: going straight from identified to presented logs one step.
    - Backward (a correction: « not met after all »): the steps after the new status are
      removed from the log, the status goes back; the earlier dated steps stay.
    - « identified » has no date (it is where every actor starts).
    The log keeps at most one step per status, in the course's order (so it never outgrows
    ``MAX_CONTACT_STEPS``).
    """
    status = ContactStatus(status)
    if not isinstance(on, date):
        raise TypeError("on must be a date")
    if status == actor.status:
        return False
    rank = CONTACT_ORDER.index(status)
    kept = [step for step in actor.contact_log if CONTACT_ORDER.index(step.status) < rank]
    if status != ContactStatus.IDENTIFIED and rank > CONTACT_ORDER.index(actor.status):
        kept.append(ContactStep(status=status, on=on))
    elif status != ContactStatus.IDENTIFIED:
        previous = next((s for s in actor.contact_log if s.status == status), None)
        kept.append(previous or ContactStep(status=status, on=on))
    actor.contact_log = kept
    actor.status = status
    return True


def set_step_date(actor: Actor, status: ContactStatus | str, on: date) -> bool:
    """Correct the date of a step already in the log; False when the step is not there."""
    status = ContactStatus(status)
    for index, step in enumerate(actor.contact_log):
        if step.status == status:
            if step.on == on:
                return False
            log = list(actor.contact_log)
            log[index] = ContactStep(status=status, on=on)
            actor.contact_log = log
            return True
    return False


# ------------------------------------------------------------------------------ carnet changes


def next_status(status: ContactStatus) -> ContactStatus:
    """The step after ``status`` (the last one stays the last): what the form suggests."""
    rank = CONTACT_ORDER.index(status)
    return CONTACT_ORDER[min(rank + 1, len(CONTACT_ORDER) - 1)]


def shareable_fields(source: object) -> dict[str, Any]:
    """The ``SHAREABLE_FIELDS`` of an actor or a directory entry: name, category, place, website
    and position; never a private field, the contact status or its dates."""
    return {name: getattr(source, name) for name in SHAREABLE_FIELDS}


def find_actor(carnet: Carnet, actor_id: str) -> Actor:
    actor = carnet.actor(actor_id)
    if actor is None:
        raise ActorNotFound(actor_id)
    return actor


def _coordinates(lat: float | None, lon: float | None) -> tuple[float | None, float | None]:
    if (lat is None) != (lon is None):
        raise ValueError("latitude and longitude go together")
    if lat is None or lon is None:
        return None, None
    return float(lat), float(lon)


def add_actor(
    carnet: Carnet,
    *,
    name: str,
    category: str,
    lat: float | None = None,
    lon: float | None = None,
    placed_by: str = "manual",
    **details: Any,
) -> Actor:
    """Append a new actor (validated now: a bad name or category raises ValidationError).

    ``details``: any of address, commune, website, contact_person, notes, status.
    Without coordinates the actor is « à placer ».
    """
    allowed = {"address", "commune", "website", "description", "contact_person", "notes", "status"}
    unknown = set(details) - allowed
    if unknown:
        raise TypeError(f"unknown actor fields: {sorted(unknown)}")
    lat, lon = _coordinates(lat, lon)
    actor = Actor(name=name, category=category, lat=lat, lon=lon, placed_by=placed_by, **details)
    carnet.actors.append(actor)
    return actor


def edit_actor(carnet: Carnet, actor_id: str, **fields: Any) -> Actor:
    """Change some of ``EDITABLE_FIELDS``; the others (position, status, id) have their helpers."""
    return edit_fields(lambda: find_actor(carnet, actor_id), fields, EDITABLE_FIELDS)


def move_actor(
    carnet: Carnet,
    actor_id: str,
    lat: float,
    lon: float,
    *,
    placed_by: str,
    commune: str | None = None,
    address: str | None = None,
) -> Actor:
    """Put the actor at (lat, lon). ``commune``/``address`` replace the old ones when given."""
    if placed_by not in _PLACED_BY:
        raise ValueError(f"placed_by: {placed_by}")
    actor = find_actor(carnet, actor_id)
    new_lat, new_lon = _coordinates(lat, lon)
    if new_lat is None or new_lon is None:
        raise ValueError("a position needs both coordinates")
    # One validated assignment of the whole position (the model checks each field).
    actor.lat, actor.lon = new_lat, new_lon
    actor.placed_by = placed_by  # type: ignore[assignment]  # checked against _PLACED_BY above
    if commune is not None:
        actor.commune = commune
    if address is not None:
        actor.address = address
    return actor


def unplace_actor(carnet: Carnet, actor_id: str) -> Actor:
    """Remove the actor's position: it becomes « à placer » (kept in the table, not on the map)."""
    actor = find_actor(carnet, actor_id)
    actor.lat = None
    actor.lon = None
    actor.placed_by = "manual"
    return actor


def delete_actor(carnet: Carnet, actor_id: str) -> Actor:
    actor = find_actor(carnet, actor_id)
    carnet.actors = [a for a in carnet.actors if a.id != actor_id]
    return actor


def add_imported(carnet: Carnet, actors: Iterable[Actor]) -> int:
    """Append imported actors (copies, so the report can be shown again); returns how many.

    The carnet's own limit (``MAX_ACTORS``) is checked by the validation that follows.
    """
    added = [actor.model_copy(deep=True) for actor in actors]
    carnet.actors.extend(added)
    return len(added)


def place_fields(place: Any, query: str = "") -> dict[str, Any]:
    """What a geocoder ``Place`` sets on an actor: position, commune, address, ``placed_by``.

    An address found online keeps its label as the address. When the place is only a commune
    (gazetteer, or the online service answering with a commune), the address the learner typed
    (``query``: more than the commune's name and postcode) is kept as the address.
    """
    fields: dict[str, Any] = {"lat": float(place.lat), "lon": float(place.lon)}
    label = (place.label or "").strip()
    is_commune = getattr(place, "source", "") == "gazetteer" or (
        not label or label == place.commune or label.startswith(f"{place.commune} (")
    )
    fields["placed_by"] = "gazetteer" if getattr(place, "source", "") == "gazetteer" else "search"
    if not is_commune:
        fields["address"] = label[:300]
    elif typed_address(query, place.commune):
        fields["address"] = " ".join(query.split())[:300]
    if place.commune:
        fields["commune"] = place.commune[:150]
    return fields


def _words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return set(re.findall(r"[0-9a-z]+", folded))


def typed_address(query: str, commune: str) -> bool:
    """True when ``query`` says more than the commune (a street, a number, a building): the
    learner typed an address, which is kept when the place found is only the commune."""
    rest = _words(query or "") - _words(commune or "") - {"cedex", "france"}
    rest = {word for word in rest if not re.fullmatch(r"\d{5}", word)}
    return bool(rest)


_COORDINATE = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d+)?$")


def parse_coordinate(text: object) -> float | None:
    """A coordinate as a learner types it: « 45,764 » (decimal comma), « 45.764 », « −1,95 »,
    « 4.83° ». None for anything else (empty included)."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    raw = str(text or "").strip().replace("\u2212", "-").rstrip("°").strip()
    for space in (" ", "\u00a0", "\u202f"):
        raw = raw.replace(space, "")
    if not _COORDINATE.match(raw):
        return None
    return float(raw.replace(",", "."))


def parse_coordinates(lat_text: object, lon_text: object = "") -> tuple[float, float] | None:
    """Latitude and longitude from two boxes, or both pasted in the first one
    (« 45.764, 4.8357 », « 45,764 ; 4,8357 », « 45,764 4,8357 »). None when unreadable or out of
    range (latitude −90..90, longitude −180..180)."""
    lat, lon = parse_coordinate(lat_text), parse_coordinate(lon_text)
    if lat is None and not str(lon_text or "").strip():
        pair = _split_pair(str(lat_text or ""))
        if pair:
            lat, lon = parse_coordinate(pair[0]), parse_coordinate(pair[1])
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _split_pair(text: str) -> tuple[str, str] | None:
    text = text.strip()
    for separator in (";", ", ", " ,", "\t"):
        if separator in text:
            first, _, second = text.partition(separator)
            return first, second
    if text.count(",") == 1 and "." in text:  # « 45.764,4.8357 »
        first, _, second = text.partition(",")
        return first, second
    if text.count(",") == 3 or " " in text:  # « 45,764,4,8357 » is ambiguous: spaces only
        parts = text.split()
        if len(parts) == 2:
            return parts[0], parts[1]
    return None


# ------------------------------------------------------------------------------------- views


@dataclass(frozen=True)
class MapFrame:
    center: tuple[float, float]
    zoom: int
    has_territory: bool


def map_frame(territory: Territory | None) -> MapFrame:
    """Centre the map on the learner's commune; France when no territory is chosen yet."""
    if territory is not None and territory.lat is not None and territory.lon is not None:
        return MapFrame((float(territory.lat), float(territory.lon)), TERRITORY_ZOOM, True)
    return MapFrame(FRANCE_CENTER, FRANCE_ZOOM, False)


def numbered(actors: Sequence[Actor], category_order: Iterable[str]) -> list[tuple[int, Actor]]:
    """The actors in the order every list shows them, each with its number (1-based): grouped
    by category in ``category_order`` (the catalogue's order; unknown categories last), in
    carnet order within a category.

    The one numbering of the app: the Actors page's table and map, the summary's table and
    map (Synthèse, the share page), the HTML and PDF exports all show these numbers.
    """
    order = {category: rank for rank, category in enumerate(category_order)}
    ranked = sorted(
        enumerate(actors), key=lambda item: (order.get(item[1].category, len(order)), item[0])
    )
    return [(number, actor) for number, (_, actor) in enumerate(ranked, start=1)]


def actor_numbers(actors: Sequence[Actor], category_order: Iterable[str]) -> dict[str, int]:
    """Actor id → its number (``numbered``)."""
    return {actor.id: number for number, actor in numbered(actors, category_order)}


def table_columns(
    actors: Sequence[Actor],
    *,
    category_labels: Mapping[str, str],
    status_labels: Mapping[str, str],
    yes: str,
    no: str,
    show_private: bool = False,
) -> dict[str, list[str]]:
    """The table view, column by column (keys: ``number``, field names, ``located``).

    The actors in the order of their numbers (``numbered``, categories in the order of
    ``category_labels``): number, name, category label, commune, status, located yes/no;
    ``contact_person`` and ``notes`` only when ``show_private``. Plain text: the table widget
    shows it as typed (no Markdown, no HTML).
    """
    rows = numbered(actors, category_labels)
    actors = [actor for _, actor in rows]
    columns: dict[str, list[str]] = {
        "number": [str(number) for number, _ in rows],
        "name": [a.name for a in actors],
        "category": [category_labels.get(a.category, a.category) for a in actors],
        "commune": [a.commune for a in actors],
        "status": [status_labels.get(a.status.value, a.status.value) for a in actors],
        "located": [yes if a.located else no for a in actors],
    }
    if show_private:
        columns["contact_person"] = [a.contact_person for a in actors]
        columns["notes"] = [a.notes for a in actors]
    return columns


# Names a category had before, or goes by, that a learner's spreadsheet may still use (the
# CSV import compares them without case or accents, like the current names).
FORMER_NAMES: dict[str, tuple[str, ...]] = {
    "mouves": ("MOUVES", "Mouves", "Mouvement Impact France", "Impact France"),
    "parapublic_innovation": (
        "Organisme d'innovation",
        "Organismes d'innovation",
        "Organisme parapublic d'innovation",
        "Innovation body",
        "Innovation bodies",
    ),
    "incubateur_social": ("Incubateur", "Incubateur ESS", "Incubator"),
    "cci": ("Chambre de commerce", "Chambre de commerce et d'industrie", "Chamber of commerce"),
    "cma": ("CMA", "Chambre de métiers et de l'artisanat", "Chamber of trades and crafts"),
    "fondation_territoriale": ("Fondation", "Territorial foundation"),
}


def _label_forms(label: str) -> list[str]:
    """A label and the shorter forms a learner writes: « PTCE (cooperation hub) » → also
    « PTCE » and « cooperation hub »; « MOUVES / Impact France » → also each side."""
    forms = [label]
    bare = re.sub(r"\s*\([^)]*\)", "", label).strip()
    forms.append(bare)
    forms += [inner.strip() for inner in re.findall(r"\(([^)]*)\)", label)]
    forms += [part.strip() for part in bare.split("/")]
    return [form for form in dict.fromkeys(forms) if form and "…" not in form]


def import_labels(categories: Iterable[Any]) -> dict[str, list[str]]:
    """For ``import_actors_csv``: category id → every label a learner may write: the names
    the app shows in French and English (short and long, and their short forms), and the
    former names (``FORMER_NAMES``)."""
    labels: dict[str, list[str]] = {}
    for category in categories:
        names = [category.id]
        for text in (category.short_name, category.name):
            for lang in ("fr", "en"):
                for value in _label_forms(text.get(lang) or ""):
                    if value not in names:
                        names.append(value)
        names += [n for n in FORMER_NAMES.get(category.id, ()) if n not in names]
        labels[category.id] = names
    return labels
