"""The shared directory's use cases: search, suggestions, proposals, reports, moderation.

Plain values in and out; every refusal is a ``ServiceError`` whose key is in
``data/locales/<lang>/directory.json``. The rules themselves (public fields, limits, the
matching rule) are in ``domain.directory``; storage in ``adapters.storage.directory``.

Who is who:
- a learner is known by their carnet's row id (``carnets.id``), never by its private token;
  nothing of the carnet but the public fields of the proposed actor is stored;
- a moderator is known by an opaque session id (``Moderator.session``), logged with every
  decision; the key itself is compared in constant time (``domain.directory.moderator_key_ok``)
  and wrong keys are slowed down (``domain.throttle.Throttle``).

Seed rule (``import_seed``): entries are keyed by their seed id. A new id is added; an entry
no moderator has touched follows the seed (its fields are refreshed when the seed changes); an
entry a moderator edited, removed or published a learner's update to (``moderated_at`` set)
keeps the moderator's version; an id that left the seed stays (a moderator removes it).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from adapters.storage.directory import (
    DecisionRow,
    DirectoryStore,
    ReportRow,
    day_ago,
    now,
)

# The row types the pages annotate with (``svc.EntryRow``): re-exported explicitly.
from adapters.storage.directory import EntryRow as EntryRow
from adapters.storage.directory import ProposalRow as ProposalRow
from domain import directory as rules
from domain.actors import shareable_fields
from domain.directory import DirectoryFilter, DirectoryRuleError, Place, PublicFields
from domain.models import Actor, Carnet
from domain.throttle import Throttle
from services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError, TooMany

_LOG = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = ROOT / "data" / "directory-seed.json"
LEARNERS = "learners"
SEED = "seed"
AUTOMATIC = "auto"  # the « moderator » of decisions the rules make alone (confirmations)


class NotConfigured(ServiceError):
    """No moderator key is configured: nothing can be published."""

    key = "directory.moderation.not_configured"


def rule_error(error: DirectoryRuleError) -> Invalid:
    """A broken rule as a message for the user (field names are translated keys too)."""
    return Invalid(
        f"directory.error.{error.code}", field=error.field or "", limit=error.limit or ""
    )


# ------------------------------------------------------------------------------------ seed


@dataclass(frozen=True)
class SeedReport:
    added: int = 0
    updated: int = 0
    kept: int = 0
    invalid: tuple[str, ...] = ()


def read_seed(path: Path | str | None = None) -> list[dict[str, Any]]:
    """The entries of the seed file (``data/directory-seed.json`` by default); none when the
    file is absent."""
    seed_path = Path(path) if path is not None else DEFAULT_SEED
    if not seed_path.is_file():
        return []
    try:
        document = json.loads(seed_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        _LOG.exception("directory seed %s unreadable: the directory starts without it", seed_path)
        return []
    entries = document.get("entries") if isinstance(document, dict) else None
    return [e for e in entries or [] if isinstance(e, dict)]


def _seed_values(raw: Mapping[str, Any], categories: Iterable[str]) -> dict[str, Any]:
    """One seed entry as column values; the same rules as a learner's proposal."""
    fields = rules.check_fields(
        {
            "name": str(raw.get("name") or ""),
            "category": str(raw.get("category") or ""),
            "commune": str(raw.get("commune") or ""),
            "address": str(raw.get("address") or ""),
            "website": str(raw.get("website") or ""),
        },
        categories,
    )
    source = rules.check_url(str(raw.get("source_url") or ""))
    if not source:
        raise DirectoryRuleError("required", "source_url")
    lat, lon = raw.get("lat"), raw.get("lon")
    if (lat is None) != (lon is None):
        raise DirectoryRuleError("coordinates", "lat")
    checked = raw.get("checked_on")
    return {
        "name": fields.name,
        "category": fields.category,
        "network": rules.check_text("name", str(raw.get("network") or ""))[:80],
        "commune": fields.commune,
        "insee": str(raw.get("insee") or "")[:5],
        "departement": str(raw.get("departement") or "")[:3],
        "region": rules.check_text("commune", str(raw.get("region") or ""))[:80],
        "region_code": str(raw.get("region_code") or "")[:2],
        "address": fields.address,
        "website": fields.website,
        "lat": None if lat is None else float(lat),
        "lon": None if lon is None else float(lon),
        "description_fr": rules.check_text(
            "description", str(raw.get("description_fr") or ""), multiline=True
        ),
        "description_en": rules.check_text(
            "description", str(raw.get("description_en") or ""), multiline=True
        ),
        "source_url": source,
        "source_title": rules.check_text("address", str(raw.get("source_title") or "")),
        "last_confirmed": date.fromisoformat(str(checked)) if checked else None,
    }


def import_seed(
    store: DirectoryStore, categories: Iterable[str], path: Path | str | None = None
) -> SeedReport:
    """Bring the seed into the directory, idempotently (see the module's « Seed rule »)."""
    category_ids = tuple(categories)
    raw_entries = read_seed(path)
    if not raw_entries:
        return SeedReport()
    added: list[dict[str, Any]] = []
    updated = kept = 0
    invalid: list[str] = []
    seen: set[str] = set()
    with store.begin() as tx:
        existing = store.seeded(tx)
        for raw in raw_entries:
            seed_id = str(raw.get("id") or "")[:80]
            if seed_id in seen:
                continue  # a repeated id: its first entry only
            seen.add(seed_id)
            try:
                if not seed_id:
                    raise DirectoryRuleError("required", "id")
                values = _seed_values(raw, category_ids)
            except (DirectoryRuleError, ValueError, TypeError):
                invalid.append(seed_id or "?")
                continue
            current = existing.get(seed_id)
            if current is None:
                added.append(
                    {"seed_id": seed_id, "source_kind": SEED, "status": "published", **values}
                )
                continue
            if current.moderated_at is not None:
                kept += 1
                continue
            changed = {k: v for k, v in values.items() if getattr(current, k) != v}
            if changed:
                store.update_entry(current.id, changed, tx)
                updated += 1
        store.insert_entries(added, tx)
    return SeedReport(len(added), updated, kept, tuple(invalid))


# --------------------------------------------------------------------------------- listing


@dataclass(frozen=True)
class Listing:
    """The visible entries, with what the search reads, built once per directory version."""

    version: tuple[int, str]
    entries: tuple[EntryRow, ...]
    blobs: tuple[str, ...]
    by_id: Mapping[int, EntryRow]


_listings: weakref.WeakKeyDictionary[DirectoryStore, Listing] = weakref.WeakKeyDictionary()
_listing_lock = threading.Lock()


def listing(store: DirectoryStore) -> Listing:
    """Every visible entry (published or reported), cached until the directory changes."""
    version = store.version()
    with _listing_lock:
        found = _listings.get(store)
    if found is not None and found.version == version:
        return found
    entries = tuple(store.entries())
    blobs = tuple(
        rules.search_blob(
            e.name, e.commune, e.region, e.network, e.description_fr, e.description_en
        )
        for e in entries
    )
    built = Listing(version, entries, blobs, {e.id: e for e in entries})
    with _listing_lock:
        _listings[store] = built
    return built


def search(store: DirectoryStore, flt: DirectoryFilter) -> list[EntryRow]:
    """The visible entries matching a filter (text, categories, région, département)."""
    data = listing(store)
    if flt.is_empty:
        return list(data.entries)
    return [
        entry
        for entry, blob in zip(data.entries, data.blobs)
        if rules.matches_filter(blob, entry.category, entry.region_code, entry.departement, flt)
    ]


def regions(store: DirectoryStore) -> list[tuple[str, str]]:
    """(code, name) of the régions that have entries, by name."""
    seen = {e.region_code: e.region for e in listing(store).entries if e.region_code}
    return sorted(seen.items(), key=lambda item: item[1])


def departements(store: DirectoryStore, region_code: str = "") -> list[str]:
    codes = {
        e.departement
        for e in listing(store).entries
        if e.departement and (not region_code or e.region_code == region_code)
    }
    return sorted(codes)


# ------------------------------------------------------------------------------ suggestions


def suggestions(
    store: DirectoryStore,
    categories: Sequence[str],
    departement: str,
    region_code: str,
    *,
    per_category: int = 5,
    exclude: Iterable[int] = (),
) -> list[rules.SuggestionGroup[EntryRow]]:
    """Entries of the learner's département, then région, per category (``exclude``: the
    entries the carnet already holds a copy of)."""
    skipped = set(exclude)
    rows = [r for r in store.nearby(departement, region_code) if r[0] not in skipped]
    groups = rules.group_suggestions(rows, categories, departement, region_code, per_category)
    wanted = [i for g in groups for i in (*g.in_departement, *g.in_region)]
    found = store.entries_by_id(wanted)
    return [
        rules.SuggestionGroup(
            g.category,
            tuple(found[i] for i in g.in_departement if i in found),
            tuple(found[i] for i in g.in_region if i in found),
        )
        for g in groups
    ]


def copy_into(carnet: Carnet, entry: EntryRow) -> Actor:
    """Add a copy of a directory entry to the carnet: an actor the learner owns and edits,
    which remembers the entry it came from (``directory_entry_id``). Only public fields."""
    actor = Actor(
        **shareable_fields(entry),
        placed_by="gazetteer" if entry.lat is not None else "manual",
        directory_entry_id=entry.id,
    )
    carnet.actors.append(actor)
    return actor


def copied_entries(carnet: Carnet) -> set[int]:
    return {a.directory_entry_id for a in carnet.actors if a.directory_entry_id is not None}


# -------------------------------------------------------------------------------- proposals


def preview(
    actor: Actor, place: Place, description: str, categories: Iterable[str]
) -> PublicFields:
    """Exactly what a proposal of this actor would publish (raises ``Invalid``)."""
    try:
        fields = rules.check_fields(rules.public_fields(actor, place, description), categories)
    except DirectoryRuleError as error:
        raise rule_error(error) from error
    lat, lon = (actor.lat, actor.lon) if actor.located else (place.lat, place.lon)
    return rules.with_place(
        fields, replace(place, commune=place.commune or fields.commune, lat=lat, lon=lon)
    )


@dataclass(frozen=True)
class Outcome:
    """What became of a proposal: ``kind`` new | update | confirmation."""

    kind: str
    proposal_id: int
    entry_id: int | None


def _proposal_values(fields: PublicFields) -> dict[str, Any]:
    place = fields.place
    return {
        "name": fields.name,
        "category": fields.category,
        "commune": fields.commune,
        "insee": place.insee,
        "departement": place.departement,
        "region": place.region,
        "region_code": place.region_code,
        "address": fields.address,
        "website": fields.website,
        "lat": place.lat,
        "lon": place.lon,
        "description": fields.description,
    }


def _entry_place(entry: EntryRow | ProposalRow) -> Place:
    return Place(commune=entry.commune, insee=entry.insee)


def _entry_fields(entry: EntryRow, lang: str = "fr") -> dict[str, str]:
    return {
        "name": entry.name,
        "category": entry.category,
        "commune": entry.commune,
        "address": entry.address,
        "website": entry.website,
        "description": entry.description(lang),
    }


def find_match(store: DirectoryStore, fields: PublicFields, tx: Any = None) -> EntryRow | None:
    """The entry a proposal matches (same commune, close name), the closest name first."""
    candidates = store.same_commune(fields.place.insee, fields.commune, tx)
    matching = [
        e for e in candidates if rules.is_match(fields.name, fields.place, e.name, _entry_place(e))
    ]
    if not matching:
        return None
    return max(matching, key=lambda e: rules.name_score(fields.name, e.name))


def propose(
    store: DirectoryStore,
    *,
    carnet_id: int,
    actor_id: str,
    fields: PublicFields,
    language: str,
    consent: bool,
) -> Outcome:
    """Send a previewed proposal: a new entry, a suggested update of the entry it matches, or
    a confirmation of that entry (counted at once, no moderation needed)."""
    if not consent:
        raise Invalid("directory.error.consent")
    with store.begin() as tx:
        if store.proposals_since(carnet_id, day_ago(), tx) >= rules.PROPOSALS_PER_DAY:
            raise TooMany("directory.error.too_many_proposals", limit=rules.PROPOSALS_PER_DAY)
        for mine in store.proposals(carnet_ids=[carnet_id], status="pending", tx=tx):
            if mine.actor_id == actor_id:
                raise Conflict("directory.error.already_pending")
        base = {
            "carnet_id": carnet_id,
            "actor_id": actor_id,
            "language": language if language in ("fr", "en") else "fr",
            "licence": rules.LICENCE,
            **_proposal_values(fields),
        }
        match = find_match(store, fields, tx)
        if match is None:
            proposal_id = store.insert_proposal({"kind": "new", "status": "pending", **base}, tx)
            return Outcome("new", proposal_id, None)
        changes = rules.suggested_changes(_entry_fields(match, language), _proposal_values(fields))
        if changes:
            proposal_id = store.insert_proposal(
                {"kind": "update", "status": "pending", "entry_id": match.id, **base}, tx
            )
            return Outcome("update", proposal_id, match.id)
        if store.confirmed_by(match.id, carnet_id, tx):
            raise Conflict("directory.error.already_confirmed")
        proposal_id = store.insert_proposal(
            {
                "kind": "confirmation",
                "status": "confirmed",
                "entry_id": match.id,
                "decided_at": now(),
                **base,
            },
            tx,
        )
        _confirm(store, match, tx)
        store.log("confirm", AUTOMATIC, entry_id=match.id, proposal_id=proposal_id, tx=tx)
        return Outcome("confirmation", proposal_id, match.id)


def _confirm(store: DirectoryStore, entry: EntryRow, tx: Any) -> None:
    store.update_entry(
        entry.id,
        {"confirmations": entry.confirmations + 1, "last_confirmed": datetime.now(UTC).date()},
        tx,
    )


def withdraw(store: DirectoryStore, carnet_id: int, proposal_id: int) -> None:
    """A learner withdraws one of their pending proposals."""
    with store.begin() as tx:
        proposal = store.proposal(proposal_id, tx)
        if proposal is None or proposal.carnet_id != carnet_id:
            raise NotFound()
        if proposal.status != "pending":
            raise Conflict("directory.error.not_pending")
        store.update_proposal(proposal_id, {"status": "withdrawn", "decided_at": now()}, tx)


def my_proposals(store: DirectoryStore, carnet_id: int) -> list[ProposalRow]:
    return store.proposals(carnet_ids=[carnet_id])


def proposals_for_carnets(store: DirectoryStore, carnet_ids: Iterable[int]) -> list[ProposalRow]:
    """The proposals of a set of carnets (the class board shows its learners')."""
    ids = sorted(set(carnet_ids))
    return store.proposals(carnet_ids=ids) if ids else []


def preapprove(store: DirectoryStore, proposal_id: int, class_id: int, approve: bool) -> None:
    """A class's trainer pre-approves a pending proposal for the moderators (``approve``) or
    takes their pre-approval back. It publishes nothing: moderators still decide. A proposal
    another class pre-approved keeps that pre-approval (``Conflict``). Who may do it is the
    caller's check (``services.classes.ClassService.preapprove``)."""
    with store.begin() as tx:
        proposal = _pending(store, proposal_id, tx)
        current = proposal.preapproved_class_id
        if current is not None and current != class_id:
            raise Conflict("errors.class_proposal_preapproved_elsewhere")
        if approve and current is None:
            store.set_preapproval(proposal_id, class_id, tx)
        elif not approve and current == class_id:
            store.set_preapproval(proposal_id, None, tx)


def latest_by_actor(proposals: Iterable[ProposalRow]) -> dict[str, ProposalRow]:
    """Each actor's latest proposal (the status the actor card shows)."""
    latest: dict[str, ProposalRow] = {}
    for proposal in proposals:
        latest[proposal.actor_id] = proposal
    return latest


# ---------------------------------------------------------------------------------- reports


def _checked_reason(text: str) -> str:
    try:
        return rules.check_text("reason", text)
    except DirectoryRuleError as error:
        raise rule_error(error) from error


def report(store: DirectoryStore, entry_id: int, reason: str, text: str) -> int:
    """Anyone reports an entry: it goes back to moderation and stays visible with a note."""
    if reason not in rules.REPORT_REASONS:
        raise Invalid("directory.error.report_reason")
    cleaned = _checked_reason(text)
    with store.begin() as tx:
        entry = store.entry(entry_id, tx)
        if entry is None or entry.status not in ("published", "reported"):
            raise NotFound()
        if store.reports_since(entry_id, day_ago(), tx) >= rules.REPORTS_PER_DAY:
            raise TooMany("directory.error.too_many_reports")
        report_id = store.insert_report(
            {"entry_id": entry_id, "reason": reason, "text": cleaned}, tx
        )
        if entry.status != "reported":
            store.update_entry(entry_id, {"status": "reported"}, tx)
        store.log("report", "public", entry_id=entry_id, report_id=report_id, tx=tx)
        return report_id


# ------------------------------------------------------------------------------- moderation


@dataclass(frozen=True)
class Moderator:
    """A moderator's session, as the decision log names it (never the key)."""

    session: str


def authorise(
    configured_key: str,
    given_key: str,
    *,
    client: str,
    session: str,
    throttle: Throttle,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Moderator:
    """The moderator of this session, or ``NotConfigured`` / ``Forbidden``. A wrong key waits
    (longer after each failure from the same client) before it is refused."""
    if not configured_key:
        raise NotConfigured()
    wait = throttle.delay(client, clock())
    if wait > 0:
        sleep(wait)
    if not rules.moderator_key_ok(configured_key, given_key):
        throttle.failed(client, clock())
        raise Forbidden()
    throttle.succeeded(client)
    return Moderator(session=session[:64])


@dataclass(frozen=True)
class QueueItem:
    """One thing to decide: a proposal (new or update) or the open reports of an entry."""

    kind: str  # new | update | report
    proposal: ProposalRow | None
    entry: EntryRow | None
    diff: Mapping[str, tuple[str, str]]
    reports: tuple[ReportRow, ...] = ()
    preapproved_by: str | None = None  # the class whose trainer pre-approved it, if any

    @property
    def key(self) -> str:
        if self.proposal is not None:
            return f"p{self.proposal.id}"
        return f"r{self.entry.id if self.entry else 0}"


def queue(store: DirectoryStore) -> list[QueueItem]:
    """The pending proposals, each with its differences against the current entry (those a
    trainer pre-approved first, with their class's name), then the reported entries with
    their reports."""
    items: list[QueueItem] = []
    pending = store.proposals(status="pending")
    classes = store.class_names(
        sorted({p.preapproved_class_id for p in pending if p.preapproved_class_id is not None})
    )
    pending.sort(key=lambda p: p.preapproved_class_id is None)  # stable: oldest first within
    for proposal in pending:
        entry = store.entry(proposal.entry_id) if proposal.entry_id else None
        proposed = _proposal_values_of(proposal)
        if entry is None:
            diff = rules.differences({}, proposed)
        else:
            diff = rules.suggested_changes(_entry_fields(entry, proposal.language), proposed)
        by = proposal.preapproved_class_id
        preapproved_by = None if by is None else classes.get(by, "")
        items.append(QueueItem(proposal.kind, proposal, entry, diff, preapproved_by=preapproved_by))
    by_entry: dict[int, list[ReportRow]] = {}
    for item in store.reports(status="open"):
        by_entry.setdefault(item.entry_id, []).append(item)
    for entry_id, reports in by_entry.items():
        items.append(QueueItem("report", None, store.entry(entry_id), {}, tuple(reports)))
    return items


def _proposal_values_of(proposal: ProposalRow) -> dict[str, str]:
    return {
        "name": proposal.name,
        "category": proposal.category,
        "commune": proposal.commune,
        "address": proposal.address,
        "website": proposal.website,
        "description": proposal.description,
    }


def _fields_of(proposal: ProposalRow, values: Mapping[str, str]) -> PublicFields:
    return PublicFields(
        name=values["name"],
        category=values["category"],
        commune=values["commune"],
        address=values["address"],
        website=values["website"],
        description=values["description"],
        place=Place(commune=values["commune"], insee=proposal.insee),
    )


def _pending(store: DirectoryStore, proposal_id: int, tx: Any) -> ProposalRow:
    proposal = store.proposal(proposal_id, tx)
    if proposal is None:
        raise NotFound()
    if proposal.status != "pending":
        raise Conflict("directory.error.not_pending")
    return proposal


def _edited(
    proposal: ProposalRow, edits: Mapping[str, str] | None, categories: Iterable[str]
) -> dict[str, str]:
    values = _proposal_values_of(proposal)
    if edits:
        merged = {**values, **{k: v for k, v in edits.items() if k in rules.PUBLIC_FIELDS}}
        try:
            checked = rules.check_fields(merged, categories)
        except DirectoryRuleError as error:
            raise rule_error(error) from error
        values = checked.as_dict()
    return values


def publish(
    store: DirectoryStore,
    moderator: Moderator,
    proposal_id: int,
    categories: Iterable[str],
    edits: Mapping[str, str] | None = None,
) -> int:
    """« Publier » (or « Modifier puis publier » with ``edits``): a new entry, or the update
    applied to its entry. Returns the entry id."""
    category_ids = tuple(categories)
    with store.begin() as tx:
        proposal = _pending(store, proposal_id, tx)
        values = _edited(proposal, edits, category_ids)
        description_column = "description_en" if proposal.language == "en" else "description_fr"
        action = "edit_publish" if edits else "publish"
        entry = store.entry(proposal.entry_id, tx) if proposal.entry_id else None
        if entry is None:
            # Another proposal of the same actor may have been published meanwhile: never a
            # duplicate, this one then updates (or confirms) that entry.
            entry = find_match(store, _fields_of(proposal, values), tx)
        if entry is None:
            entry_id = store.insert_entry(
                {
                    "name": values["name"],
                    "category": values["category"],
                    "commune": values["commune"],
                    "insee": proposal.insee,
                    "departement": proposal.departement,
                    "region": proposal.region,
                    "region_code": proposal.region_code,
                    "address": values["address"],
                    "website": values["website"],
                    "lat": proposal.lat,
                    "lon": proposal.lon,
                    description_column: values["description"],
                    "source_kind": LEARNERS,
                    "status": "published",
                    "confirmations": 1,
                    "last_confirmed": datetime.now(UTC).date(),
                    "moderated_at": now(),
                },
                tx,
            )
            detail: dict[str, Any] = {"after": values}
        else:
            entry_id = entry.id
            before = _entry_fields(entry, proposal.language)
            # What the queue showed as the update (a moderator's edits apply as typed).
            changes = (
                rules.differences(before, values)
                if edits
                else rules.suggested_changes(before, values)
            )
            update = {name: new for name, (_old, new) in changes.items() if name != "description"}
            if "description" in changes:
                update[description_column] = changes["description"][1]
            store.update_entry(
                entry_id,
                {
                    **update,
                    "confirmations": entry.confirmations + 1,
                    "last_confirmed": datetime.now(UTC).date(),
                    "moderated_at": now(),
                },
                tx,
            )
            detail = {"before": before, "changes": {k: v[1] for k, v in changes.items()}}
        store.update_proposal(
            proposal_id,
            {"status": "published", "entry_id": entry_id, "decided_at": now()},
            tx,
        )
        store.log(
            action,
            moderator.session,
            entry_id=entry_id,
            proposal_id=proposal_id,
            detail=detail,
            tx=tx,
        )
        return entry_id


def refuse(store: DirectoryStore, moderator: Moderator, proposal_id: int, reason: str) -> None:
    """« Refuser », with a reason the learner reads."""
    cleaned = _checked_reason(reason)
    if not cleaned:
        raise Invalid("directory.error.reason_required")
    with store.begin() as tx:
        proposal = _pending(store, proposal_id, tx)
        store.update_proposal(
            proposal_id, {"status": "refused", "reason": cleaned, "decided_at": now()}, tx
        )
        store.log(
            "refuse",
            moderator.session,
            entry_id=proposal.entry_id,
            proposal_id=proposal_id,
            detail={"reason": cleaned},
            tx=tx,
        )


def decide_report(
    store: DirectoryStore,
    moderator: Moderator,
    entry_id: int,
    *,
    keep: bool,
    categories: Iterable[str] = (),
    edits: Mapping[str, str] | None = None,
    reason: str = "",
) -> None:
    """A reported entry: kept (published again, possibly edited first) or removed."""
    cleaned = _checked_reason(reason)
    with store.begin() as tx:
        entry = store.entry(entry_id, tx)
        if entry is None:
            raise NotFound()
        detail: dict[str, Any] = {"reason": cleaned}
        values: dict[str, Any] = {"status": "published" if keep else "removed"}
        if keep and edits:
            merged = {**_entry_fields(entry), **edits}
            try:
                checked = rules.check_fields(merged, categories).as_dict()
            except DirectoryRuleError as error:
                raise rule_error(error) from error
            changes = rules.differences(_entry_fields(entry), checked)
            for name, (_old, new) in changes.items():
                values["description_fr" if name == "description" else name] = new
            detail["changes"] = {k: v[1] for k, v in changes.items()}
        values["moderated_at"] = now()
        store.update_entry(entry_id, values, tx)
        store.close_reports(entry_id, "dismissed" if keep else "upheld", tx)
        store.log(
            "keep" if keep else "remove",
            moderator.session,
            entry_id=entry_id,
            detail=detail,
            tx=tx,
        )


@dataclass(frozen=True)
class BulkResult:
    done: int = 0
    failed: tuple[tuple[int, str], ...] = field(default_factory=tuple)


def bulk(
    store: DirectoryStore,
    moderator: Moderator,
    proposal_ids: Iterable[int],
    action: str,
    categories: Iterable[str],
    reason: str = "",
) -> BulkResult:
    """Publish or refuse several proposals; each one is its own decision."""
    category_ids = tuple(categories)
    done = 0
    failed: list[tuple[int, str]] = []
    for proposal_id in proposal_ids:
        try:
            if action == "publish":
                publish(store, moderator, proposal_id, category_ids)
            elif action == "refuse":
                refuse(store, moderator, proposal_id, reason)
            else:
                raise Invalid()
            done += 1
        except ServiceError as error:
            failed.append((proposal_id, error.key))
            if error.key == "directory.error.reason_required":
                break
    return BulkResult(done, tuple(failed))


def history(store: DirectoryStore, entry_id: int) -> list[DecisionRow]:
    """Every decision about an entry, oldest first."""
    return store.history(entry_id)


def entry(store: DirectoryStore, entry_id: int) -> EntryRow | None:
    return store.entry(entry_id)
