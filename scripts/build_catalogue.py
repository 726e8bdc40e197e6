#!/usr/bin/env python3
"""Build the catalogue data files from the sourced facts and the app's own wording.

Inputs
  * the research facts (default: ../shared/research/alliance-facts.json, relative to the repo
    root): names, places, coordinates, members, source URLs and what is *not* verified;
  * the extra alliance facts kept in this repository (data/sources/alliances-extra.json): the
    same schema as the research facts' `alliances` entries, plus `checked_on`; their
    coordinates are commune centres from data/communes.csv.gz (checked against it here). They
    are appended to the research facts' alliances (an id may not appear twice);
  * data/catalogue-wording.json: the app's own FR/EN wording, joined to the facts by id, by
    member name or by the opening words of a fact.

Outputs (in data/): categories.json, alliances.json, typologies.json.

Every source URL comes from the facts file, never from the wording. The build refuses to run
(exit status 1, every problem listed) when a fact has no wording, when wording points at a fact
that no longer exists, when a fact would be left without a source, or when French typography is
wrong. Output is deterministic (sorted keys, no timestamp), so the committed files can be
checked byte for byte:

    python scripts/build_catalogue.py                 # rebuild data/*.json
    python scripts/build_catalogue.py --check         # exit 1 if data/ is out of date
    python scripts/build_catalogue.py path/to/alliance-facts.json --out /tmp/catalogue
    python scripts/build_catalogue.py --check-extra     # the extra facts alone (no ../shared)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from domain.gazetteer import Gazetteer, normalize
from domain.models import Family
from domain.text import fold as _fold
from scripts import data_checks as checks
from scripts.data_checks import BuildError

DEFAULT_FACTS = REPO_ROOT.parent / "shared" / "research" / "alliance-facts.json"
DEFAULT_WORDING = REPO_ROOT / "data" / "catalogue-wording.json"
DEFAULT_EXTRA = REPO_ROOT / "data" / "sources" / "alliances-extra.json"
# What an extra alliance's coords_source says: the centre of its commune in the app's gazetteer.
GAZETTEER_COORDS = "commune centre, data/communes.csv.gz"
DEFAULT_OUT = REPO_ROOT / "data"
OUTPUT_FILES = ("categories.json", "alliances.json", "typologies.json")
LANGS = ("fr", "en")

# The course's order of support-actor categories (ids of the facts file).
CATEGORY_ORDER = (
    "fondation_territoriale",
    "ptce",
    "cress",
    "mouves",
    "incubateur_social",
    "cci",
    "cma",
    "parapublic_innovation",
)
FAMILY_ORDER = tuple(family.value for family in Family)  # the codes of domain.models
SHORT_NAME_MAX = 24
ADVICE_LINE_MAX = 200

# INSEE codes of the 18 régions (official current names).
REGION_CODES = {
    "Auvergne-Rhône-Alpes": "84",
    "Bourgogne-Franche-Comté": "27",
    "Bretagne": "53",
    "Centre-Val de Loire": "24",
    "Corse": "94",
    "Grand Est": "44",
    "Hauts-de-France": "32",
    "Île-de-France": "11",
    "Normandie": "28",
    "Nouvelle-Aquitaine": "75",
    "Occitanie": "76",
    "Pays de la Loire": "52",
    "Provence-Alpes-Côte d'Azur": "93",
    "Guadeloupe": "01",
    "Martinique": "02",
    "Guyane": "03",
    "La Réunion": "04",
    "Mayotte": "06",
}

# INSEE codes of the départements.
# fmt: off
DEPARTEMENT_CODES = {
    "Ain": "01", "Aisne": "02", "Allier": "03", "Alpes-de-Haute-Provence": "04",
    "Hautes-Alpes": "05", "Alpes-Maritimes": "06", "Ardèche": "07", "Ardennes": "08",
    "Ariège": "09", "Aube": "10", "Aude": "11", "Aveyron": "12", "Bouches-du-Rhône": "13",
    "Calvados": "14", "Cantal": "15", "Charente": "16", "Charente-Maritime": "17", "Cher": "18",
    "Corrèze": "19", "Corse-du-Sud": "2A", "Haute-Corse": "2B", "Côte-d'Or": "21",
    "Côtes-d'Armor": "22", "Creuse": "23", "Dordogne": "24", "Doubs": "25", "Drôme": "26",
    "Eure": "27", "Eure-et-Loir": "28", "Finistère": "29", "Gard": "30", "Haute-Garonne": "31",
    "Gers": "32", "Gironde": "33", "Hérault": "34", "Ille-et-Vilaine": "35", "Indre": "36",
    "Indre-et-Loire": "37", "Isère": "38", "Jura": "39", "Landes": "40", "Loir-et-Cher": "41",
    "Loire": "42", "Haute-Loire": "43", "Loire-Atlantique": "44", "Loiret": "45", "Lot": "46",
    "Lot-et-Garonne": "47", "Lozère": "48", "Maine-et-Loire": "49", "Manche": "50",
    "Marne": "51", "Haute-Marne": "52", "Mayenne": "53", "Meurthe-et-Moselle": "54",
    "Meuse": "55", "Morbihan": "56", "Moselle": "57", "Nièvre": "58", "Nord": "59",
    "Oise": "60", "Orne": "61", "Pas-de-Calais": "62", "Puy-de-Dôme": "63",
    "Pyrénées-Atlantiques": "64", "Hautes-Pyrénées": "65", "Pyrénées-Orientales": "66",
    "Bas-Rhin": "67", "Haut-Rhin": "68", "Rhône": "69", "Haute-Saône": "70",
    "Saône-et-Loire": "71", "Sarthe": "72", "Savoie": "73", "Haute-Savoie": "74", "Paris": "75",
    "Seine-Maritime": "76", "Seine-et-Marne": "77", "Yvelines": "78", "Deux-Sèvres": "79",
    "Somme": "80", "Tarn": "81", "Tarn-et-Garonne": "82", "Var": "83", "Vaucluse": "84",
    "Vendée": "85", "Vienne": "86", "Haute-Vienne": "87", "Vosges": "88", "Yonne": "89",
    "Territoire de Belfort": "90", "Essonne": "91", "Hauts-de-Seine": "92",
    "Seine-Saint-Denis": "93", "Val-de-Marne": "94", "Val-d'Oise": "95", "Guadeloupe": "971",
    "Martinique": "972", "Guyane": "973", "La Réunion": "974", "Mayotte": "976",
}
# fmt: on

_HEX_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


# ----------------------------------------------------------------------------- helpers


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


_REGION_BY_FOLD = {_fold(name): (name, code) for name, code in REGION_CODES.items()}
_DEPARTEMENT_BY_FOLD = {_fold(name): code for name, code in DEPARTEMENT_CODES.items()}


class Builder:
    def __init__(
        self, facts: dict, wording: dict, facts_sha256: str, extra_sha256: str | None = None
    ):
        self.facts = facts
        self.w = wording
        self.facts_sha256 = facts_sha256
        self.extra_sha256 = extra_sha256
        self.problems: list[str] = []
        self.excluded = {_nfc(u).replace("'", "%27") for u in wording.get("excluded_urls", {})}
        self.titles = {
            _nfc(u).replace("'", "%27"): t for u, t in wording.get("source_titles", {}).items()
        }

    # -- generic checks ------------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def texts(self, wording: dict, where: str, *keys: str) -> dict:
        """The wording's values of ``keys``, each checked by ``text`` at ``<where>.<key>``."""
        return {key: self.text(wording[key], f"{where}.{key}") for key in keys}

    def text(self, value: object, where: str, *, allow_empty: bool = False) -> dict:
        """A {fr, en} wording value, checked (both languages, French typography)."""
        if not isinstance(value, dict) or set(value) != set(LANGS):
            self.problem(where, "expected an object with exactly the keys 'fr' and 'en'")
            return {"fr": "", "en": ""}
        out = {}
        for lang in LANGS:
            item = value[lang]
            if not isinstance(item, str):
                self.problem(where, f"'{lang}' is not a string")
                item = ""
            item = _nfc(item)
            if not item and not allow_empty:
                self.problem(where, f"'{lang}' is empty")
            out[lang] = item
        if not allow_empty and bool(out["fr"]) != bool(out["en"]):
            self.problem(where, "one language is empty and the other is not")
        for issue in checks.french_typography_problems(out["fr"]):
            self.problem(where, f"French typography: {issue}")
        return out

    def optional_text(self, value: object, where: str) -> dict | None:
        return None if value is None else self.text(value, where)

    def urls(self, values: Iterable[str] | None, where: str, *, required: bool = True) -> list[str]:
        """Source URLs from the facts: well-formed, deduplicated, minus the excluded ones."""
        out: list[str] = []
        for raw in values or ():
            # An apostrophe is legal in a URL but breaks HTML attributes: use its %-escape.
            url = _nfc(raw).replace("'", "%27")
            if url in self.excluded:
                continue
            if not checks.is_url(url):
                self.problem(where, f"malformed source URL {url!r}")
                continue
            if url not in out:
                out.append(url)
        if required and not out:
            self.problem(where, "no usable source URL")
        return out

    def source_objects(self, urls: list[str]) -> list[dict]:
        out = []
        for url in urls:
            item = {"url": url, "verified": True}
            if url in self.titles:
                item["title"] = self.titles[url]
            out.append(item)
        return out

    def find_fact(
        self, facts: list, prefix: str, where: str, *, key: str = "fact"
    ) -> dict | str | None:
        """The one fact whose text starts with prefix (facts are dicts with `key`, or strings)."""
        prefix = _nfc(prefix)
        hits = [f for f in facts if _nfc(f[key] if isinstance(f, dict) else f).startswith(prefix)]
        if len(hits) != 1:
            self.problem(where, f"{len(hits)} facts start with {prefix!r} (expected exactly 1)")
            return None
        return hits[0]

    # -- categories and CRESS -------------------------------------------------------------

    def advice(self, wording: dict, where: str) -> dict[str, list[str]]:
        """« Où chercher » as the learner reads it: 2 or 3 short lines (what it is, where to
        find the one near you, what to ask), the same number in fr and en, no research notes."""
        out: dict[str, list[str]] = {}
        for lang in LANGS:
            lines = [_nfc(line) for line in wording.get(lang, [])]
            if not 2 <= len(lines) <= 3 or not all(lines):
                self.problem(f"{where}.{lang}", "2 or 3 non-empty lines needed")
            for line in lines:
                if len(line) > ADVICE_LINE_MAX:
                    self.problem(f"{where}.{lang}", f"a line over {ADVICE_LINE_MAX} characters")
                if re.search(r"v[ée]rifi|verif", line, re.IGNORECASE):
                    self.problem(
                        f"{where}.{lang}", "a research note (verified or not) for learners"
                    )
                if lang == "fr":
                    for issue in checks.french_typography_problems(line):
                        self.problem(f"{where}.fr", f"French typography: {issue}")
            out[lang] = lines
        if len(out["fr"]) != len(out["en"]):
            self.problem(where, "not the same number of lines in fr and en")
        return out

    def categories(self) -> list[dict]:
        facts = {c["id"]: c for c in self.facts["support_actor_categories"]}
        wording = self.w["categories"]
        if set(facts) != set(CATEGORY_ORDER):
            self.problem(
                "facts categories", f"expected ids {sorted(CATEGORY_ORDER)}, got {sorted(facts)}"
            )
        for extra in sorted(set(wording) - set(CATEGORY_ORDER)):
            self.problem(f"wording categories.{extra}", "no such category in the facts")
        mooc_source = self.facts["meta"].get("mooc_source_for_categories")
        out, colours = [], set()
        for cid in CATEGORY_ORDER:
            where = f"categories.{cid}"
            fc, wc = facts.get(cid), wording.get(cid)
            if fc is None or wc is None:
                self.problem(where, "missing in the facts or in the wording")
                continue
            name = self.text(wc["name"], f"{where}.name")
            short = self.text(wc["short_name"], f"{where}.short_name")
            for lang in LANGS:
                if len(short[lang]) > SHORT_NAME_MAX:
                    self.problem(
                        f"{where}.short_name.{lang}", f"longer than {SHORT_NAME_MAX} characters"
                    )
            colour = wc.get("colour", "")
            if not _HEX_RE.match(colour):
                self.problem(f"{where}.colour", f"not a #RRGGBB colour: {colour!r}")
            elif colour.upper() in colours:
                self.problem(f"{where}.colour", f"colour {colour} used twice")
            colours.add(colour.upper())
            questions = wc.get("questions", {})
            q_out = {}
            for lang in LANGS:
                items = [_nfc(q) for q in questions.get(lang, [])]
                if len(items) < 2 or not all(items):
                    self.problem(
                        f"{where}.questions.{lang}", "at least 2 non-empty questions needed"
                    )
                if lang == "fr":
                    for q in items:
                        for issue in checks.french_typography_problems(q):
                            self.problem(f"{where}.questions.fr", f"French typography: {issue}")
                q_out[lang] = items
            if len(q_out["fr"]) != len(q_out["en"]):
                self.problem(f"{where}.questions", "not the same number of questions in fr and en")
            advice = self.advice(wc.get("advice", {}), f"{where}.advice")

            sources: list[str] = []
            if fc.get("named_in_mooc") and mooc_source:
                sources += [mooc_source]
            site = fc.get("official_website") or {}
            site_ok = bool(site.get("verified") and site.get("url"))
            if site_ok:
                sources += [site["url"], *site.get("sources", [])]
            sources += (fc.get("legal_basis") or {}).get("sources", [])
            finder = fc.get("how_to_find_yours") or {}
            sources += finder.get("sources", [])
            pool = list(fc.get("key_facts", []))
            for example in fc.get("examples", []):
                pool += example.get("facts", [])
            for prefix in wc.get("facts_used", []):
                fact = self.find_fact(pool, prefix, f"{where}.facts_used")
                if fact:
                    sources += self.urls(fact.get("sources"), f"{where}.facts_used {prefix!r}")
            sources = self.urls(sources, f"{where}.sources")

            out.append(
                {
                    "id": cid,
                    "name": name,
                    "short_name": short,
                    **self.texts(wc, where, "definition", "where_to_look"),
                    "questions": q_out,
                    "advice": advice,
                    "colour": colour.upper(),
                    "named_in_mooc": bool(fc.get("named_in_mooc")),
                    "reference_site": {
                        "url": site["url"] if site_ok else None,
                        "verified": site_ok,
                        "note": self.text(
                            wc["reference_site_note"], f"{where}.reference_site_note"
                        ),
                    },
                    "directory": {
                        "url": finder.get("directory_url")
                        if finder.get("directory_verified")
                        else None,
                        "verified": bool(
                            finder.get("directory_verified") and finder.get("directory_url")
                        ),
                    },
                    "examples": self.examples(fc, wc, where),
                    "sources": self.source_objects(sources),
                }
            )
        return out

    def examples(self, fc: dict, wc: dict, where: str) -> list[dict]:
        facts = {_nfc(e["name"]): e for e in fc.get("examples", [])}
        wording = wc.get("examples", [])
        named = {_nfc(e["name"]) for e in wording}
        for missing in sorted(set(facts) - named):
            self.problem(f"{where}.examples", f"facts example {missing!r} has no wording")
        out = []
        for we in wording:
            name = _nfc(we["name"])
            fe = facts.get(name)
            if fe is None:
                self.problem(f"{where}.examples", f"no facts example named {name!r}")
                continue
            site = fe.get("website") or {}
            verified = bool(site.get("verified") and site.get("url"))
            sources: list[str] = []
            for fact in fe.get("facts", []):
                # A fact with no source is an unverified statement: it is not carried over.
                sources += self.urls(
                    fact.get("sources"), f"{where}.examples.{name}", required=False
                )
            if verified:
                sources += site.get("sources", [])
            out.append(
                {
                    "name": name,
                    "region": fe.get("region"),
                    "place": self.optional_text(we.get("place"), f"{where}.examples.{name}.place"),
                    "description": self.text(
                        we["description"], f"{where}.examples.{name}.description"
                    ),
                    "website": site.get("url") or None,
                    "website_verified": verified,
                    "sources": self.urls(sources, f"{where}.examples.{name}.sources"),
                }
            )
        return out

    def cress(self) -> list[dict]:
        wording = self.w["cress"]
        out, seen = [], set()
        for entry in self.facts["cress_list"]:
            region = _nfc(entry["region"])
            where = f"cress.{region}"
            official = _REGION_BY_FOLD.get(_fold(region))
            if official is None:
                self.problem(where, "unknown région name")
                continue
            region, code = official
            if code in seen:
                self.problem(where, f"région code {code} appears twice")
            seen.add(code)
            wc = wording.get(region)
            if wc is None:
                self.problem(where, "no wording")
                continue
            verified = bool(entry.get("website_verified") and entry.get("website"))
            city, city_note = None, None
            if entry.get("city"):
                city = wc.get("city")
                if not city or not _nfc(entry["city"]).startswith(city):
                    self.problem(
                        where, f"wording city {city!r} does not match facts {entry['city']!r}"
                    )
                city_note = self.optional_text(wc.get("city_note"), f"{where}.city_note")
            elif wc.get("city"):
                self.problem(where, "wording gives a city the facts do not verify")
            out.append(
                {
                    "region": region,
                    "region_code": code,
                    "name": _nfc(entry["name"]),
                    "website": entry["website"] if verified else None,
                    "verified": verified,
                    "city": city,
                    "city_note": city_note,
                    "note": self.text(wc.get("note"), f"{where}.note", allow_empty=True),
                    "sources": self.urls(entry.get("sources"), f"{where}.sources"),
                }
            )
        if seen != set(REGION_CODES.values()):
            self.problem(
                "cress", f"missing région codes {sorted(set(REGION_CODES.values()) - seen)}"
            )
        for extra in sorted(set(wording) - {c["region"] for c in out}):
            self.problem(f"wording cress.{extra}", "no such CRESS in the facts")
        return out

    # -- alliances --------------------------------------------------------------------------

    def families(self) -> list[dict]:
        wording = {f["code"]: f for f in self.w["families"]}
        if list(wording) != list(FAMILY_ORDER):
            self.problem("families", f"expected codes in this order: {FAMILY_ORDER}")
        facts_codes = {k for k in self.facts["meta"].get("family_codes", {}) if k != "note"}
        for code in sorted(facts_codes - set(FAMILY_ORDER)):
            self.problem("families", f"facts family code {code!r} has no wording")
        return [
            {
                "code": code,
                "label": self.text(wording[code]["label"], f"families.{code}.label"),
                "definition": self.text(wording[code]["definition"], f"families.{code}.definition"),
            }
            for code in FAMILY_ORDER
            if code in wording
        ]

    def types(self) -> list[dict]:
        out = []
        for t in self.w["types"]:
            if not re.match(r"^[a-z_]+$", t["code"]):
                self.problem("types", f"bad type code {t['code']!r}")
            out.append({"code": t["code"], "label": self.text(t["label"], f"types.{t['code']}")})
        return out

    def alliances(self, type_codes: set[str]) -> list[dict]:
        wording = self.w["alliances"]
        facts_ids = [a["id"] for a in self.facts["alliances"]]
        for extra in sorted(set(wording) - set(facts_ids)):
            self.problem(f"wording alliances.{extra}", "no such alliance in the facts")
        out = []
        for fa in self.facts["alliances"]:
            aid = fa["id"]
            where = f"alliances.{aid}"
            wa = wording.get(aid)
            if wa is None:
                self.problem(where, "no wording")
                continue
            region = _REGION_BY_FOLD.get(_fold(fa["region"]))
            if region is None:
                self.problem(where, f"unknown région {fa['region']!r}")
                region = (fa["region"], "")
            departement = _nfc(fa["department"])
            departement_code = _DEPARTEMENT_BY_FOLD.get(_fold(departement))
            if departement_code is None:
                self.problem(where, f"unknown département {departement!r}")
            lat, lon = float(fa["lat"]), float(fa["lon"])
            if not checks.in_france(lat, lon):
                self.problem(where, f"coordinates {lat}, {lon} are not in France")
            commune = _nfc(wa["commune"])
            if _fold(commune) not in _fold(fa["commune"]):
                self.problem(where, f"commune {commune!r} does not match facts {fa['commune']!r}")
            year = fa.get("year_founded")
            if year is not None and not (isinstance(year, int) and 1800 < year < 2100):
                self.problem(where, f"bad year {year!r}")
            for code in [wa["type"], *wa.get("other_types", [])]:
                if code not in type_codes:
                    self.problem(where, f"unknown type code {code!r}")

            members = self.members(fa, wa, where)
            key_facts = self.key_facts(fa, wa, where)
            vision_sources = self.urls(fa.get("vision_sources"), f"{where}.vision_sources")
            vision_verified = bool(
                wa.get("vision_verified", True) and fa.get("vision_fr") and vision_sources
            )
            all_sources = list(vision_sources)
            for item in members + key_facts:
                all_sources += item["sources"]

            out.append(
                {
                    "id": aid,
                    "name": _nfc(wa.get("name") or fa["name"]),
                    "name_en": _nfc(wa["name_en"]) if wa.get("name_en") else None,
                    "commune": commune,
                    "place_note": self.optional_text(wa.get("place_note"), f"{where}.place_note"),
                    "departement": departement,
                    "departement_code": departement_code,
                    "region": region[0],
                    "region_code": region[1],
                    "lat": lat,
                    "lon": lon,
                    **self.coords_source(fa, where),
                    "year": year,
                    "type": wa["type"],
                    "other_types": list(wa.get("other_types", [])),
                    **self.texts(wa, where, "year_note", "type_detail", "summary", "vision"),
                    "vision_sources": vision_sources,
                    "vision_verified": vision_verified,
                    "members": members,
                    "key_facts": key_facts,
                    "unverified": self.unverified(
                        fa.get("unverified", []), wa.get("unverified", []), where
                    ),
                    "documented_by": [_nfc(d) for d in fa.get("documented_by", [])],
                    "checked_on": fa.get("checked_on"),
                    "sources": self.urls(all_sources, f"{where}.sources"),
                }
            )
        return out

    def coords_source(self, fa: dict, where: str) -> dict:
        """Where the coordinates come from: a page (URL) or the app's own gazetteer."""
        raw = fa.get("coords_source")
        if raw == GAZETTEER_COORDS:
            return {"coords_source": None, "coords_basis": "commune_gazetteer"}
        if raw:
            urls = self.urls([raw], f"{where}.coords_source")
            return {"coords_source": urls[0] if urls else None, "coords_basis": "source_page"}
        return {"coords_source": None, "coords_basis": None}

    def members(self, fa: dict, wa: dict, where: str) -> list[dict]:
        wording = {_nfc(k): v for k, v in wa.get("members", {}).items()}
        facts_names = [_nfc(m["name"]) for m in fa.get("members", [])]
        for extra in sorted(set(wording) - set(facts_names)):
            self.problem(f"{where}.members", f"wording for unknown member {extra!r}")
        out = []
        for fm, name in zip(fa.get("members", []), facts_names):
            wm = wording.get(name)
            if wm is None:
                self.problem(f"{where}.members", f"member {name!r} has no wording")
                continue
            family = wm.get("family") or fm.get("family_code")
            if family not in FAMILY_ORDER:
                self.problem(f"{where}.members.{name}", f"unknown family {family!r}")
            out.append(
                {
                    "name": _nfc(wm.get("name") or name),
                    "name_en": _nfc(wm["name_en"]) if wm.get("name_en") else None,
                    "family": family,
                    "role": self.text(
                        wm.get("role", {"fr": "", "en": ""}),
                        f"{where}.members.{name}.role",
                        allow_empty=True,
                    ),
                    "sources": self.urls(fm.get("sources"), f"{where}.members.{name}.sources"),
                }
            )
        if len(out) < 2:
            self.problem(f"{where}.members", "fewer than 2 members")
        return out

    def key_facts(self, fa: dict, wa: dict, where: str) -> list[dict]:
        facts = fa.get("key_facts", [])
        used: list[int] = []
        out = []
        for wk in wa.get("key_facts", []):
            fact = self.find_fact(facts, wk["fact"], f"{where}.key_facts")
            if fact is None:
                continue
            used.append(facts.index(fact))
            out.append(
                {
                    "text": self.text(wk["text"], f"{where}.key_facts {wk['fact']!r}"),
                    "sources": self.urls(fact.get("sources"), f"{where}.key_facts {wk['fact']!r}"),
                }
            )
        for i, fact in enumerate(facts):
            if i not in used:
                self.problem(
                    f"{where}.key_facts", f"facts key fact {fact['fact'][:60]!r}… has no wording"
                )
        return out

    def unverified(self, facts: list[str], wording: list[dict], where: str) -> list[dict]:
        covered: set[int] = set()
        out = []
        for wu in wording:
            if wu.get("fact"):
                fact = self.find_fact(facts, wu["fact"], f"{where}.unverified")
                if fact is not None:
                    covered.add(facts.index(fact))
            elif not wu.get("basis"):
                self.problem(f"{where}.unverified", "a note needs 'fact' (a facts item) or 'basis'")
            out.append(self.text(wu["text"], f"{where}.unverified"))
        for i, fact in enumerate(facts):
            if i not in covered:
                self.problem(f"{where}.unverified", f"facts item {fact[:60]!r}… has no wording")
        return out

    # -- typologies ---------------------------------------------------------------------------

    def typologies(self, alliances: list[dict]) -> dict:
        lr = self.facts["le_rameau"]
        wt = self.w["typologies"]
        by_id = {a["id"]: a for a in alliances}

        definition = self.find_fact(
            lr["alliance_definition"],
            wt["alliance_definition"]["fact"],
            "typologies.alliance_definition",
        )
        rameau_sources: list[str] = []
        for prefix in wt["le_rameau"]["facts"]:
            fact = self.find_fact(lr["organisation"], prefix, "typologies.le_rameau")
            if fact:
                rameau_sources += fact["sources"]
        stats = lr["partnership_modes_stats"]

        def items(kind: str, facts: list[dict], expected: int) -> list[dict]:
            wording = wt[kind]
            matched = set()
            out = []
            for wi in wording:
                where = f"typologies.{kind}.{wi['id']}"
                if not re.match(r"^[a-z_]+$", wi["id"]):
                    self.problem(where, "id must match ^[a-z_]+$")
                hits = [f for f in facts if _nfc(f["name_fr"]) == _nfc(wi["match"])]
                if len(hits) != 1:
                    self.problem(where, f"no single facts item named {wi['match']!r}")
                    continue
                fact = hits[0]
                matched.add(facts.index(fact))
                sources = self.urls(fact.get("sources"), f"{where}.sources")
                example_alliance, example_kind, example_sources = self.example_source(
                    wi.get("example_from"), sources, by_id, where
                )
                item = {
                    "id": wi["id"],
                    **self.texts(wi, where, "name", "definition", "example"),
                    "example_kind": example_kind,
                    "example_alliance": example_alliance,
                    "example_sources": example_sources,
                    "sources": sources,
                }
                if "share_percent" in wi:
                    share = wi["share_percent"]
                    if f"{share} %" not in stats["fact"]:
                        self.problem(where, f"share {share} % not found in the facts' statistics")
                    item["share_percent"] = share
                out.append(item)
            if len(out) != expected or len(matched) != len(facts):
                self.problem(
                    f"typologies.{kind}", f"expected {expected} items covering every facts item"
                )
            return out

        roles = []
        for wr in wt["actor_roles"]:
            fact = self.find_fact(lr["actor_roles"], wr["fact"], "typologies.actor_roles")
            for code in wr["families"]:
                if code not in FAMILY_ORDER:
                    self.problem("typologies.actor_roles", f"unknown family {code!r}")
            roles.append(
                {
                    "families": list(wr["families"]),
                    "text": self.text(wr["text"], f"typologies.actor_roles {wr['fact']!r}"),
                    "sources": self.urls(
                        fact["sources"] if fact else [], f"typologies.actor_roles {wr['fact']!r}"
                    ),
                }
            )
        return {
            "alliance_definition": self.text(
                wt["alliance_definition"]["text"], "typologies.alliance_definition"
            ),
            "alliance_definition_sources": self.urls(
                definition["sources"] if definition else [], "typologies.alliance_definition"
            ),
            "le_rameau": {
                "text": self.text(wt["le_rameau"]["text"], "typologies.le_rameau"),
                "sources": self.urls(rameau_sources, "typologies.le_rameau"),
            },
            "partnership_modes": items("partnership_modes", lr["partnership_modes"], 4),
            "partnership_modes_stats": {
                "text": self.text(
                    wt["partnership_modes_stats"], "typologies.partnership_modes_stats"
                ),
                "sources": self.urls(stats["sources"], "typologies.partnership_modes_stats"),
            },
            "coconstruction_forms": items("coconstruction_forms", lr["co_construction_forms"], 3),
            "actor_roles": roles,
            "unverified": self.unverified(
                lr.get("unverified", []), wt.get("unverified", []), "typologies"
            ),
        }

    def example_source(self, spec: dict | None, own: list[str], alliances: dict, where: str):
        """(alliance id or None, kind, sources) of a typology example."""
        if not spec:
            return None, "illustration", []
        alliance_id = spec.get("alliance")
        sources: list[str] = list(own) if spec.get("self") else []
        if alliance_id:
            alliance = alliances.get(alliance_id)
            if alliance is None:
                self.problem(where, f"example alliance {alliance_id!r} does not exist")
                return None, "alliance", sources
            part = spec.get("part")
            if part == "vision":
                sources += alliance["vision_sources"]
            elif part == "member":
                fa = next(a for a in self.facts["alliances"] if a["id"] == alliance_id)
                hits = [m for m in fa["members"] if _nfc(m["name"]) == _nfc(spec["key"])]
                sources += hits[0]["sources"] if hits else []
                if not hits:
                    self.problem(where, f"no member {spec['key']!r} in {alliance_id}")
            elif part == "key_fact":
                fa = next(a for a in self.facts["alliances"] if a["id"] == alliance_id)
                fact = self.find_fact(fa["key_facts"], spec["key"], where)
                sources += fact["sources"] if fact else []
            elif part is not None:
                self.problem(where, f"unknown example part {part!r}")
        kind = "alliance" if alliance_id else "facts"
        return alliance_id, kind, self.urls(sources, f"{where}.example_sources")

    # -- assembly -------------------------------------------------------------------------------

    def meta(self) -> dict:
        return {
            "built_by": "scripts/build_catalogue.py",
            "facts_file": "alliance-facts.json",
            "facts_generated": self.facts["meta"].get("generated"),
            "facts_sha256": self.facts_sha256,
            "extra_facts_file": "data/sources/alliances-extra.json" if self.extra_sha256 else None,
            "extra_facts_sha256": self.extra_sha256,
            "wording_file": "data/catalogue-wording.json",
            "verification_legend": self.text(self.w["verification_legend"], "verification_legend"),
        }

    def source_flags(self, document: object) -> list[dict]:
        """The flagged source domains (third-party copies, aggregators) used in one document."""
        hosts = {
            urlsplit(u).hostname or "" for _, u in checks.walk_strings(document) if checks.is_url(u)
        }
        out = []
        for flag in self.w.get("source_flags", []):
            domains = [
                d for d in flag["domains"] if any(h == d or h.endswith("." + d) for h in hosts)
            ]
            if domains:
                out.append(
                    {
                        "domains": sorted(domains),
                        "kind": flag["kind"],
                        "note": self.text(flag["note"], f"source_flags.{flag['kind']}"),
                    }
                )
        return out

    def build(self) -> dict[str, dict]:
        for lang_value in (self.w.get("_about"),):
            if lang_value:
                self.text(lang_value, "_about")
        categories = {"meta": self.meta(), "categories": self.categories(), "cress": self.cress()}
        types = self.types()
        alliances_list = self.alliances({t["code"] for t in types})
        alliances = {
            "meta": self.meta(),
            "coords_note": self.text(self.w["coords_note"], "coords_note"),
            "families": self.families(),
            "families_note": self.text(self.w["families_note"], "families_note"),
            "types": types,
            "alliances": alliances_list,
        }
        typologies = {"meta": self.meta(), **self.typologies(alliances_list)}
        if len(alliances_list) != len(self.facts["alliances"]):
            self.problem("alliances", "some alliances could not be built")
        for document in (categories, alliances, typologies):
            document["source_flags"] = self.source_flags(document)
        if self.problems:
            raise BuildError(self.problems)
        return {
            "categories.json": categories,
            "alliances.json": alliances,
            "typologies.json": typologies,
        }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_extra(extra_path: Path = DEFAULT_EXTRA) -> tuple[dict, str]:
    """The extra alliance facts kept in the repository, and the SHA-256 of the file."""
    raw = Path(extra_path).read_bytes()
    return json.loads(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest()


_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EXTRA_REQUIRED = (
    "id",
    "name",
    "commune",
    "department",
    "region",
    "lat",
    "lon",
    "coords_source",
    "year_founded",
    "year_notes",
    "type",
    "documented_by",
    "members",
    "vision_fr",
    "vision_sources",
    "key_facts",
    "unverified",
    "checked_on",
)


def check_extra(extra: dict, gazetteer: Gazetteer | None = None) -> list[str]:
    """Problems in the extra alliance facts on their own (no research facts needed).

    Every alliance has the research facts' fields plus `checked_on`; every member, the vision
    and every key fact cite at least one well-formed URL; the région and the département are
    known; the coordinates are the centre of the named commune in data/communes.csv.gz."""
    problems: list[str] = []
    gazetteer = gazetteer or Gazetteer.load()
    alliances = extra.get("alliances")
    if not isinstance(alliances, list) or not alliances:
        return ["extra facts: no 'alliances' list"]
    seen: set[str] = set()
    for index, fa in enumerate(alliances):
        where = f"extra alliances.{fa.get('id', index)}"
        missing = [key for key in EXTRA_REQUIRED if key not in fa]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        if not _ID_RE.match(str(fa["id"])) or fa["id"] in seen:
            problems.append(f"{where}: id must be unique and match {_ID_RE.pattern}")
        seen.add(fa["id"])
        if not _DATE_RE.match(str(fa["checked_on"])):
            problems.append(f"{where}: checked_on must be a YYYY-MM-DD date")
        if _fold(fa["region"]) not in _REGION_BY_FOLD:
            problems.append(f"{where}: unknown région {fa['region']!r}")
        dep_code = _DEPARTEMENT_BY_FOLD.get(_fold(fa["department"]))
        if dep_code is None:
            problems.append(f"{where}: unknown département {fa['department']!r}")
        year = fa["year_founded"]
        if year is not None and not (isinstance(year, int) and 1800 < year < 2100):
            problems.append(f"{where}: bad year {year!r}")
        if len(fa["members"]) < 2:
            problems.append(f"{where}: fewer than 2 members")
        for member in fa["members"]:
            if not member.get("name") or not member.get("role") or not member.get("family_code"):
                problems.append(f"{where}: a member needs name, role and family_code")
            if member.get("family_code") not in FAMILY_ORDER:
                problems.append(f"{where}.{member.get('name')}: unknown family_code")
            if not member.get("sources") or not all(checks.is_url(u) for u in member["sources"]):
                problems.append(f"{where}.{member.get('name')}: member without source URL")
        if not fa["vision_fr"] or not fa["vision_sources"]:
            problems.append(f"{where}: vision without source")
        if not all(checks.is_url(u) for u in fa["vision_sources"]):
            problems.append(f"{where}: malformed vision source URL")
        if not fa["key_facts"]:
            problems.append(f"{where}: no key fact")
        for fact in fa["key_facts"]:
            if not fact.get("sources") or not all(checks.is_url(u) for u in fact["sources"]):
                problems.append(
                    f"{where}: key fact {fact.get('fact', '')[:40]!r} without source URL"
                )
        lat, lon = fa["lat"], fa["lon"]
        if not (
            isinstance(lat, int | float) and isinstance(lon, int | float)
        ) or not checks.in_france(lat, lon):
            problems.append(f"{where}: coordinates {lat}, {lon} are not in France")
            continue
        if fa["coords_source"] != GAZETTEER_COORDS:
            problems.append(f"{where}: coords_source must be {GAZETTEER_COORDS!r}")
            continue
        name = normalize(fa["commune"].split(" (")[0])
        hits = [
            c
            for c in gazetteer.search(fa["commune"].split(" (")[0], limit=50)
            if normalize(c.name) == name and c.departement_code == dep_code
        ]
        if len(hits) != 1:
            problems.append(f"{where}: commune {fa['commune']!r} not found once in the gazetteer")
        elif (round(hits[0].lat, 4), round(hits[0].lon, 4)) != (round(lat, 4), round(lon, 4)):
            problems.append(
                f"{where}: coordinates {lat}, {lon} are not the centre of {hits[0].name} "
                f"({hits[0].lat}, {hits[0].lon}) in data/communes.csv.gz"
            )
    return problems


def merge_facts(facts: dict, extra: dict) -> dict:
    """The research facts with the extra alliances appended (a copy; ids must not clash)."""
    merged = dict(facts)
    known = {a["id"] for a in facts["alliances"]}
    clash = sorted(known & {a["id"] for a in extra["alliances"]})
    if clash:
        raise BuildError([f"extra alliances: id(s) already in the research facts: {clash}"])
    merged["alliances"] = [*facts["alliances"], *extra["alliances"]]
    return merged


def build(
    facts_path: Path = DEFAULT_FACTS,
    wording_path: Path = DEFAULT_WORDING,
    extra_path: Path | None = DEFAULT_EXTRA,
) -> dict[str, str]:
    """Build every output file; returns {file name: file text}. Raises BuildError."""
    raw = Path(facts_path).read_bytes()
    facts = json.loads(raw.decode("utf-8"))
    wording = json.loads(Path(wording_path).read_text(encoding="utf-8"))
    extra_sha256 = None
    if extra_path is not None:
        extra, extra_sha256 = load_extra(extra_path)
        problems = check_extra(extra)
        if problems:
            raise BuildError(problems)
        facts = merge_facts(facts, extra)
    documents = Builder(facts, wording, hashlib.sha256(raw).hexdigest(), extra_sha256).build()
    return {name: dumps(documents[name]) for name in OUTPUT_FILES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "facts", nargs="?", type=Path, default=DEFAULT_FACTS, help="alliance-facts.json"
    )
    parser.add_argument("--wording", type=Path, default=DEFAULT_WORDING)
    parser.add_argument(
        "--extra", type=Path, default=DEFAULT_EXTRA, help="extra alliance facts (in the repo)"
    )
    parser.add_argument(
        "--check-extra",
        action="store_true",
        help="only check the extra alliance facts (works without the research facts)",
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output folder (default: data/)"
    )
    parser.add_argument(
        "--check", action="store_true", help="only check that the output folder is up to date"
    )
    args = parser.parse_args(argv)
    if args.check_extra:
        extra, _ = load_extra(args.extra)
        problems = check_extra(extra)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        if not problems:
            print(f"extra alliance facts are valid ({len(extra['alliances'])} alliances)")
        return 1 if problems else 0
    if not args.facts.is_file():
        print(f"facts file not found: {args.facts}", file=sys.stderr)
        return 2
    try:
        outputs = build(args.facts, args.wording, args.extra)
    except BuildError as error:
        print(f"{len(error.problems)} problem(s):", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    stale = []
    for name, text in outputs.items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(name)
        if not args.check:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check:
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
            return 1
        print("catalogue data files are up to date")
    else:
        print("written: " + (", ".join(stale) if stale else "nothing (already up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
