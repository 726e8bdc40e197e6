"""Turn pydantic validation errors into sentences in the learner's language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import ValidationError

Translate = Callable[..., str]

_MESSAGE_BY_TYPE = {
    "string_too_long": "validation.too_long",
    "string_too_short": "validation.required",
    "too_long": "validation.too_many",
    "missing": "validation.required",
    "string_pattern_mismatch": "validation.format",
    "string_unicode": "validation.format",
    "greater_than_equal": "validation.range",
    "less_than_equal": "validation.range",
    "enum": "validation.choice",
    "literal_error": "validation.choice",
    "extra_forbidden": "validation.unknown_field",
    "value_error": "validation.format",
}


def field_label(loc: tuple[object, ...], t: Translate) -> str:
    """The most specific named part of an error location, as a field label."""
    names = [part for part in loc if isinstance(part, str)]
    for name in reversed(names):
        key = f"field.{name}"
        label = t(key)
        if label != key:
            return label
    return ".".join(str(part) for part in loc) or "?"


def explain(
    errors: Iterable[Mapping[str, Any]] | ValidationError, t: Translate, limit: int = 8
) -> list[str]:
    found: Iterable[Mapping[str, Any]] = (
        errors.errors(include_url=False) if isinstance(errors, ValidationError) else errors
    )
    lines = []
    for error in list(found)[:limit]:
        ctx = error.get("ctx") or {}
        key = _MESSAGE_BY_TYPE.get(error["type"], "validation.invalid")
        limit_value = ctx.get("max_length", ctx.get("ge", ctx.get("le", "")))
        lines.append(t(key, field=field_label(tuple(error["loc"]), t), limit=limit_value))
    return lines
