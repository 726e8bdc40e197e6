"""The shared directory at 10,000 entries: the « Annuaire » page against a bare map page, and
the suggestions for one département, in ONE run.

    python bench/bench_directory.py [--reps 7] [--n 10000]

- (a) ``bench/pages_for_bench/bare_geojson_map.py``: a bare Streamlit script holding nothing
  but one ``st_folium`` map of the N points as one folium GeoJson layer;
- (b) the real app (``app.py``) on the « Annuaire » page, the directory holding N entries on
  the *same* points (catalogue categories, names, communes, websites, descriptions, sources),
  in a temporary SQLite database: the whole page per rerun (app frame, filters, the search
  over the N entries, the clustered map through the real ``st_folium`` preparation, the cards,
  the table, the downloads, the report form);
- (c) the same page, its rendered map forgotten before each run: the first view after the
  directory changed (an entry published, a filter never seen before), when the map and the
  table are built again.

Reruns through AppTest, two warm-up runs each, then timed reruns interleaved (a, b, c, a, b,
c...); medians and ratios. Target: (b)/(a) <= 1.3.

Then: ``services.directory.suggestions`` for one département (and its région) at N entries,
median of 50 calls. Target: < 50 ms.

With ``--browser``: also in Chromium (``bench.bench_browser.load``: a fresh context per load,
one warm-up each, loads in turns), from navigation start to the map drawn: the bare map with
its N SVG points drawn (``path.leaflet-interactive``), the « Annuaire » page with its first
clusters drawn (``.marker-cluster``; markercluster adds the rest in chunks, without blocking).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_pages import configure_environment

# Before anything imports the app: its own database, no tiles, no network.
_DB = configure_environment(prefix="bench-directory-")
os.environ["CARNET_DIRECTORY_SEED"] = str(Path(_DB).parent / "no-seed.json")  # only ours

from streamlit.testing.v1 import AppTest

from bench.bench_pages import share_script_cache, started, timed_interleaved
from bench.pages_for_bench.bench_data import points
from components import directory as directory_component
from components import directory_page
from components.shell import DIRECTORY_PAGE
from domain.catalogue import load_categories
from domain.gazetteer import Gazetteer
from services import directory as svc
from services.stores import Stores

BARE = ROOT / "bench" / "pages_for_bench" / "bare_geojson_map.py"
APP = ROOT / "app.py"
TARGET = 1.3
TARGET_SUGGESTIONS_MS = 50.0


def departements() -> list[tuple[str, str, str]]:
    """(département code, région code, région name) of metropolitan France."""
    seen: dict[str, tuple[str, str, str]] = {}
    for commune in Gazetteer.load():
        code = commune.departement_code
        if code not in seen and not code.startswith("97"):
            seen[code] = (code, commune.region_code, commune.region)
    return sorted(seen.values())


def fill_directory(stores: Stores, n: int) -> None:
    categories = [c.id for c in load_categories()]
    deps = departements()
    rows = []
    for i, (lat, lon, _) in enumerate(points(n)):
        dep, region_code, region = deps[i % len(deps)]
        rows.append(
            {
                "name": f"Structure d’accompagnement n°{i}",
                "category": categories[i % len(categories)],
                "commune": f"Commune {i % 97}",
                "departement": dep,
                "region": region,
                "region_code": region_code,
                "website": f"https://structure-{i}.example.fr" if i % 3 == 0 else "",
                "lat": lat,
                "lon": lon,
                "description_fr": "Accompagne les porteurs de projet de l’ESS du territoire.",
                "source_kind": "seed" if i % 2 else "learners",
                "source_url": "https://example.org/liste-officielle",
                "source_title": "Liste officielle",
                "status": "published",
                "confirmations": i % 4,
            }
        )
    stores.directory.insert_entries(rows)


def bare_app(n: int) -> AppTest:
    return started(BARE, "bare map", timeout=300, bench_n=n)


def page_app(n: int) -> AppTest:
    at = started(APP, "annuaire", timeout=300, params={"lang": "fr"}, page=DIRECTORY_PAGE.file)
    shown = len(at.dataframe[-1].value) if at.dataframe else 0
    if shown != n:
        raise RuntimeError(f"the directory page lists {shown} entries, expected {n}")
    return at


class Unrendered:
    """The directory page, its map and table forgotten before each run."""

    def __init__(self, at: AppTest):
        self.at = at

    def run(self) -> AppTest:
        directory_component._rendered.clear()
        directory_page._tables.clear()
        return self.at.run()

    @property
    def exception(self):
        return self.at.exception


def suggestions_ms(stores: Stores, repeats: int = 50) -> float:
    categories = [c.id for c in load_categories()]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        groups = svc.suggestions(stores.directory, categories, "35", "53")
        times.append(time.perf_counter() - start)
    if not any(g.in_departement for g in groups):
        raise RuntimeError("no suggestion in the département: the bench data is wrong")
    return statistics.median(times) * 1000


BROWSER_BASELINE = f'''"""Bare map of bench/bench_directory.py --browser (generated): ?n=N."""
import sys

if {str(ROOT)!r} not in sys.path:
    sys.path.insert(0, {str(ROOT)!r})

import streamlit as st

from components.assets import install_map_assets

install_map_assets()
st.session_state["bench_n"] = int(st.query_params.get("n", "30"))
with open({str(BARE)!r}, encoding="utf-8") as handle:
    exec(compile(handle.read(), {str(BARE)!r}, "exec"), {{"__name__": "__main__"}})
'''


def browser_times(n: int, loads: int) -> dict[str, tuple[float, str]]:
    """Median (ms) and spread of the loads of each variant in Chromium."""
    from bench.bench_browser import Variant, run_interleaved
    from bench.bench_memory import Server, chromium

    work = Path(_DB).parent
    baseline = work / "bare_map_page.py"
    baseline.write_text(BROWSER_BASELINE, encoding="utf-8")
    env = {
        key: os.environ[key]
        for key in (
            "CARNET_DB_PATH",
            "ALLIANCES_TILES",
            "ALLIANCES_GEOCODER",
            "CARNET_DIRECTORY_SEED",
        )
    }
    app = Server(APP, env, work / "app.log")
    bare = Server(baseline, env, work / "bare.log")
    try:
        with chromium() as browser:
            variants = [
                Variant("bare map", f"{bare.url}/?n={n}", "path.leaflet-interactive", n),
                Variant("annuaire", f"{app.url}/annuaire", ".marker-cluster", 1),
            ]
            run_interleaved(browser, variants, loads)
    finally:
        app.stop()
        bare.stop()
    return {v.name: (v.median(), v.spread()) for v in variants}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--browser", action="store_true", help="also measure in Chromium")
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args()
    share_script_cache()
    stores = Stores.connect()
    fill_directory(stores, args.n)
    print(f"suggestions for one département at {args.n:,} entries: ", end="", flush=True)
    ms = suggestions_ms(stores)
    print(f"{ms:.1f} ms (target < {TARGET_SUGGESTIONS_MS:.0f} ms)")
    apps = {"bare": bare_app(args.n), "page": page_app(args.n)}
    apps["unrendered"] = Unrendered(page_app(args.n))
    medians = timed_interleaved(apps, args.reps)
    bare = medians["bare"]
    print(f"\nrerun medians at {args.n:,} entries ({args.reps} reruns each, interleaved):")
    for name, value in medians.items():
        print(f"  {name:<11} {value:8.1f} ms   {value / bare:5.2f}x the bare map")
    ratio = medians["page"] / bare
    print(f"\nAnnuaire / bare map: {ratio:.2f}x (target <= {TARGET}x)")
    if args.browser:
        times = browser_times(args.n, args.loads)
        print(f"\nin Chromium, navigation to map drawn ({args.loads} loads each):")
        for name, (median, spread) in times.items():
            print(f"  {name:<9} {median:8.0f} ms ({spread})")
        browser_ratio = times["annuaire"][0] / times["bare map"][0]
        print(f"Annuaire / bare map in the browser: {browser_ratio:.2f}x")


if __name__ == "__main__":
    main()
