"""Use cases of a carnet as a whole: create, open, import, export, share, revoke, read shared.

The session (``services.carnet_session.CarnetSession``) is the unit of work: what a tab holds
and how it saves.
"""

from __future__ import annotations

from collections.abc import Callable

from adapters.exports import carnet_json
from adapters.storage.carnets import CarnetNotFound, CarnetStore, StoredCarnet
from domain import carnet_io, validation
from domain.example import example_carnet
from domain.i18n import LANGUAGES
from domain.models import Carnet
from services.carnet_session import CarnetSession
from services.errors import Invalid, NotFound, Translate


class ImportRefused(Invalid):
    """A carnet file that cannot be imported: why (``import.error.<code>``) and, when the model
    refused it, which fields."""

    def __init__(self, problem: carnet_io.ImportProblem) -> None:
        super().__init__(f"import.error.{problem.code}", **problem.params)
        self.problem = problem

    def details(self, t: Translate) -> list[str]:
        return validation.explain(self.problem.errors, t)


def create(session: CarnetSession, language: str) -> StoredCarnet:
    """A new, empty carnet in the learner's language, held by the session."""
    return session.start(Carnet(language=language if language in LANGUAGES else "fr"))


def open_example(session: CarnetSession, language: str) -> StoredCarnet:
    """A new carnet holding the worked example (the learner's own copy)."""
    return session.start(example_carnet(language))


def open_link(session: CarnetSession, link_or_token: str) -> StoredCarnet:
    """The carnet of a private link (or its token); ``NotFound`` otherwise."""
    return session.open(link_or_token)


def import_json(session: CarnetSession, data: bytes) -> StoredCarnet:
    """A new carnet from a carnet file (``ImportRefused`` says why not; nothing is created)."""
    try:
        imported = carnet_io.parse_carnet_json(data)
    except carnet_io.ImportProblem as problem:
        raise ImportRefused(problem) from None
    return session.start(imported)


def export_json(carnet: Carnet, *, include_private: bool) -> str:
    """The carnet as a re-importable file (private fields only when asked)."""
    return carnet_json(carnet, include_private=include_private)


def share(session: CarnetSession) -> str:
    """A read-only share token for the session's carnet (a new one: the old link dies)."""
    return session.enable_sharing()


def revoke(session: CarnetSession) -> None:
    """The share link stops working."""
    session.revoke_sharing()


def set_language(session: CarnetSession, language: str) -> None:
    """The carnet's language (its exports and shared view use it)."""
    carnet = session.carnet
    if language in LANGUAGES and carnet is not None and carnet.language != language:
        session.update(lambda c: setattr(c, "language", language))


def read_shared(store: CarnetStore, share_token: str, held: StoredCarnet | None) -> StoredCarnet:
    """The carnet of a share link: ``held`` again while its owner has not saved since (a version
    check is cheap), else loaded afresh; ``NotFound`` when the link is unknown or revoked."""
    version = store.version(share_token, shared=True)
    if version is None:
        raise NotFound("partage.not_found")
    if held is not None and (held.share_token, held.version) == (share_token, version):
        return held
    try:
        return store.load_shared(share_token)
    except CarnetNotFound:
        raise NotFound("partage.not_found") from None


# ------------------------------------------------------------------------------ fields


def field_value(carnet: Carnet, path: str) -> object:
    """The value at a dotted path of the carnet (``project.name``, ``answers.vision``...)."""
    value: object = carnet
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _setter(path: str, value: object) -> Callable[[Carnet], None]:
    *parents, last = path.split(".")

    def change(carnet: Carnet) -> None:
        target: object = carnet
        for part in parents:
            target = getattr(target, part)
        setattr(target, last, value)

    return change


def edit_field(session: CarnetSession, path: str, value: object) -> None:
    """Set one field of the carnet (a text typed in a form bound to it) and save."""
    session.update(_setter(path, value))
