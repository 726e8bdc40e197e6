"""The carnet a tab holds, and how its changes are saved: no Streamlit here.

A ``CarnetSession`` keeps what a tab knows about its carnet (token, saved version, the carnet,
its share token, a conflict waiting for the learner) in a mutable mapping it is given: the app
gives it ``st.session_state`` (``components.state`` is only that binding), tests a ``dict``.
It is cheap to make: make one whenever it is needed.

Every change is a function ``change(carnet)`` that mutates a copy; ``update(change)`` validates
the copy and saves it at once with an optimistic version check. When another tab saved in the
meantime, the change is replayed on the newer carnet and saved if the result keeps both tabs'
work (``domain.merge``); otherwise nothing is saved and the conflict waits in ``STALE`` until
the learner chooses: ``reload`` (take the other tab's version) or ``keep_mine`` (this tab's
change applied to the latest version; where it no longer applies, this tab's whole copy).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, cast

from pydantic import ValidationError

from adapters.storage.carnets import CarnetNotFound, CarnetStore, StaleCarnet, StoredCarnet
from domain import merge
from domain.models import Carnet
from services.errors import Conflict, InvalidCarnet, NotFound, ServiceError

Change = Callable[[Carnet], object]
T = TypeVar("T")

# Where the session keeps its data in its mapping (the app: ``st.session_state``).
TOKEN = "carnet_token"
VERSION = "carnet_version"
CARNET = "carnet"
SHARE = "carnet_share_token"
STALE = "carnet_stale"
MERGED = "carnet_merged"  # a change was replayed on another tab's newer save: say so once
#: Keys of the views of the carnet's fields (widgets bound to them, ``components.fields``):
#: dropped whenever the carnet is replaced, so that they start again from it.
FIELD_PREFIX = "field:"
_HELD = (TOKEN, VERSION, CARNET, SHARE, STALE)


class NoCarnet(ServiceError):
    """No carnet is open in this tab."""

    key = "state.no_carnet"


class StalePending(Conflict):
    """Another tab changed the same thing: the learner must choose first."""

    key = "state.stale_pending"


@dataclass(frozen=True)
class Stale:
    """A change that could not be saved: this tab's copy, the newer saved one, the change."""

    mine: Carnet
    theirs: StoredCarnet
    change: Change | None


Refresh = Literal["unchanged", "reloaded", "closed"]


def apply_change(carnet: Carnet, change: Change) -> Carnet:
    """``change`` on a copy of ``carnet``, validated (raises what they raise)."""
    draft = carnet.model_copy(deep=True)
    change(draft)
    return Carnet.model_validate(draft.model_dump())


def replayed(change: Change, carnet: Carnet) -> Carnet | None:
    """``change`` applied to another carnet, or None when it no longer applies there (e.g. to
    an actor deleted meanwhile)."""
    try:
        return apply_change(carnet, change)
    except (ValidationError, LookupError, ValueError, TypeError, StopIteration):
        return None


def token_from_link(link_or_token: str) -> str:
    """The token of a private link (a full URL with ``carnet=...``, or just the token)."""
    value = (link_or_token or "").strip()
    if "carnet=" in value:
        value = value.split("carnet=", 1)[1].split("&", 1)[0].split("#", 1)[0]
    return value


class _Slot(Generic[T]):
    """What the session keeps under ``key`` in its mapping (None when absent), read-only."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __get__(self, session: CarnetSession, owner: type | None = None) -> T | None:
        return cast("T | None", session.slots.get(self.key))


class CarnetSession:
    def __init__(self, slots: MutableMapping[Any, Any], store: CarnetStore) -> None:
        self.slots = slots
        self.store = store

    # ------------------------------------------------------------------------------ reading

    carnet = _Slot[Carnet](CARNET)
    token = _Slot[str](TOKEN)
    version = _Slot[int](VERSION)
    share_token = _Slot[str](SHARE)
    stale = _Slot[Stale](STALE)

    def take_merged(self) -> bool:
        """Whether a change was merged with another tab's since last asked (then forgotten)."""
        return bool(self.slots.pop(MERGED, False))

    # ---------------------------------------------------------------------- holding a carnet

    def hold(self, stored: StoredCarnet) -> StoredCarnet:
        """Make a stored carnet this tab's carnet; the views of its fields start again."""
        self.forget_views()
        self.slots[TOKEN] = stored.token
        self.slots[VERSION] = stored.version
        self.slots[CARNET] = stored.carnet
        self.slots[SHARE] = stored.share_token
        self.slots.pop(STALE, None)
        return stored

    def start(self, carnet: Carnet) -> StoredCarnet:
        """Create a carnet (empty, imported or the worked example) and hold it."""
        return self.hold(self.store.create(carnet))

    def open(self, link_or_token: str) -> StoredCarnet:
        """Hold the carnet of a private link (or token); ``NotFound`` when there is none."""
        try:
            stored = self.store.load(token_from_link(link_or_token))
        except CarnetNotFound:
            raise NotFound("state.not_found") from None
        return self.hold(stored)

    def close(self) -> None:
        for key in _HELD:
            self.slots.pop(key, None)

    def reload(self) -> None:
        """Take the latest saved version (after another tab changed the carnet)."""
        if self.token:
            try:
                self.open(self.token)
            except NotFound:
                self.close()

    def refresh(self) -> Refresh:
        """Follow what other tabs saved: ``reloaded`` when there is a newer version (not while
        a conflict waits), ``closed`` when the carnet is gone."""
        if self.token is None or self.stale is not None:
            return "unchanged"
        saved = self.store.version(self.token)
        if saved is None:
            self.close()
            return "closed"
        if saved != self.version:
            self.reload()
            return "reloaded"
        return "unchanged"

    def forget_views(self) -> None:
        for key in [k for k in self.slots if str(k).startswith(FIELD_PREFIX)]:
            del self.slots[key]

    # ------------------------------------------------------------------------------ changing

    def _saved(self, stored: StoredCarnet) -> None:
        self.slots[VERSION] = stored.version
        self.slots[CARNET] = stored.carnet

    def _save(self, carnet: Carnet) -> bool:
        """Save now; on a version conflict keep this copy aside (``STALE``)."""
        assert self.token is not None and self.version is not None
        try:
            stored = self.store.save(self.token, carnet, expected_version=self.version)
        except StaleCarnet as conflict:
            self.slots[STALE] = Stale(carnet, conflict.current, None)
            return False
        self._saved(stored)
        return True

    def update(self, change: Change) -> Carnet:
        """Apply ``change`` to a copy of the carnet, validate and save it; the saved carnet.

        Raises ``NoCarnet``, ``InvalidCarnet`` (the model refuses the result), ``StalePending``
        (both tabs changed the same thing: nothing saved, the conflict waits), or what
        ``change`` itself raises (nothing saved).
        """
        carnet = self.carnet
        if carnet is None or self.token is None or self.version is None:
            raise NoCarnet()
        if self.stale is not None:
            raise StalePending()
        try:
            draft = apply_change(carnet, change)
        except ValidationError as exc:
            raise InvalidCarnet(exc) from None
        try:
            stored = self.store.save(self.token, draft, expected_version=self.version)
        except StaleCarnet as conflict:
            stored = self._merge(carnet, draft, conflict.current, change)
        self._saved(stored)
        return stored.carnet

    def _merge(
        self, base: Carnet, draft: Carnet, theirs: StoredCarnet, change: Change
    ) -> StoredCarnet:
        """Replay ``change`` on the other tab's newer save when that keeps both tabs' work."""
        assert self.token is not None
        again = replayed(change, theirs.carnet)
        if again is None or not merge.holds_both(base, draft, theirs.carnet, again):
            self.slots[STALE] = Stale(draft, theirs, change)
            raise StalePending()
        try:
            stored = self.store.save(self.token, again, expected_version=theirs.version)
        except StaleCarnet as third:  # a third save in between: ask
            self.slots[STALE] = Stale(draft, third.current, change)
            raise StalePending() from None
        self.forget_views()  # they show this tab's old copy of the other tab's fields
        self.slots[MERGED] = True
        return stored

    def keep_mine(self) -> bool:
        """Resolve a conflict in favour of this tab, knowingly: its change is applied to the
        newer carnet (where both tabs changed the same thing, this tab's value stays); a change
        that no longer applies saves this tab's whole copy. False when it conflicted again."""
        conflict = self.slots.pop(STALE, None)
        if conflict is None or self.token is None:
            return True
        try:
            theirs = self.store.load(self.token)  # the latest: the other tab may have saved again
        except CarnetNotFound:
            theirs = conflict.theirs
        self.slots[VERSION] = theirs.version
        again = replayed(conflict.change, theirs.carnet) if conflict.change is not None else None
        if self._save(again if again is not None else conflict.mine):
            self.forget_views()
            return True
        return False

    # ------------------------------------------------------------------------------- sharing

    def enable_sharing(self) -> str:
        """A new read-only share token (the old link dies)."""
        if self.token is None:
            raise NoCarnet()
        try:
            share = self.store.enable_sharing(self.token)
        except CarnetNotFound:
            raise NotFound("state.not_found") from None
        self.slots[SHARE] = share
        return share

    def revoke_sharing(self) -> None:
        if self.token is None:
            raise NoCarnet()
        self.store.revoke_sharing(self.token)
        self.slots[SHARE] = None
