"""The alliance's members table: rows for ``st.data_editor``, the editor's delta applied
(``apply_editor_delta``), a family from its code or label, reordering, and the refusals as
sentences. Pure: no Streamlit here (see research/streamlit-notes.md §1.3: never write the
editor's output back into its input)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from domain.i18n import LANGUAGES, load_messages
from domain.models import (
    MAX_MEMBERS,
    MAX_NOTE,
    MAX_SHORT,
    Family,
    Member,
)
from domain.network import FAMILY_ORDER
from domain.text import escape_markdown, fold

Translate = Callable[..., str]


MEMBER_COLUMNS = ("name", "family", "role", "expertise", "interest")
ID_COLUMN = "id"
COLUMN_LIMITS = {"name": MAX_SHORT, "role": MAX_NOTE, "expertise": MAX_NOTE, "interest": MAX_NOTE}


def members_to_rows(members: Sequence[Member]) -> list[dict[str, str]]:
    """What the members editor shows: one dict[str, Any] per member, in the carnet's order.

    Each row holds ``ID_COLUMN`` ("id") then ``MEMBER_COLUMNS``; ``family`` is the family code
    (show it with ``SelectboxColumn(options=[f.value for f in Family], format_func=label)``).
    The UI hides the id with ``column_order=MEMBER_COLUMNS``: it is there so a row can be traced
    back to its member, but ``apply_editor_delta`` never reads ids from the delta: it works on
    positions in the list the rows were built from, like Streamlit does, and ignores any column
    that is not in ``MEMBER_COLUMNS``. Build the DataFrame with its default RangeIndex.
    """
    return [
        {
            ID_COLUMN: member.id,
            "name": member.name,
            "family": member.family.value,
            "role": member.role,
            "expertise": member.expertise,
            "interest": member.interest,
        }
        for member in members
    ]


@dataclass(frozen=True)
class EditResult:
    """The members after an edit, and what could not be applied.

    Each error is ``{"row": int, "column": str | None, "code": str, "params": dict}``: ``row``
    is the editor's 0-based row (the original index for an edited or deleted row,
    ``len(original) + i`` for the i-th added row); ``params["row"]`` is the same row counted
    from 1, for messages. Codes: ``required`` (empty name), ``too_long`` (params ``limit``),
    ``unknown_family`` (params ``value``), ``unknown_row``, ``too_many`` (params ``limit``),
    ``invalid``. Translate them with ``edit_error_messages``.
    """

    members: list[Member]
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@lru_cache(maxsize=1)
def _family_aliases() -> dict[str, Family]:
    aliases: dict[str, Family] = {}
    for family in Family:
        aliases[fold(family.value)] = family
    for lang in LANGUAGES:
        messages = load_messages(lang)
        for family in Family:
            label = messages.get(f"family.{family.value}")
            if not label:
                continue
            aliases.setdefault(fold(label), family)
            # "Association / structure de l'ESS" also answers to "association" and to
            # "structure de l'ESS"; the first family to claim a part keeps it.
            for part in label.split("/"):
                if fold(part):
                    aliases.setdefault(fold(part), family)
    return aliases


def parse_family(value: object) -> Family | None:
    """A family from its code or its French or English label (accents and case ignored).

    ``None`` for an unknown value; an empty value is the caller's business.
    """
    if isinstance(value, Family):
        return value
    if not isinstance(value, str):
        return None
    return _family_aliases().get(fold(value))


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _error(row: int, column: str | None, code: str, **params: object) -> dict[str, Any]:
    return {"row": row, "column": column, "code": code, "params": {"row": row + 1, **params}}


def _build_member(
    base: dict[str, Any], cells: Mapping[str, object], row: int
) -> tuple[Member | None, list[dict[str, Any]]]:
    """Apply cells to a member's data; the member, or None and the errors of this row."""
    data = dict(base)
    errors: list[dict[str, Any]] = []
    for column in MEMBER_COLUMNS:
        if column not in cells:
            continue
        value = cells[column]
        if column == "family":
            if _blank(value):
                data["family"] = Family.OTHER
                continue
            family = parse_family(value)
            if family is None:
                errors.append(_error(row, "family", "unknown_family", value=str(value)[:60]))
            else:
                data["family"] = family
            continue
        data[column] = _as_text(value)
    try:
        member = Member.model_validate(data)
    except ValidationError as problem:
        for issue in problem.errors(include_url=False):
            named = next((p for p in issue["loc"] if isinstance(p, str)), None)
            kind = issue["type"]
            if kind == "string_too_short":
                errors.append(_error(row, named, "required"))
            elif kind == "string_too_long":
                errors.append(
                    _error(row, named, "too_long", limit=COLUMN_LIMITS.get(named or "", ""))
                )
            else:
                errors.append(_error(row, named, "invalid"))
        return None, errors
    if errors:
        return None, errors
    return member, []


def _row_index(key: object, count: int) -> int | None:
    """A delta's row key (int, or str after a JSON round trip) as an index of the list."""
    try:
        index = int(str(key))
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < count else None


def apply_editor_delta(members: Sequence[Member], delta: Mapping[str, Any] | None) -> EditResult:
    """Apply ``st.data_editor``'s delta to the members, like Streamlit applies it to a DataFrame.

    Row indices in ``edited_rows`` and ``deleted_rows`` refer to the ORIGINAL list; a deleted
    row's edits are dropped; added rows are appended in order, with new ids; an added row with no
    value at all is ignored. Edited members keep their id. A row with a bad value (empty name,
    text over its limit, unknown family) is left as it was (an added one is not added) and
    reported in ``errors``; every other valid edit is applied. The input list is not modified.
    """
    delta = delta or {}
    original = list(members)
    count = len(original)
    errors: list[dict[str, Any]] = []

    deleted: set[int] = set()
    for key in delta.get("deleted_rows") or []:
        index = _row_index(key, count)
        if index is None:
            errors.append(_error(_safe_int(key), None, "unknown_row"))
        else:
            deleted.add(index)

    result: list[Member | None] = [m.model_copy() for m in original]
    for key, cells in (delta.get("edited_rows") or {}).items():
        index = _row_index(key, count)
        if index is None:
            errors.append(_error(_safe_int(key), None, "unknown_row"))
            continue
        if index in deleted or not isinstance(cells, Mapping):
            continue
        base = original[index].model_dump()
        member, row_errors = _build_member(base, cells, index)
        if member is not None:
            result[index] = member
        errors.extend(row_errors)

    kept = [m for i, m in enumerate(result) if i not in deleted and m is not None]
    for offset, cells in enumerate(delta.get("added_rows") or []):
        row = count + offset
        if not isinstance(cells, Mapping):
            continue
        if all(_blank(cells.get(column)) for column in MEMBER_COLUMNS):
            continue
        if len(kept) >= MAX_MEMBERS:
            errors.append(_error(row, None, "too_many", limit=MAX_MEMBERS))
            continue
        member, row_errors = _build_member({"name": ""}, cells, row)
        if member is not None:
            kept.append(member)
        errors.extend(row_errors)
    errors.sort(key=_error_order)
    return EditResult(kept, errors)


def _error_order(error: dict[str, Any]) -> tuple[int, int]:
    column = error["column"]
    return error["row"], MEMBER_COLUMNS.index(column) if column in MEMBER_COLUMNS else -1


def _safe_int(key: object) -> int:
    try:
        return int(str(key))
    except (TypeError, ValueError):
        return -1


def move_member(members: Sequence[Member], member_id: str, offset: int) -> list[Member]:
    """A new list where the member moved by ``offset`` places (−1 = up), clamped to the ends.

    ``st.data_editor`` cannot reorder rows: the UI offers up/down buttons that call this. An
    unknown id leaves the order as it is.
    """
    ordered = list(members)
    index = next((i for i, m in enumerate(ordered) if m.id == member_id), None)
    if index is None or not offset:
        return ordered
    member = ordered.pop(index)
    target = max(0, min(len(ordered), index + offset))
    ordered.insert(target, member)
    return ordered


def edit_error_messages(
    errors: Iterable[Mapping[str, Any]], t: Translate, *, markdown: bool = True
) -> list[str]:
    """The errors of an ``EditResult`` as sentences (``analysis.error.<code>``).

    A learner's value quoted in a message is escaped for Markdown unless ``markdown=False``.
    """
    lines = []
    for error in errors:
        params = dict(error.get("params") or {})
        if "value" in params and markdown:
            params["value"] = escape_markdown(params["value"])
        column = error.get("column")
        params["column"] = t(f"analysis.column.{column}") if column else ""
        params.setdefault("limit", "")
        params.setdefault("value", "")
        lines.append(t(f"analysis.error.{error['code']}", **params))
    return lines


def family_labels(t: Translate) -> dict[Family, str]:
    """The families' labels in the translator's language, in FAMILY_ORDER."""
    return {family: t(f"family.{family.value}") for family in FAMILY_ORDER}


def family_counts(members: Iterable[Member]) -> dict[Family, int]:
    """How many members per family, every family in FAMILY_ORDER (zeros included)."""
    counts = {family: 0 for family in FAMILY_ORDER}
    for member in members:
        counts[member.family] += 1
    return counts
