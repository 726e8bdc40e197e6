"""The project's errors: each carries the key of its message in the locale files
(``data/locales/<lang>/errors.json``...) and the message's parameters. Services raise them; the
interface shows them through one channel (``components.messages``)."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the user must be told, in their language."""

    key = "errors.unexpected"

    def __init__(self, key: str | None = None, /, **params: object) -> None:
        self.key = key or type(self).key
        self.params = params
        super().__init__(self.key)


class Invalid(ServiceError):
    """What the user gave cannot be accepted (too long, wrong format...)."""

    key = "errors.invalid"


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
