#!/usr/bin/env python3
"""Build the seed of the shared directory of support actors.

Input
  * data/sources/directory-sources.json: hand-curated entries, each taken from one public page
    (``source_url``) checked on ``checked_on``;
  * data/categories.json: the eight support-actor category ids;
  * data/communes.csv.gz through ``domain.gazetteer``: INSEE code, département, région and the
    centre of each commune.

Output
  * data/directory-seed.json: ``{"meta": {...}, "entries": [...]}``, entries sorted by région,
    then category (in the order of categories.json), then name. A commune is resolved to its INSEE
    code, département code, région code and centre coordinates; an entry without a commune keeps
    null coordinates (the app places it at the région level). Nothing is invented: no commune,
    address or website is added that the curated file does not give. When the page that
    supports the entry does not state the seat, the commune comes from a second public page,
    ``seat_source_url`` / ``seat_source_title``; ``meta.sources`` lists both kinds of page.

The build refuses to write anything (exit status 1, every problem listed) when an entry is
invalid: unknown category, région or commune, a commune outside the entry's région, a URL that is
not http(s), a duplicate id or a duplicate (name, place), HTML in a field, a French string with
wrong typography (non-breaking space before ; : ! ? and inside « », typographic apostrophe ’),
one source URL given two titles, a ``seat_source_url`` without its title or without a commune.
Output is deterministic (``meta.generated`` is the latest
``checked_on``, not the clock), so the committed file can be checked byte for byte:

    python scripts/build_directory_seed.py            # rebuild data/directory-seed.json
    python scripts/build_directory_seed.py --check    # exit 1 if the committed file is stale
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from domain.gazetteer import Commune, Gazetteer, normalize
from scripts.data_checks import BuildError, french_typography_problems, in_france

DEFAULT_SOURCES = REPO_ROOT / "data" / "sources" / "directory-sources.json"
DEFAULT_CATEGORIES = REPO_ROOT / "data" / "categories.json"
DEFAULT_OUT = REPO_ROOT / "data" / "directory-seed.json"

LICENCE = (
    "Open Database License (ODbL) 1.0 for this compilation, as the whole shared directory (see "
    "README, « The shared directory »). Names, places and websites "
    "come from the public pages listed in meta.sources; descriptions are the project's own wording. "
    "Commune coordinates: GeoNames (CC BY 4.0) and Etalab découpage administratif, see "
    "data/SOURCES-communes.md."
)

REQUIRED = (
    "id",
    "name",
    "category",
    "network",
    "region",
    "description_fr",
    "description_en",
    "source_url",
    "source_title",
    "checked_on",
)
OPTIONAL = (
    "commune",
    "commune_insee",
    "address",
    "website",
    "seat_source_url",
    "seat_source_title",
)
# Strings written in French: checked for French typography.
FRENCH_FIELDS = ("name", "description_fr", "source_title", "seat_source_title", "address")
DESCRIPTION_MAX = 240

_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL_RE = re.compile(r"^https?://[^\s<>\"'`]+\.[^\s<>\"'`]+$", re.IGNORECASE)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HTML_RE = re.compile(r"<[^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);|[<>]")


# ----------------------------------------------------------------------------- checks


def has_html(text: str) -> bool:
    return bool(_HTML_RE.search(text))


def fold(text: str) -> str:
    """Sort and comparison key: no accents, no case, punctuation as spaces."""
    return normalize(text)


# ----------------------------------------------------------------------------- build


class Builder:
    def __init__(self, sources: dict, categories: dict, gazetteer: Gazetteer):
        self.sources = sources
        self.category_ids = [c["id"] for c in categories["categories"]]
        self.gaz = gazetteer
        self.problems: list[str] = []
        self.regions: dict[str, str] = {}  # official name -> code
        self.by_name: dict[str, list[Commune]] = {}
        for commune in gazetteer:
            self.regions.setdefault(commune.region, commune.region_code)
            self.by_name.setdefault(normalize(commune.name), []).append(commune)

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    # -- one entry -------------------------------------------------------------------

    def resolve_commune(self, where: str, entry: dict) -> Commune | None:
        name = entry.get("commune")
        insee = entry.get("commune_insee")
        if name is None:
            if insee is not None:
                self.problem(where, "commune_insee without commune")
            return None
        if not isinstance(name, str) or not name.strip():
            self.problem(where, "commune must be a name or null")
            return None
        if insee is not None:
            commune = self.gaz.get(insee)
            if commune is None or normalize(commune.name) != normalize(name):
                self.problem(where, f"commune_insee {insee!r} is not the commune {name!r}")
                return None
        else:
            matches = self.by_name.get(normalize(name), [])
            if not matches:
                self.problem(where, f"unknown commune {name!r}")
                return None
            if len(matches) > 1:
                codes = ", ".join(c.insee for c in matches)
                self.problem(where, f"ambiguous commune {name!r} ({codes}): add commune_insee")
                return None
            commune = matches[0]
        if commune.region != entry.get("region"):
            self.problem(
                where, f"commune {commune.name} is in {commune.region}, not {entry.get('region')}"
            )
            return None
        return commune

    def entry(self, index: int, raw: dict) -> dict | None:
        where = f"entries[{index}]" + (f" ({raw.get('id')})" if isinstance(raw, dict) else "")
        if not isinstance(raw, dict):
            self.problem(where, "not an object")
            return None
        before = len(self.problems)
        for key in REQUIRED:
            value = raw.get(key)
            if not isinstance(value, str) or not value.strip():
                self.problem(where, f"{key} is required (non-empty string)")
        unknown = set(raw) - set(REQUIRED) - set(OPTIONAL)
        if unknown:
            self.problem(where, f"unknown fields {sorted(unknown)}")
        for key, value in raw.items():
            if value is not None and not isinstance(value, str):
                self.problem(where, f"{key} must be a string or null")
            elif isinstance(value, str):
                if value != value.strip():
                    self.problem(where, f"{key} has leading or trailing spaces")
                if has_html(value):
                    self.problem(where, f"{key} contains HTML")
        if len(self.problems) > before:
            return None

        if not _ID_RE.match(raw["id"]):
            self.problem(where, "id must be a lowercase slug (a-z, 0-9, hyphens)")
        if raw["category"] not in self.category_ids:
            self.problem(where, f"unknown category {raw['category']!r}")
        if raw["region"] not in self.regions:
            self.problem(where, f"unknown région {raw['region']!r} (use the official name)")
        for key in ("source_url", "website", "seat_source_url"):
            if raw.get(key) is not None and not _URL_RE.match(raw[key]):
                self.problem(where, f"{key} is not an http(s) URL")
        has_seat_url = raw.get("seat_source_url") is not None
        if has_seat_url != (raw.get("seat_source_title") is not None):
            self.problem(where, "seat_source_url and seat_source_title go together")
        if has_seat_url and raw.get("commune") is None:
            self.problem(where, "seat_source_url without a commune (it sources the seat)")
        if has_seat_url and raw["seat_source_url"] == raw["source_url"]:
            self.problem(where, "seat_source_url repeats source_url (leave it out)")
        if not _DATE_RE.match(raw["checked_on"]):
            self.problem(where, "checked_on must be YYYY-MM-DD")
        else:
            try:
                dt.date.fromisoformat(raw["checked_on"])
            except ValueError:
                self.problem(where, "checked_on is not a date")
        for key in FRENCH_FIELDS:
            if raw.get(key):
                for issue in french_typography_problems(raw[key]):
                    self.problem(where, f"{key}: French typography: {issue}")
        for key in ("description_fr", "description_en"):
            text = raw[key]
            if len(text) > DESCRIPTION_MAX:
                self.problem(where, f"{key} is longer than {DESCRIPTION_MAX} characters")
            if not text.endswith("."):
                self.problem(where, f"{key} must be one sentence ending with a full stop")
            if re.search(r"[.!?]\s+[A-ZÀ-Ý]", text[:-1]):
                self.problem(where, f"{key} must be a single sentence")
        commune = self.resolve_commune(where, raw)
        if len(self.problems) > before:
            return None

        lat = lon = None
        if commune is not None:
            lat, lon = commune.lat, commune.lon
            if not in_france(lat, lon):
                self.problem(where, f"coordinates {lat}, {lon} are outside France")
        return {
            "id": raw["id"],
            "name": raw["name"],
            "category": raw["category"],
            "network": raw["network"],
            "commune": commune.name if commune else None,
            "insee": commune.insee if commune else None,
            "departement": commune.departement_code if commune else None,
            "region": raw["region"],
            "region_code": self.regions[raw["region"]],
            "lat": lat,
            "lon": lon,
            "location": "commune" if commune else "region",
            "coordinates_approximate": commune.approximate if commune else None,
            "address": raw.get("address"),
            "website": raw.get("website"),
            "description_fr": raw["description_fr"],
            "description_en": raw["description_en"],
            "source_url": raw["source_url"],
            "source_title": raw["source_title"],
            "seat_source_url": raw.get("seat_source_url"),
            "seat_source_title": raw.get("seat_source_title"),
            "checked_on": raw["checked_on"],
        }

    # -- the whole file --------------------------------------------------------------

    def build(self) -> dict:
        raw_entries = self.sources.get("entries")
        if not isinstance(raw_entries, list) or not raw_entries:
            raise BuildError(["sources: 'entries' must be a non-empty list"])
        entries = [e for i, raw in enumerate(raw_entries) if (e := self.entry(i, raw))]

        seen_ids: set[str] = set()
        seen_places: dict[tuple[str, str], str] = {}
        titles: dict[str, str] = {}
        for e in entries:
            if e["id"] in seen_ids:
                self.problem(e["id"], "duplicate id")
            seen_ids.add(e["id"])
            place = e["insee"] or f"region:{e['region_code']}"
            key = (fold(e["name"]), place)
            if key in seen_places:
                self.problem(e["id"], f"same name and place as {seen_places[key]}")
            seen_places.setdefault(key, e["id"])
            for url_key, title_key in (
                ("source_url", "source_title"),
                ("seat_source_url", "seat_source_title"),
            ):
                if e[url_key] is None:
                    continue
                title = titles.setdefault(e[url_key], e[title_key])
                if title != e[title_key]:
                    self.problem(e["id"], f"{e[url_key]} has two titles: {title!r}")
        if self.problems:
            raise BuildError(self.problems)

        order = {cid: i for i, cid in enumerate(self.category_ids)}
        entries.sort(key=lambda e: (fold(e["region"]), order[e["category"]], fold(e["name"])))
        return {
            "meta": {
                "generated": max(e["checked_on"] for e in entries),
                "built_by": "scripts/build_directory_seed.py",
                "sources_file": "data/sources/directory-sources.json",
                "licence": LICENCE,
                "entry_count": len(entries),
                "sources": [{"url": url, "title": titles[url]} for url in sorted(titles)],
            },
            "entries": entries,
        }


def build(sources: dict, categories: dict, gazetteer: Gazetteer | None = None) -> dict:
    return Builder(sources, categories, gazetteer or Gazetteer.load()).build()


def render(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def build_text(
    sources_path: Path = DEFAULT_SOURCES,
    categories_path: Path = DEFAULT_CATEGORIES,
    gazetteer: Gazetteer | None = None,
) -> str:
    sources = json.loads(Path(sources_path).read_text(encoding="utf-8"))
    categories = json.loads(Path(categories_path).read_text(encoding="utf-8"))
    return render(build(sources, categories, gazetteer))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--categories", type=Path, default=DEFAULT_CATEGORIES)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output file is not up to date"
    )
    args = parser.parse_args(argv)
    try:
        text = build_text(args.sources, args.categories)
    except BuildError as err:
        print(f"{len(err.problems)} problem(s):", file=sys.stderr)
        for problem in err.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            print(f"{args.out} is stale: run scripts/build_directory_seed.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({json.loads(text)['meta']['entry_count']} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
