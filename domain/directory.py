"""The shared directory (« Annuaire »): its public fields and rules, pure.

A directory entry is public by construction: it is built from the *public* fields of an actor
(``public_fields``), never copied from a carnet as a whole. Contact person, private notes,
contact status and dates never enter it.

Rules kept here (the services apply them, the tests check them):

- **Limits**: the length of every field (``LIMITS``), http(s) URLs only, no HTML anywhere
  (``check_fields`` refuses a tag-like ``<x`` or ``</x``, an entity or a comment), proposals per
  carnet per day (``PROPOSALS_PER_DAY``), reports per entry per day.
- **Matching** (``is_match``): same commune (INSEE code when both have one, else the folded
  commune name) and a close name (rapidfuzz ``token_sort_ratio`` on folded names at or above
  ``NAME_MATCH_SCORE``). A proposal matching an entry is a confirmation (same public fields)
  or a suggested update (some differ), never a duplicate.
- **Filters** (``matches_filter``): text (name, commune, description, network), category,
  région, département.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from domain.text import clean_text, safe_url

#: Licence of the directory's data (see README, « Annuaire partagé »).
LICENCE = "ODbL-1.0"
LICENCE_NAME = "Open Database License (ODbL) 1.0"
LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"

PROPOSALS_PER_DAY = 10  # per carnet, rolling 24 hours
REPORTS_PER_DAY = 20  # per entry, rolling 24 hours (a report storm is itself a sign)
NAME_MATCH_SCORE = 85.0  # rapidfuzz token_sort_ratio (0-100) on folded names

LIMITS: dict[str, int] = {
    "name": 150,
    "commune": 150,
    "address": 300,
    "website": 300,
    "description": 500,
    "reason": 300,
}
#: The fields of an entry a learner proposes (and a moderator may edit).
PUBLIC_FIELDS = ("name", "category", "commune", "address", "website", "description")
#: Fields compared to tell a confirmation from a suggested update.
COMPARED_FIELDS = ("name", "category", "address", "website", "description")
REPORT_REASONS = ("closed", "wrong_details", "not_support_actor", "spam", "other")

# HTML: a tag (<b, </b, <!--, <!DOCTYPE, <?xml) or a character reference (&lt; &#60; &#x3C;).
_HTML = re.compile(r"<\s*[/!?]?\s*[A-Za-z!]|&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]{2,8});")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


class DirectoryRuleError(ValueError):
    """A proposal or an edit breaks a rule; ``code`` names it, ``field`` says where."""

    def __init__(self, code: str, field_name: str = "", limit: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.field = field_name
        self.limit = limit


@dataclass(frozen=True)
class Place:
    """Where an entry is: a commune of the gazetteer (or only its région)."""

    commune: str = ""
    insee: str = ""
    departement: str = ""  # code, e.g. "35"
    region: str = ""
    region_code: str = ""
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class PublicFields:
    """What a proposal publishes, and all it publishes."""

    name: str
    category: str
    commune: str = ""
    address: str = ""
    website: str = ""
    description: str = ""
    place: Place = field(default_factory=Place)

    def as_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in PUBLIC_FIELDS}


def fold(text: str) -> str:
    """Lower case, no accent, words separated by single spaces: for matching and search."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(_NON_ALNUM.sub(" ", plain.replace("œ", "oe").replace("æ", "ae")).split())


def has_html(text: str) -> bool:
    return bool(_HTML.search(text or ""))


def check_text(name: str, value: str, *, multiline: bool = False) -> str:
    """A field cleaned (``clean_text``), refused when it holds HTML or is too long."""
    cleaned = clean_text(value or "", multiline=multiline)
    if has_html(cleaned):
        raise DirectoryRuleError("html", name)
    limit = LIMITS.get(name, 0)
    if limit and len(cleaned) > limit:
        raise DirectoryRuleError("too_long", name, limit)
    return cleaned


def check_url(value: str) -> str:
    """An http(s) URL (``https://`` added to a bare host), or ``""``; anything else refused."""
    text = clean_text(value or "")
    if not text:
        return ""
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
        text = "https://" + text
    if len(text) > LIMITS["website"]:
        raise DirectoryRuleError("too_long", "website", LIMITS["website"])
    if not safe_url(text) or has_html(text):
        raise DirectoryRuleError("url", "website")
    return text


def check_fields(
    values: Mapping[str, str], categories: Iterable[str], place: Place | None = None
) -> PublicFields:
    """The public fields of a proposal or a moderator's edit, checked and cleaned."""
    name = check_text("name", values.get("name", ""))
    if not name:
        raise DirectoryRuleError("required", "name")
    category = (values.get("category") or "").strip()
    if category not in set(categories):
        raise DirectoryRuleError("category", "category")
    return PublicFields(
        name=name,
        category=category,
        commune=check_text("commune", values.get("commune", "")),
        address=check_text("address", values.get("address", "")),
        website=check_url(values.get("website", "")),
        description=check_text("description", values.get("description", ""), multiline=True),
        place=place or Place(commune=check_text("commune", values.get("commune", ""))),
    )


def public_fields(actor: object, place: Place, description: str = "") -> dict[str, str]:
    """The public fields of a carnet's actor: name, category, commune, address, website and
    the public description the learner writes for the directory. Nothing else of the actor
    (contact person, notes, contact status and its dates) is ever read."""
    return {
        "name": str(getattr(actor, "name", "")),
        "category": str(getattr(actor, "category", "")),
        "commune": place.commune or str(getattr(actor, "commune", "")),
        "address": str(getattr(actor, "address", "")),
        "website": str(getattr(actor, "website", "")),
        "description": description,
    }


# ----------------------------------------------------------------------------------- matching


def name_score(a: str, b: str) -> float:
    """How close two names are (0-100), word order and accents ignored."""
    return float(fuzz.token_sort_ratio(fold(a), fold(b)))


def same_commune(a: Place, b: Place) -> bool:
    if a.insee and b.insee:
        return a.insee == b.insee
    return bool(fold(a.commune)) and fold(a.commune) == fold(b.commune)


def is_match(name: str, place: Place, other_name: str, other_place: Place) -> bool:
    """The matching rule: same commune and a close name."""
    return same_commune(place, other_place) and name_score(name, other_name) >= NAME_MATCH_SCORE


def differences(
    current: Mapping[str, object], proposed: Mapping[str, object]
) -> dict[str, tuple[str, str]]:
    """Field → (current, proposed) for the public fields that differ (empty proposed values
    do not count: a proposal without a website does not erase the entry's)."""
    out: dict[str, tuple[str, str]] = {}
    for name in PUBLIC_FIELDS:
        old = str(current.get(name) or "")
        new = str(proposed.get(name) or "")
        if new and new != old:
            out[name] = (old, new)
    return out


def suggested_changes(
    current: Mapping[str, object], proposed: Mapping[str, object]
) -> dict[str, tuple[str, str]]:
    """The differences that make a matching proposal a suggested update rather than a
    confirmation: not the commune (the same one, by the matching rule), not a name spelt
    differently (accents, case), not the learner's own wording of an entry that already has a
    description."""
    changes = differences(current, proposed)
    changes.pop("commune", None)
    if "name" in changes and fold(changes["name"][0]) == fold(changes["name"][1]):
        del changes["name"]
    if "description" in changes and changes["description"][0]:
        del changes["description"]
    return changes


# ------------------------------------------------------------------------------------ filters


@dataclass(frozen=True)
class DirectoryFilter:
    text: str = ""
    categories: tuple[str, ...] = ()
    region_code: str = ""
    departement: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.categories or self.region_code or self.departement)


def search_blob(*parts: str) -> str:
    """The folded text an entry is searched in."""
    return " " + fold(" ".join(p for p in parts if p)) + " "


def matches_filter(
    blob: str, category: str, region_code: str, departement: str, flt: DirectoryFilter
) -> bool:
    if flt.categories and category not in flt.categories:
        return False
    if flt.region_code and region_code != flt.region_code:
        return False
    if flt.departement and departement != flt.departement:
        return False
    words = fold(flt.text).split()
    return all(word in blob for word in words)


# ---------------------------------------------------------------------------------- suggestions


Item = TypeVar("Item")


@dataclass(frozen=True)
class SuggestionGroup(Generic[Item]):
    """One category's suggestions near a learner: entries (their ids here, their rows for the
    services) of the département first, then of the région."""

    category: str
    in_departement: tuple[Item, ...]
    in_region: tuple[Item, ...]

    @property
    def empty(self) -> bool:
        return not self.in_departement and not self.in_region


def group_suggestions(
    rows: Sequence[tuple[int, str, str, str]],
    categories: Sequence[str],
    departement: str,
    region_code: str,
    per_category: int = 5,
) -> list[SuggestionGroup[int]]:
    """``rows`` are (entry id, category, département, région code); one group per category, in
    the catalogue's order, département first then région, at most ``per_category`` each."""
    near: dict[str, list[int]] = {c: [] for c in categories}
    wide: dict[str, list[int]] = {c: [] for c in categories}
    for entry_id, category, dep, region in rows:
        if category not in near:
            continue
        if departement and dep == departement:
            near[category].append(entry_id)
        elif region_code and region == region_code:
            wide[category].append(entry_id)
    return [
        SuggestionGroup(
            c, tuple(near[c][:per_category]), tuple(wide[c][: max(0, per_category - len(near[c]))])
        )
        for c in categories
    ]


def moderator_key_ok(configured: str, given: str) -> bool:
    """Constant-time comparison of the moderator key (an empty configuration opens nothing)."""
    if not configured or not given:
        return False
    return hmac.compare_digest(configured.encode("utf-8"), given.encode("utf-8"))


def with_place(fields: PublicFields, place: Place) -> PublicFields:
    return replace(fields, place=place, commune=place.commune or fields.commune)
