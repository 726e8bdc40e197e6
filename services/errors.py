"""The project's errors: each carries the key of its message in the locale files
(``data/locales/<lang>/errors.json``...) and the message's parameters. Services raise them; the
interface shows them through one channel (``components.messages``)."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from domain import validation

Translate = Callable[..., str]


class ServiceError(Exception):
    """Something the user must be told, in their language."""

    key = "errors.unexpected"

    def __init__(self, key: str | None = None, /, **params: object) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(self.key)

    def explain(self, t: Translate) -> list[str]:
        """What to tell the user, in their language (one line or more)."""
        return [t(self.key, **self.params)]


class Invalid(ServiceError):
    """What the user gave cannot be accepted (too long, wrong format...)."""

    key = "errors.invalid"


class InvalidCarnet(Invalid):
    """The model refuses what a change made of the carnet (a field too long...): one line per
    refused field."""

    def __init__(self, errors: ValidationError) -> None:
        super().__init__()
        self.errors = errors

    def explain(self, t: Translate) -> list[str]:
        return validation.explain(self.errors, t)


class NotFound(ServiceError):
    """No such carnet, entry, class... (or a wrong secret: never say which)."""

    key = "errors.not_found"


class Forbidden(ServiceError):
    """The secret does not open this (moderator key, trainer link...)."""

    key = "errors.forbidden"


class Conflict(ServiceError):
    """Someone changed the same thing meanwhile."""

    key = "errors.conflict"


class Closed(ServiceError):
    """The thing exists but no longer takes this action (a closed class...)."""

    key = "errors.closed"


class TooMany(ServiceError):
    """A limit against abuse was reached (proposals per day, wrong guesses...)."""

    key = "errors.too_many"
