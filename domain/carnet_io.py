"""Carnet JSON: export, import with clear refusals, and schema migrations.

A refused import raises ImportProblem with a code the UI turns into a message in the learner's
language (locale keys "import.error.<code>"); the caller's carnet is never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from domain.json_file import JsonFileProblem, load_json
from domain.models import SCHEMA_VERSION, Carnet

# The largest carnet the models accept (domain.models: 5,000 actors with every field full, 80
# members, three answers of 6,000 characters...) written by carnet_to_json takes about 72 MB when
# every character needs 4 UTF-8 bytes: the import takes it back (tests/unit/test_carnet_limits.py
# builds that carnet). Streamlit's own upload limit (server.maxUploadSize, 200 MB) is above.
MAX_IMPORT_BYTES = 80 * 1024 * 1024

Migration = Callable[[dict[str, Any]], dict[str, Any]]

# MIGRATIONS[n] turns a carnet of schema n into schema n + 1. Version 1 is the first published
# schema, so there is none yet; a future change adds e.g. MIGRATIONS[1] = _v1_to_v2.
MIGRATIONS: dict[int, Migration] = {}


class ImportProblem(Exception):
    """A carnet file that cannot be imported; code names the locale message."""

    def __init__(self, code: str, *, errors: list[dict[str, Any]] | None = None, **params: object):
        super().__init__(code)
        self.code = code
        self.errors = errors or []  # pydantic error dicts, explained by domain.validation
        self.params = params


def migrate(
    data: dict[str, Any],
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    target: int = SCHEMA_VERSION,
) -> dict[str, Any]:
    """Bring an old carnet dict[str, Any] up to the target schema, one step at a time."""
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportProblem("bad_version", version=str(version)[:20])
    if version > target:
        raise ImportProblem("future_version", version=version)
    while version < target:
        step = migrations.get(version)
        if step is None:
            raise ImportProblem("bad_version", version=version)
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


def carnet_to_json(carnet: Carnet) -> str:
    return carnet.model_dump_json(indent=2)


def carnet_from_dict(data: dict[str, Any]) -> Carnet:
    """Validate a stored or imported carnet dict[str, Any] (after migration)."""
    return Carnet.model_validate(migrate(data))


def parse_carnet_json(raw: bytes | str) -> Carnet:
    """Read an uploaded carnet file; raise ImportProblem on anything but a valid carnet."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportProblem("too_large", max_mb=MAX_IMPORT_BYTES // (1024 * 1024))
    if not raw.strip():
        raise ImportProblem("empty")
    try:
        data = load_json(raw)
    except JsonFileProblem as problem:
        raise ImportProblem(problem.kind) from None
    if not isinstance(data, dict):
        raise ImportProblem("not_object")
    if "schema_version" not in data or "project" not in data:
        raise ImportProblem("not_carnet")
    try:
        return carnet_from_dict(data)
    except ValidationError as exc:
        errors = [dict(error) for error in exc.errors(include_url=False)]
        raise ImportProblem("invalid", errors=errors) from None
