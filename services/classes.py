"""The class space's use cases: a trainer opens a class, learners join with its code and choose
what they share, the trainer's board reads the class through ``domain.classroom``'s filter.

Secrets: the join code only lets one join (it opens nothing else); the trainer token (256
random bits, stored hashed) opens the board. Wrong codes and wrong tokens are slowed down
(``domain.throttle``), keyed by client.
"""

from __future__ import annotations

import functools
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from adapters.exports import class_exports
from adapters.storage.carnets import CarnetNotFound
from adapters.storage.classes import (
    AlreadyMember,
    ClassRow,
    DuplicateCode,
    MemberRow,
    MemberWithCarnet,
)
from domain import classroom
from domain.catalogue import load_categories
from domain.classroom import Board, ClassLearner, ClassProposal, Consents, SharedView
from domain.gazetteer import Gazetteer, normalize
from domain.i18n import Translator
from domain.models import MAX_SHORT
from domain.summary import category_infos
from domain.text import clean_text
from domain.throttle import Throttle
from services import directory as directory_services
from services.errors import Closed, Forbidden, Invalid, NotFound
from services.stores import Stores

TRAINER_TOKEN_BYTES = 32  # 256 random bits
DEFAULT_RETENTION_DAYS = 30
MAX_PSEUDONYM_TRIES = 50

#: Shared by every session of the process: wrong codes and trainer links by client.
GUESSES = Throttle()


#: (kind, file name, MIME type) of the trainer's exports.
EXPORTS = (
    ("progress_csv", "classe-progression.csv", "text/csv"),
    ("actors_csv", "classe-acteurs.csv", "text/csv"),
    ("map_geojson", "classe-carte.geojson", "application/geo+json"),
    ("report_html", "classe-rapport.html", "text/html"),
)


#: A class as its trainer sees it (the trainer token is not part of it: the trainer holds it).
ClassInfo = ClassRow


@dataclass(frozen=True)
class CreatedClass:
    info: ClassInfo
    trainer_token: str  # shown once to the trainer


@dataclass(frozen=True)
class JoinableClass:
    """What the join screen shows: the class's name, nothing else."""

    name: str
    territory: str
    code: str
    is_open: bool


@dataclass(frozen=True)
class Membership:
    """A carnet's place in a class, as the learner sees it."""

    class_id: int
    class_name: str
    pseudonym: str
    learner_name: str
    consents: Consents


def _membership(member: MemberRow, row: ClassRow) -> Membership:
    return Membership(row.id, row.name, member.pseudonym, member.learner_name, member.consents)


def retention_days(environ: dict[str, str] | None = None) -> int:
    """Days a class is kept after its end date (env ``CLASS_RETENTION_DAYS``, default 30)."""
    env = os.environ if environ is None else environ
    value = (env.get("CLASS_RETENTION_DAYS") or "").strip()
    try:
        days = int(value)
    except ValueError:
        return DEFAULT_RETENTION_DAYS
    return max(0, days)


def departement_lookup(gazetteer: Gazetteer) -> classroom.DepartementOf:
    """Département of an actor (postcode in its address, else its commune's name), from the
    offline gazetteer; answers are kept (a class has a few hundred distinct communes)."""
    names: dict[str, str] = {}
    communes: dict[str, set[str]] = {}
    for commune in gazetteer:
        names[commune.departement_code] = commune.departement
        communes.setdefault(normalize(commune.name), set()).add(commune.departement_code)
    unique = {name: next(iter(codes)) for name, codes in communes.items() if len(codes) == 1}
    resolve = classroom.departement_resolver(names, unique, normalize)
    return functools.lru_cache(maxsize=20_000)(resolve)


@functools.lru_cache(maxsize=1)
def _departements() -> classroom.DepartementOf:
    return departement_lookup(Gazetteer.load())


def category_ids() -> tuple[str, ...]:
    return tuple(category.id for category in load_categories())


class ClassService:
    """One class space on the app's stores. ``clock`` and ``sleep`` are injectable for tests."""

    def __init__(
        self,
        stores: Stores,
        *,
        throttle: Throttle = GUESSES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        departement_of: classroom.DepartementOf | None = None,
    ) -> None:
        self.stores = stores
        self.throttle = throttle
        self.clock = clock
        self.sleep = sleep
        self._departement_of = departement_of
        self._board_cache: dict[int, tuple[tuple[tuple[Any, ...], ...], Board]] = {}
        self._views: dict[int, dict[tuple[Any, ...], SharedView]] = {}
        self._board_lock = threading.Lock()

    @property
    def departement_of(self) -> classroom.DepartementOf:
        return self._departement_of or _departements()

    # --- guesses

    def _guarded(self, client: str, lookup: Callable[[], ClassRow | None]) -> ClassRow:
        """``lookup()``'s class; after a few wrong guesses from this client each answer waits
        longer (``Throttle``); the same answer for a malformed and an unknown secret."""
        key = f"class:{client}"
        wait = self.throttle.delay(key, self.clock())
        if wait > 0:
            self.sleep(wait)
        row = lookup()
        if row is None:
            self.throttle.failed(key, self.clock())
            raise NotFound("errors.class_not_found")
        self.throttle.succeeded(key)
        return row

    def _trainer_class(self, token: str, client: str) -> ClassRow:
        token = (token or "").strip()

        def lookup() -> ClassRow | None:
            if not 32 <= len(token) <= 128:
                return None
            return self.stores.classes.by_trainer_token(token)

        try:
            return self._guarded(client, lookup)
        except NotFound as exc:
            raise Forbidden("errors.class_forbidden") from exc

    # --- trainer

    def create_class(
        self, name: str, *, territory: str = "", end_date: date | None = None
    ) -> CreatedClass:
        name = clean_text(name or "")
        territory = clean_text(territory or "")
        if not name:
            raise Invalid("errors.class_name_required")
        if len(name) > MAX_SHORT or len(territory) > MAX_SHORT:
            raise Invalid("errors.class_too_long", limit=MAX_SHORT)
        if end_date is not None and end_date < datetime.now(UTC).date():
            raise Invalid("errors.class_end_past")
        token = secrets.token_urlsafe(TRAINER_TOKEN_BYTES)
        for _ in range(20):
            try:
                row = self.stores.classes.create(
                    name=name,
                    territory=territory,
                    end_date=end_date,
                    code=classroom.new_code(),
                    trainer_token=token,
                )
            except DuplicateCode:
                continue
            return CreatedClass(row, token)
        raise RuntimeError("no free join code after 20 draws")  # 23^6 codes: never in practice

    def open_board(self, trainer_token: str, client: str) -> ClassInfo:
        return self._trainer_class(trainer_token, client)

    def set_open(self, trainer_token: str, is_open: bool, client: str) -> ClassInfo:
        row = self._trainer_class(trainer_token, client)
        self.stores.classes.set_open(row.id, is_open)
        return self.stores.classes.by_id(row.id) or row

    def delete_class(self, trainer_token: str, client: str) -> None:
        row = self._trainer_class(trainer_token, client)
        self.stores.classes.delete(row.id)
        with self._board_lock:
            self._board_cache.pop(row.id, None)
            self._views.pop(row.id, None)

    # --- learner

    def find_by_code(self, code_text: str, client: str) -> JoinableClass:
        """The class a code names (for the join screen), or NotFound; slowed on wrong codes."""
        code = classroom.parse_code(code_text)
        row = self._guarded(client, lambda: self.stores.classes.by_code(code) if code else None)
        return JoinableClass(row.name, row.territory, row.code, row.is_open)

    def _carnet_id(self, carnet_token: str) -> int:
        try:
            stored = self.stores.carnets.load(carnet_token)
        except CarnetNotFound as exc:
            raise NotFound() from exc
        assert stored.id is not None
        return stored.id

    @staticmethod
    def _name(consents: Consents, learner_name: str) -> str:
        name = clean_text(learner_name or "") if consents.name else ""
        if len(name) > classroom.MAX_LEARNER_NAME:
            raise Invalid("errors.class_too_long", limit=classroom.MAX_LEARNER_NAME)
        if consents.name and not name:
            raise Invalid("errors.class_name_missing")
        return name

    def join(
        self,
        code_text: str,
        carnet_token: str,
        consents: Consents,
        *,
        learner_name: str = "",
        client: str,
    ) -> Membership:
        """Join the class of ``code_text`` with this carnet, sharing what ``consents`` says."""
        code = classroom.parse_code(code_text)
        row = self._guarded(client, lambda: self.stores.classes.by_code(code) if code else None)
        if not row.is_open:
            raise Closed("errors.class_closed")
        name = self._name(consents, learner_name)
        carnet_id = self._carnet_id(carnet_token)
        taken = self.stores.classes.pseudonyms(row.id)
        pseudonym = classroom.new_pseudonym()
        for _ in range(MAX_PSEUDONYM_TRIES):
            if pseudonym not in taken:
                break
            pseudonym = classroom.new_pseudonym()
        try:
            member = self.stores.classes.add_member(
                row.id, carnet_id, pseudonym=pseudonym, learner_name=name, consents=consents
            )
        except AlreadyMember as exc:
            raise Invalid("errors.class_already_member") from exc
        return _membership(member, row)

    def memberships(self, carnet_token: str) -> list[Membership]:
        try:
            carnet_id = self._carnet_id(carnet_token)
        except NotFound:
            return []
        return [_membership(m, c) for m, c in self.stores.classes.memberships_of(carnet_id)]

    def update_consents(
        self, carnet_token: str, class_id: int, consents: Consents, *, learner_name: str = ""
    ) -> Membership:
        name = self._name(consents, learner_name)
        carnet_id = self._carnet_id(carnet_token)
        if not self.stores.classes.update_member(
            class_id, carnet_id, learner_name=name, consents=consents
        ):
            raise NotFound("errors.class_not_member")
        if not consents.actors:  # off the board: no pre-approval left in this class's name
            self.stores.directory.clear_preapprovals(class_id, carnet_id)
        return next(m for m in self.memberships(carnet_token) if m.class_id == class_id)

    def leave(self, carnet_token: str, class_id: int) -> None:
        carnet_id = self._carnet_id(carnet_token)
        if not self.stores.classes.remove_member(class_id, carnet_id):
            raise NotFound("errors.class_not_member")
        self.stores.directory.clear_preapprovals(class_id, carnet_id)

    # --- board

    def _view(self, item: MemberWithCarnet) -> SharedView:
        return classroom.shared_view(
            item.member.id,
            item.carnet,
            item.member.consents,
            pseudonym=item.member.pseudonym,
            name=item.member.learner_name,
            departement_of=self.departement_of,
        )

    def shared_views(self, class_id: int) -> list[SharedView]:
        """Every member through the filter: the only way the board reads carnets."""
        return [self._view(item) for item in self.stores.classes.members_with_carnets(class_id)]

    def board_of(self, class_id: int) -> Board:
        """The board of a class, rebuilt only when a member or a carnet changed, and then
        reading again only the carnets that changed (each member's view is kept per
        (member, its row's last change, the carnet's version))."""
        fingerprint = self.stores.classes.fingerprint(class_id)
        with self._board_lock:
            cached = self._board_cache.get(class_id)
            views = dict(self._views.get(class_id, {}))
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        stale = [row[0] for row in fingerprint if row not in views]
        if stale:
            fresh = {
                item.member.id: self._view(item)
                for item in self.stores.classes.members_with_carnets(class_id, stale)
            }
            for row in fingerprint:
                if row[0] in fresh:
                    views[row] = fresh[row[0]]
        current = {row: views[row] for row in fingerprint if row in views}
        board = classroom.build_board(list(current.values()), category_ids())
        with self._board_lock:
            self._board_cache[class_id] = (fingerprint, board)
            self._views[class_id] = current
        return board

    def board(self, trainer_token: str, client: str) -> tuple[ClassInfo, Board]:
        info = self.open_board(trainer_token, client)
        return info, self.board_of(info.id)

    # --- the class's proposals to the shared directory (see ``domain.classroom``'s rule)

    def proposals_of(self, class_id: int) -> tuple[ClassProposal, ...]:
        """The directory proposals of the learners who share their actors' public fields."""
        authors = classroom.proposal_authors(
            ClassLearner(m.carnet_id, m.consents, m.pseudonym, m.learner_name)
            for m in self.stores.classes.members(class_id)
        )
        rows = directory_services.proposals_for_carnets(self.stores.directory, authors)
        return classroom.class_proposals(authors, rows, class_id)

    def proposals(self, trainer_token: str, client: str) -> tuple[ClassProposal, ...]:
        return self.proposals_of(self.open_board(trainer_token, client).id)

    def preapprove(
        self, trainer_token: str, proposal_id: int, approve: bool, client: str
    ) -> ClassProposal:
        """« Pré-approuver pour les modérateurs » (or undo it) from the board: only the
        trainer link of the class, only a pending proposal its board shows. Never publishes."""
        info = self._trainer_class(trainer_token, client)
        shown = next((p for p in self.proposals_of(info.id) if p.id == proposal_id), None)
        if shown is None:
            raise NotFound("errors.class_proposal_not_found")
        directory_services.preapprove(self.stores.directory, proposal_id, info.id, approve)
        return next(p for p in self.proposals_of(info.id) if p.id == proposal_id)

    # --- exports (only from the board: only what learners chose to share)

    def export(self, trainer_token: str, client: str, kind: str, lang: str) -> bytes:
        """One of ``EXPORTS`` of the class, in ``lang``."""
        info, board = self.board(trainer_token, client)
        t = Translator(lang)
        categories = category_infos(load_categories(), t, short=True)
        if kind == "progress_csv":
            return class_exports.progress_csv(board)
        if kind == "actors_csv":
            return class_exports.actors_csv(board, categories)
        if kind == "map_geojson":
            return class_exports.class_geojson(board, categories).encode("utf-8")
        if kind == "report_html":
            return class_exports.class_report_html(
                board,
                proposals=self.proposals_of(info.id),
                class_name=info.name,
                territory=info.territory,
                categories=categories,
                t=t,
                language=t.lang,
            ).encode("utf-8")
        raise ValueError(f"unknown export: {kind}")

    # --- retention

    def purge_expired(self, *, today: date | None = None, days: int | None = None) -> int:
        """Delete the classes whose end date plus the retention period has passed."""
        today = today or datetime.now(UTC).date()
        days = retention_days() if days is None else days
        expired = self.stores.classes.ended_before(today - timedelta(days=days))
        for class_id in expired:
            self.stores.classes.delete(class_id)
        return len(expired)
