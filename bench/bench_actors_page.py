"""Server-side rerun cost of the « Acteurs du territoire » page, against a bare map, in ONE run.

    python bench/bench_actors_page.py [--reps 15] [--sizes 30 1000] [--profile N]

For each N (30 and 1,000 by default):

- (a) ``bench/pages_for_bench/bare_geojson_map.py``: a bare Streamlit script holding nothing but
  one ``st_folium`` map of N points as one folium GeoJson layer;
- (b) the real app (``app.py``) on the actors page, with a carnet of N actors on the *same*
  points (catalogue categories, names, communes, websites, private notes, contact logs),
  stored in a temporary SQLite database and opened through ``?carnet=<token>``, exactly as a
  learner's private link does. Everything the page does per rerun is measured: the app frame
  (navigation, sidebar, the check that no other tab saved), the guide and checklist, the map
  through the real ``st_folium`` (no patching: AppTest does not draw components, but
  st_folium builds the whole map on the server), the forms and the table.

Both go through AppTest, run twice to warm up, then the timed reruns are interleaved
(a, b, a, b, ...) so that drift hits both alike; medians are printed with the ratio (b)/(a).
Target: (b)/(a) <= 1.3 at both sizes. ``--profile N`` prints the N most expensive functions of
the page's reruns (cProfile in the script thread), to see where the time goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Before anything imports the app: its own database, no tiles, no network.
_TMP = tempfile.TemporaryDirectory(prefix="bench-actors-")
os.environ["CARNET_DB_PATH"] = str(Path(_TMP.name) / "carnets.sqlite3")
os.environ.pop("DATABASE_URL", None)
os.environ["ALLIANCES_TILES"] = "none"
os.environ["ALLIANCES_GEOCODER"] = "off"

from streamlit.testing.v1 import AppTest  # noqa: E402

from bench.pages_for_bench.bench_data import points  # noqa: E402
from components.shell import JOURNEY  # noqa: E402
from domain.catalogue import load_categories  # noqa: E402
from domain.models import (  # noqa: E402
    Actor,
    Carnet,
    ContactStatus,
    ContactStep,
    Project,
    Territory,
)
from domain.storage import CarnetStore  # noqa: E402

BARE = ROOT / "bench" / "pages_for_bench" / "bare_geojson_map.py"
APP = ROOT / "app.py"
ACTORS_PAGE = next(spec.file for spec in JOURNEY if spec.id == "acteurs")
TARGET = 1.3


def bench_carnet(n: int) -> Carnet:
    """A learner's carnet with n actors on bench_data.points(n) (the bare map's points)."""
    categories = [c.id for c in load_categories()]
    statuses = list(ContactStatus)
    actors = []
    for i, (lat, lon, _) in enumerate(points(n)):
        status = statuses[i % len(statuses)]
        log = [ContactStep(status=s, on=date(2026, 10, 1 + k))
               for k, s in enumerate(statuses[1:statuses.index(status) + 1])]
        actors.append(
            Actor(
                name=f"Acteur n°{i} « {categories[i % len(categories)]} »",
                category=categories[i % len(categories)],
                lat=lat,
                lon=lon,
                commune=f"Commune {i % 97}",
                website=f"https://acteur-{i}.example.fr" if i % 3 == 0 else "",
                contact_person="Personne privée",
                notes="Note privée : à rappeler.",
                status=status,
                contact_log=log,
                placed_by="search",
            )
        )
    territory = Territory(commune="Bourges", insee="18033", postcode="18000", departement="Cher",
                          departement_code="18", region="Centre-Val de Loire", region_code="24",
                          lat=47.0810, lon=2.3988)
    return Carnet(project=Project(name="Bench", territory=territory), actors=actors)


def _check(at: AppTest, name: str) -> None:
    if at.exception:
        raise RuntimeError(f"{name} failed: {at.exception}")


def bare_app(n: int) -> AppTest:
    at = AppTest.from_file(str(BARE), default_timeout=120)
    at.session_state["bench_n"] = n
    for _ in range(2):
        at.run()
        _check(at, "bare map")
    return at


def page_app(token: str, n: int) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["carnet"] = token
    at.query_params["lang"] = "fr"
    at.run()
    _check(at, "app")
    at.switch_page(ACTORS_PAGE)
    for _ in range(2):
        at.run()
        _check(at, "actors page")
    shown = len(at.dataframe[-1].value) if at.dataframe else 0
    if shown != n:
        raise RuntimeError(f"the actors page shows {shown} actors, expected {n}")
    return at


def measure(sizes: list[int], reps: int) -> dict[int, tuple[float, float]]:
    store = CarnetStore()
    medians: dict[int, tuple[float, float]] = {}
    for n in sizes:
        token = store.create(bench_carnet(n)).token
        apps = {"bare": bare_app(n), "page": page_app(token, n)}
        times: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(reps):
            for name, at in apps.items():
                start = time.perf_counter()
                at.run()
                times[name].append(time.perf_counter() - start)
                _check(at, name)
        medians[n] = (statistics.median(times["bare"]), statistics.median(times["page"]))
    return medians


def profile(n: int, top: int, reps: int = 10) -> None:
    """cProfile of the page's reruns, inside the script thread (where the work happens)."""
    import cProfile
    import pstats
    import threading

    from streamlit.runtime.scriptrunner import script_runner

    token = CarnetStore().create(bench_carnet(n)).token
    at = page_app(token, n)
    profiler = cProfile.Profile()
    original = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()

    script_runner.ScriptRunner._run_script = profiled
    try:
        for _ in range(reps):
            at.run()
    finally:
        script_runner.ScriptRunner._run_script = original
    print(f"\nprofile of {reps} reruns of the actors page with {n} actors (cumulative):")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 1000])
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the N most expensive functions of the page's reruns")
    args = parser.parse_args()

    medians = measure(args.sizes, args.reps)
    print(f"median server-side rerun time (AppTest), {args.reps} reps each\n")
    print(f"{'N':>6} | {'(a) bare st_folium map':>22} | {'(b) actors page':>16} | {'(b)/(a)':>7}")
    print("-" * 62)
    worst = 0.0
    for n in args.sizes:
        bare, page = medians[n]
        ratio = page / bare
        worst = max(worst, ratio)
        print(f"{n:>6} | {bare * 1000:>19.1f} ms | {page * 1000:>13.1f} ms | {ratio:>6.2f}x")
    print(f"\ntarget (b)/(a) <= {TARGET}: {'met' if worst <= TARGET else 'NOT met'} "
          f"(worst {worst:.2f}x)")
    if args.profile:
        for n in args.sizes:
            profile(n, args.profile)


if __name__ == "__main__":
    main()
