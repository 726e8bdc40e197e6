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

For context, (c) ``bench/pages_for_bench/territory_fragment.py``: ``territory_map`` alone in a
fragment (the map component the page must call, on the same points), i.e. the map's own floor.

And (d): the actors page again, its rendered map forgotten before each run: the rerun after
the learner changed the map (an actor added, moved or renamed), when ``st_folium`` must render
it again; (b) is every other rerun (typing in a form, opening the page), where the page reuses
the map it rendered (``components.map_view.render_map``).

All go through AppTest, run twice to warm up, then the timed reruns are interleaved
(a, c, b, d, a, c, b, d, ...) so that drift hits them alike; medians are printed with the
ratios. Target: (b)/(a) <= 1.3 at both sizes. Then a breakdown of the page's rerun (cProfile in the
script thread: shares of the time, the profiler inflates absolute figures), and with
``--profile N`` the N most expensive functions.

Note on what AppTest measures: it builds a new script cache for every run, so the page scripts
would be compiled again each time; a served app compiles them once, and so does this bench
(``bench_pages.share_script_cache``; ``--no-shared-script-cache`` to measure AppTest as it
comes).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_pages import configure_environment

# Before anything imports the app: its own database, no tiles, no network.
_DB = configure_environment(prefix="bench-actors-")

from streamlit.testing.v1 import AppTest

from adapters.storage.carnets import CarnetStore
from bench.bench_pages import share_script_cache, started, timed_interleaved
from bench.pages_for_bench.bench_data import actor_fields, points
from components import map_view
from components.actor_map import MAP_KEY as ACTORS_MAP_KEY
from components.shell import JOURNEY
from domain.catalogue import load_categories
from domain.gazetteer import Gazetteer
from domain.models import (
    Actor,
    Carnet,
    ContactStatus,
    ContactStep,
    Project,
)
from domain.places import territory_of

BARE = ROOT / "bench" / "pages_for_bench" / "bare_geojson_map.py"
MAP_ONLY = ROOT / "bench" / "pages_for_bench" / "territory_fragment.py"
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
        log = [
            ContactStep(status=s, on=date(2026, 10, 1 + k))
            for k, s in enumerate(statuses[1 : statuses.index(status) + 1])
        ]
        actors.append(
            Actor(
                **actor_fields(i, lat, lon, categories[i % len(categories)]),
                contact_person="Personne privée",
                notes="Note privée : à rappeler.",
                status=status,
                contact_log=log,
                placed_by="search",
            )
        )
    bourges = Gazetteer.load().get("18033")
    assert bourges is not None, "the gazetteer has Bourges"
    territory = territory_of(bourges, "18000")
    return Carnet(project=Project(name="Bench", territory=territory), actors=actors)


def script_app(script: Path, n: int) -> AppTest:
    return started(script, script.name, timeout=120, bench_n=n)


def page_app(token: str, n: int) -> AppTest:
    params = {"carnet": token, "lang": "fr"}
    at = started(APP, "actors page", timeout=120, params=params, page=ACTORS_PAGE)
    shown = len(at.dataframe[-1].value) if at.dataframe else 0
    if shown != n:
        raise RuntimeError(f"the actors page shows {shown} actors, expected {n}")
    return at


class MapNotRendered:
    """The actors page, its map forgotten before each run: a rerun after the map changed (an
    actor added, moved, renamed), when the map must be rendered again."""

    def __init__(self, at: AppTest):
        self.at = at

    def run(self) -> AppTest:
        for key in [k for k in map_view._rendered if ACTORS_MAP_KEY in k]:
            del map_view._rendered[key]
        return self.at.run()

    @property
    def exception(self):
        return self.at.exception


def measure(sizes: list[int], reps: int) -> dict[int, dict[str, float]]:
    """Median rerun time (ms) of each variant at each size, reruns interleaved."""
    store = CarnetStore()
    medians: dict[int, dict[str, float]] = {}
    for n in sizes:
        token = store.create(bench_carnet(n)).token
        apps = {
            "bare": script_app(BARE, n),
            "map": script_app(MAP_ONLY, n),
            "page": page_app(token, n),
            "changed": MapNotRendered(page_app(token, n)),
        }
        medians[n] = timed_interleaved(apps, reps)
    return medians


# (label, file suffix, function name): parts of a rerun of the page, not nested in each other.
PARTS = (
    ("compiling the page scripts (AppTest: every run)", "script_cache.py", "get_bytecode"),
    ("app frame: sidebar, language, projection", "components/shell.py", "frame"),
    ("app frame: ?carnet= link, saved-version check", "components/state.py", "sync_from_url"),
    ("map: territory_map (st_folium, layers, legend)", "components/map_view.py", "territory_map"),
    ("guide and checklist", "components/actors.py", "guide_section"),
    ("add panel", "components/actor_forms.py", "add_panel"),
    ("table", "components/actors.py", "actors_table"),
)


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
    stats = pstats.Stats(profiler)

    def cumulative(suffix: str, name: str) -> float:
        return sum(
            row[3]
            for (path, _, func), row in stats.stats.items()
            if func == name and path.endswith(suffix)
        )

    total = cumulative("script_runner.py", "_run_script")
    print(
        f"\nwhere a rerun of the actors page goes, {n} actors "
        f"(cProfile, {reps} reruns; {total / reps * 1000:.1f} ms per rerun under the profiler):"
    )
    accounted = 0.0
    for label, suffix, name in PARTS:
        spent = cumulative(suffix, name)
        accounted += spent
        print(f"  {label:<52} {spent / total:>5.0%}")
    print(
        f"  {'everything else (Streamlit, page layout, handover)':<52} "
        f"{(total - accounted) / total:>5.0%}"
    )
    if top:
        stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 1000])
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also print the N most expensive functions of the page's reruns",
    )
    parser.add_argument(
        "--no-shared-script-cache",
        action="store_true",
        help="let AppTest recompile the scripts on every run (a server does not)",
    )
    args = parser.parse_args()

    if not args.no_shared_script_cache:
        share_script_cache()
    medians = measure(args.sizes, args.reps)
    print(f"median server-side rerun time (AppTest), {args.reps} reps each\n")
    print(
        f"{'N':>6} | {'(a) bare map':>12} | {'(c) territory_map':>17} | "
        f"{'(b) actors page':>15} | {'(d) after a change':>18} | {'(c)/(a)':>7} | "
        f"{'(b)/(a)':>7} | {'(d)/(a)':>7}"
    )
    print("-" * 112)
    worst = 0.0
    for n in args.sizes:
        bare, alone, page, changed = (medians[n][k] for k in ("bare", "map", "page", "changed"))
        ratio = page / bare
        worst = max(worst, ratio)
        print(
            f"{n:>6} | {bare:>9.1f} ms | {alone:>14.1f} ms | {page:>12.1f} ms | "
            f"{changed:>15.1f} ms | {alone / bare:>6.2f}x | {ratio:>6.2f}x | "
            f"{changed / bare:>6.2f}x"
        )
    print(
        f"\ntarget (b)/(a) <= {TARGET}: {'met' if worst <= TARGET else 'NOT met'} "
        f"(worst {worst:.2f}x)"
    )
    for n in args.sizes:
        profile(n, args.profile)


if __name__ == "__main__":
    main()
