"""Two tabs, one carnet: may a change made on an older copy be replayed on the newer one?

A learner's change is a function (``components.state.update(change)``). When its save finds
that another tab saved in the meantime, the change is replayed on the newer carnet; the
result is kept only if it holds **both** sides: every field the other tab changed still has
the other tab's value, and every field this tab changed has this tab's value. Otherwise the
two tabs changed the same thing and the learner chooses (``components.state``).

Fields are compared as leaves of the carnet's JSON; a list of items with an ``id`` (actors,
alliance members) is compared item by item, so that two tabs adding or editing different
actors do not collide. An item the change creates gets a new id each time the change runs:
this tab's new items are matched, in order, with the items the replay created. Timestamps are
not compared (every save moves ``updated_at``).
"""

from __future__ import annotations

from typing import Any

from domain.models import Carnet

Path = tuple[str, ...]
_MISSING = object()
_NOT_COMPARED = {("updated_at",), ("created_at",)}


def leaves(value: Any, path: Path = ()) -> dict[Path, Any]:
    """The carnet (its ``model_dump(mode="json")``) as {path: value}; items with an id are
    keyed by it (their order is not a field: moving an item is replayed, not compared)."""
    if isinstance(value, dict):
        found: dict[Path, Any] = {} if value else {path: {}}
        for key, item in value.items():
            found.update(leaves(item, (*path, str(key))))
        return found
    if isinstance(value, list) and not value:
        return {}  # « no items » is the absence of items (a list of ids then grows cleanly)
    if _is_item_list(value):
        found = {}
        for item in value:
            found.update(leaves(item, (*path, "#" + item["id"])))
        return found
    return {path: value}


def _is_item_list(value: Any) -> bool:
    return (
        bool(value)
        and isinstance(value, list)
        and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in value)
    )


def item_ids(value: Any, path: Path = ()) -> dict[Path, list[str]]:
    """{path of a list of items with an id: their ids, in order}, as ``leaves`` names them."""
    found: dict[Path, list[str]] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            found.update(item_ids(item, (*path, str(key))))
    elif _is_item_list(value):
        found[path] = [item["id"] for item in value]
        for item in value:
            found.update(item_ids(item, (*path, "#" + item["id"])))
    return found


def _dump(carnet: Carnet) -> dict[str, Any]:
    return carnet.model_dump(mode="json")


def _fields(dumped: dict[str, Any]) -> dict[Path, Any]:
    """The compared leaves: not the timestamps, not an item's id (it is already its key)."""
    return {
        path: value
        for path, value in leaves(dumped).items()
        if path not in _NOT_COMPARED
        and not (len(path) >= 2 and path[-1] == "id" and path[-2].startswith("#"))
    }


def _new_items_matched(
    base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any], replayed: dict[str, Any]
) -> dict[str, str] | None:
    """{id of an item this tab created: id of the same item in the replay}; None when the
    replay did not create as many items in some list."""
    renamed: dict[str, str] = {}
    before, ours = item_ids(base), item_ids(mine)
    other, result = item_ids(theirs), item_ids(replayed)
    for path in sorted(ours, key=len):  # parents first: a child's path uses the parent's id
        in_replay = tuple(
            "#" + renamed.get(part[1:], part[1:]) if part.startswith("#") else part for part in path
        )
        created = [i for i in ours[path] if i not in set(before.get(path, []))]
        recreated = [i for i in result.get(in_replay, []) if i not in set(other.get(in_replay, []))]
        if len(created) != len(recreated):
            return None
        renamed.update(zip(created, recreated, strict=True))
    return renamed


def _renamed(fields: dict[Path, Any], ids: dict[str, str]) -> dict[Path, Any]:
    return {
        tuple(
            "#" + ids.get(part[1:], part[1:]) if part.startswith("#") else part for part in path
        ): value
        for path, value in fields.items()
    }


def changed(before: dict[Path, Any], after: dict[Path, Any]) -> set[Path]:
    return {
        path
        for path in before.keys() | after.keys()
        if before.get(path, _MISSING) != after.get(path, _MISSING)
    }


def holds_both(base: Carnet, mine: Carnet, theirs: Carnet, replayed: Carnet) -> bool:
    """Whether ``replayed`` (this tab's change applied to ``theirs``) keeps what each tab did
    to ``base``: the other tab's changes and this tab's, none overwriting the other."""
    dumps = [_dump(c) for c in (base, mine, theirs, replayed)]
    ids = _new_items_matched(*dumps)
    if ids is None:
        return False
    before, ours, other, result = (_fields(d) for d in dumps)
    before, ours = _renamed(before, ids), _renamed(ours, ids)
    keeps_theirs = all(
        result.get(p, _MISSING) == other.get(p, _MISSING) for p in changed(before, other)
    )
    keeps_mine = all(
        result.get(p, _MISSING) == ours.get(p, _MISSING) for p in changed(before, ours)
    )
    return keeps_theirs and keeps_mine
