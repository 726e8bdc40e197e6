"""The shipped catalogue: support-actor categories, the 18 CRESS, real alliances, Le RAMEAU's
typologies. Read-only data built by scripts/build_catalogue.py from sourced research facts.

Pure Python (no streamlit). Loaders are cached and return frozen pydantic models inside tuples,
so no caller can alter what the next caller gets. Every item carries its source URLs; what is
not verified says so (`verified`, `vision_verified`, `unverified` notes) so the UI can label it
« non vérifié » instead of presenting it as a fact.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict

from domain.models import Family as FamilyCode
from domain.text import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANGS = ("fr", "en")
DEFAULT_LANG = "fr"

FAMILY_CODES = tuple(code.value for code in FamilyCode)  # one list: domain.models.Family


# ----------------------------------------------------------------------------- models


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class LocalizedText(_Frozen):
    """A {fr, en} text. Behaves like the dict[str, Any] it comes from for .get() and [lang]."""

    fr: str = ""
    en: str = ""

    def get(self, lang: str, default: str | None = None) -> str | None:
        return getattr(self, lang, default) if lang in LANGS else default

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGS:
            raise KeyError(lang)
        text: str = getattr(self, lang)
        return text

    def pick(self, lang: str) -> str:
        return localized(self, lang)


class LocalizedList(_Frozen):
    fr: tuple[str, ...] = ()
    en: tuple[str, ...] = ()

    def pick(self, lang: str) -> tuple[str, ...]:
        return (self.en if lang == "en" else ()) or self.fr


class Source(_Frozen):
    url: str
    title: str | None = None
    verified: bool = True


class ReferenceSite(_Frozen):
    url: str | None = None
    verified: bool = False
    note: LocalizedText = LocalizedText()


class Directory(_Frozen):
    url: str | None = None
    verified: bool = False


class CategoryExample(_Frozen):
    """A named organisation illustrating a category (e.g. Antropia ESSEC, Avise)."""

    name: str
    region: str | None = None
    place: LocalizedText | None = None
    description: LocalizedText
    website: str | None = None
    website_verified: bool = False
    sources: tuple[str, ...] = ()


class Category(_Frozen):
    id: str
    name: LocalizedText
    short_name: LocalizedText
    definition: LocalizedText
    where_to_look: LocalizedText
    questions: LocalizedList
    colour: str
    # « Où chercher » for a learner: what it is, where to find the one near you, what to ask.
    advice: LocalizedList = LocalizedList()
    named_in_mooc: bool = False
    reference_site: ReferenceSite = ReferenceSite()
    directory: Directory = Directory()
    examples: tuple[CategoryExample, ...] = ()
    sources: tuple[Source, ...] = ()


class Cress(_Frozen):
    region: str
    region_code: str
    name: str
    website: str | None = None
    verified: bool = False  # True only when the facts verify the website
    city: str | None = None
    city_note: LocalizedText | None = None
    note: LocalizedText = LocalizedText()
    sources: tuple[str, ...] = ()


class AllianceType(_Frozen):
    code: str
    label: LocalizedText


class Family(_Frozen):
    code: str
    label: LocalizedText
    definition: LocalizedText


class CatalogueMember(_Frozen):
    name: str
    name_en: str | None = None
    family: str
    role: LocalizedText = LocalizedText()
    sources: tuple[str, ...] = ()

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


class KeyFact(_Frozen):
    text: LocalizedText
    sources: tuple[str, ...]


class CatalogueAlliance(_Frozen):
    id: str
    name: str
    name_en: str | None = None  # when the name has words to translate (« puis » → « later »)
    commune: str
    place_note: LocalizedText | None = None
    departement: str
    departement_code: str | None = None
    region: str
    region_code: str
    lat: float
    lon: float
    coords_source: str | None = None
    # "source_page": coordinates read on coords_source; "commune_gazetteer": the centre of the
    # commune in data/communes.csv.gz (alliances added from data/sources/alliances-extra.json).
    coords_basis: str | None = None
    year: int | None = None
    year_note: LocalizedText
    type: str
    other_types: tuple[str, ...] = ()
    type_detail: LocalizedText
    summary: LocalizedText
    vision: LocalizedText
    vision_sources: tuple[str, ...] = ()
    vision_verified: bool = True
    members: tuple[CatalogueMember, ...] = ()
    key_facts: tuple[KeyFact, ...] = ()
    unverified: tuple[LocalizedText, ...] = ()
    documented_by: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    checked_on: str | None = None  # date the sources were read (alliances added later)

    def display_name(self, lang: str) -> str:
        """The name in ``lang``: French names stay French, except for the words around them."""
        return self.name_en if lang == "en" and self.name_en else self.name

    @property
    def type_codes(self) -> tuple[str, ...]:
        return (self.type, *self.other_types)

    @property
    def families(self) -> frozenset[str]:
        return frozenset(m.family for m in self.members)


class TypologyItem(_Frozen):
    id: str
    name: LocalizedText
    definition: LocalizedText
    example: LocalizedText
    # "alliance": drawn from a catalogue alliance; "facts": from the research facts;
    # "illustration": a made-up case, to be shown as such.
    example_kind: Literal["alliance", "facts", "illustration"] = "facts"
    example_alliance: str | None = None
    example_sources: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    share_percent: int | None = None


class SourcedText(_Frozen):
    text: LocalizedText
    sources: tuple[str, ...] = ()


class ActorRole(_Frozen):
    families: tuple[str, ...]
    text: LocalizedText
    sources: tuple[str, ...] = ()


class Typologies(_Frozen):
    alliance_definition: LocalizedText
    alliance_definition_sources: tuple[str, ...] = ()
    le_rameau: SourcedText | None = None
    partnership_modes: tuple[TypologyItem, ...]
    partnership_modes_stats: SourcedText | None = None
    coconstruction_forms: tuple[TypologyItem, ...]
    actor_roles: tuple[ActorRole, ...] = ()
    unverified: tuple[LocalizedText, ...] = ()


class SourceFlag(_Frozen):
    """A source domain to label: a third-party copy of Wikipedia or of a document, an aggregator."""

    domains: tuple[str, ...]
    kind: str
    note: LocalizedText


# ----------------------------------------------------------------------------- helpers


def localized(
    value: Mapping[str, Any] | LocalizedText | str | None, lang: str = DEFAULT_LANG
) -> str:
    """The text in `lang` (fr or en), falling back to French, then to an empty string."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    text = value.get(lang) if lang in LANGS else None
    if not text:
        text = value.get(DEFAULT_LANG)
    return text if isinstance(text, str) else ""


def normalize_search(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form used for searching: 'Île–Saint-Denis' → 'ile saint denis'."""
    return fold(text or "")


def _read(data_dir: Path, name: str) -> dict[str, Any]:
    with (data_dir / name).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _dir(data_dir: Path | str | None) -> Path:
    return DATA_DIR if data_dir is None else Path(data_dir)


# ----------------------------------------------------------------------------- loaders


@lru_cache(maxsize=8)
def _categories_file(
    data_dir: Path | str | None = None,
) -> tuple[tuple[Category, ...], tuple[Cress, ...], tuple[SourceFlag, ...]]:
    raw = _read(_dir(data_dir), "categories.json")
    return (
        tuple(Category.model_validate(c) for c in raw["categories"]),
        tuple(Cress.model_validate(c) for c in raw["cress"]),
        tuple(SourceFlag.model_validate(f) for f in raw.get("source_flags", [])),
    )


@lru_cache(maxsize=8)
def _alliances_file(
    data_dir: Path | str | None = None,
) -> tuple[
    tuple[CatalogueAlliance, ...],
    tuple[AllianceType, ...],
    tuple[Family, ...],
    tuple[SourceFlag, ...],
    LocalizedText,
]:
    raw = _read(_dir(data_dir), "alliances.json")
    return (
        tuple(CatalogueAlliance.model_validate(a) for a in raw["alliances"]),
        tuple(AllianceType.model_validate(t) for t in raw["types"]),
        tuple(Family.model_validate(f) for f in raw["families"]),
        tuple(SourceFlag.model_validate(f) for f in raw.get("source_flags", [])),
        LocalizedText.model_validate(raw.get("coords_note", {})),
    )


@lru_cache(maxsize=8)
def _typologies_file(
    data_dir: Path | str | None = None,
) -> tuple[Typologies, tuple[SourceFlag, ...]]:
    raw = _read(_dir(data_dir), "typologies.json")
    flags = tuple(SourceFlag.model_validate(f) for f in raw.pop("source_flags", []))
    raw.pop("meta", None)
    return Typologies.model_validate(raw), flags


def load_categories(data_dir: Path | str | None = None) -> tuple[Category, ...]:
    """The 8 support-actor categories, in the course's order."""
    return _categories_file(data_dir)[0]


def load_cress(data_dir: Path | str | None = None) -> tuple[Cress, ...]:
    """The 18 CRESS, one per région; `verified` says whether the website is verified."""
    return _categories_file(data_dir)[1]


def _region_key(region_code: str | int | None) -> str:
    code = str(region_code or "").strip()
    return code.zfill(2) if code.isdigit() else code


def cress_for_region(
    region_code: str | int | None, data_dir: Path | str | None = None
) -> Cress | None:
    """The CRESS of a région (INSEE code, e.g. "84" or "04"), verified or not: check `.verified`."""
    key = _region_key(region_code)
    return next((c for c in load_cress(data_dir) if c.region_code == key), None)


def load_alliances(data_dir: Path | str | None = None) -> tuple[CatalogueAlliance, ...]:
    return _alliances_file(data_dir)[0]


def get_alliance(alliance_id: str, data_dir: Path | str | None = None) -> CatalogueAlliance | None:
    return next((a for a in load_alliances(data_dir) if a.id == alliance_id), None)


def alliance_types(data_dir: Path | str | None = None) -> tuple[AllianceType, ...]:
    """The controlled list of alliance type codes (tzcld, ptce, …) with fr/en labels."""
    return _alliances_file(data_dir)[1]


def load_families(data_dir: Path | str | None = None) -> tuple[Family, ...]:
    """The member family codes (company, association, …, other) with labels and definitions."""
    return _alliances_file(data_dir)[2]


def coords_note(data_dir: Path | str | None = None) -> LocalizedText:
    """What the alliance coordinates are (commune centres, not exact addresses)."""
    return _alliances_file(data_dir)[4]


def load_typologies(data_dir: Path | str | None = None) -> Typologies:
    return _typologies_file(data_dir)[0]


def load_source_flags(data_dir: Path | str | None = None) -> tuple[SourceFlag, ...]:
    """Flagged source domains across all catalogue files (deduplicated by kind and domain)."""
    seen: dict[tuple[str, str], SourceFlag] = {}
    for flags in (
        _categories_file(data_dir)[2],
        _alliances_file(data_dir)[3],
        _typologies_file(data_dir)[1],
    ):
        for flag in flags:
            for domain in flag.domains:
                seen.setdefault((flag.kind, domain), flag)
    merged: dict[str, set[str]] = {}
    notes: dict[str, LocalizedText] = {}
    for (kind, domain), flag in seen.items():
        merged.setdefault(kind, set()).add(domain)
        notes[kind] = flag.note
    return tuple(
        SourceFlag(domains=tuple(sorted(d)), kind=k, note=notes[k])
        for k, d in sorted(merged.items())
    )


def source_flag(url: str, data_dir: Path | str | None = None) -> SourceFlag | None:
    """The flag for a source URL hosted on a third-party copy or an aggregator, else None."""
    host = (urlsplit(url or "").hostname or "").lower()
    if not host:
        return None
    for flag in load_source_flags(data_dir):
        if any(host == d or host.endswith("." + d) for d in flag.domains):
            return flag
    return None


# ----------------------------------------------------------------------------- filtering


def filter_alliances(
    alliances: Iterable[CatalogueAlliance],
    *,
    region_code: str | int | None = None,
    type: str | None = None,
    family: str | None = None,
    query: str = "",
) -> list[CatalogueAlliance]:
    """Alliances matching every given criterion.

    region_code: INSEE code of the région; type: a type code, matched against the main type and
    the secondary ones; family: at least one member of that family; query: every word must appear
    in the name, the commune or a member's name (French or English), ignoring accents and case.
    """
    region = _region_key(region_code) if region_code not in (None, "") else None
    words = normalize_search(query).split()
    out = []
    for alliance in alliances:
        if region and alliance.region_code != region:
            continue
        if type and type not in alliance.type_codes:
            continue
        if family and family not in alliance.families:
            continue
        if words:
            haystack = normalize_search(
                " ".join(
                    [alliance.name, alliance.name_en or "", alliance.commune]
                    + [m.name for m in alliance.members]
                    + [m.name_en for m in alliance.members if m.name_en]
                )
            )
            if not all(word in haystack for word in words):
                continue
        out.append(alliance)
    return out


# Régions that share a land border (Corse: the sea crossing to Provence-Alpes-Côte d'Azur;
# overseas: the Antilles together, La Réunion with Mayotte). INSEE codes, both directions.
_NEIGHBOURS: dict[str, frozenset[str]] = {
    code: frozenset(others)
    for code, others in {
        "11": ("24", "27", "28", "32", "44"),
        "24": ("11", "27", "28", "52", "75", "84"),
        "27": ("11", "24", "44", "84"),
        "28": ("11", "24", "32", "52", "53"),
        "32": ("11", "28", "44"),
        "44": ("11", "27", "32"),
        "52": ("24", "28", "53", "75"),
        "53": ("28", "52"),
        "75": ("24", "52", "76", "84"),
        "76": ("75", "84", "93"),
        "84": ("24", "27", "75", "76", "93"),
        "93": ("76", "84", "94"),
        "94": ("93",),
        "01": ("02",),
        "02": ("01",),
        "03": (),
        "04": ("06",),
        "06": ("04",),
    }.items()
}


def neighbouring_regions(region_code: str | int | None) -> frozenset[str]:
    """INSEE codes of the régions next to this one (empty for an unknown code)."""
    return _NEIGHBOURS.get(_region_key(region_code), frozenset())


def order_for_region(
    alliances: Iterable[CatalogueAlliance], region_code: str | int | None
) -> list[CatalogueAlliance]:
    """The alliances with the learner's région first, then the neighbouring régions, then the
    others; by name (accents and case ignored) within each group. Without a known région: by
    name only. Never drops or duplicates an alliance."""
    key = _region_key(region_code)
    near = neighbouring_regions(key)

    def rank(alliance: CatalogueAlliance) -> tuple[int, str, str]:
        group = (
            0 if key and alliance.region_code == key else 1 if alliance.region_code in near else 2
        )
        return (group, normalize_search(alliance.name), alliance.id)

    return sorted(alliances, key=rank)


__all__: Sequence[str] = (
    "DATA_DIR",
    "FAMILY_CODES",
    "ActorRole",
    "AllianceType",
    "CatalogueAlliance",
    "CatalogueMember",
    "Category",
    "CategoryExample",
    "Cress",
    "Family",
    "KeyFact",
    "LocalizedList",
    "LocalizedText",
    "Source",
    "SourceFlag",
    "Typologies",
    "TypologyItem",
    "alliance_types",
    "coords_note",
    "cress_for_region",
    "filter_alliances",
    "get_alliance",
    "load_alliances",
    "load_categories",
    "load_cress",
    "load_families",
    "load_source_flags",
    "load_typologies",
    "localized",
    "neighbouring_regions",
    "normalize_search",
    "order_for_region",
    "source_flag",
)
