"""Server-side rerun time of every page of app.py, against bare pages measured in the same run.

    python bench/bench_pages.py [--reps 7] [--sizes 30 1000 3000] [--profile synthese:3000]

How: ``AppTest.from_file("app.py")`` on a temporary SQLite database (env ``CARNET_DB_PATH``),
``ALLIANCES_TILES=none``, ``ALLIANCES_GEOCODER=off``. The carnets are the worked example
(``domain.example.example_carnet("fr")``) and, for the map pages, the example with extra actors
spread over its territory (Charenton-le-Pont, 8 catalogue categories) up to N actors in all.
Each carnet is stored in that database and opened as the app does (``?carnet=<token>``, or
``?share=<share token>`` for the read-only view), then ``at.switch_page(<the page's file in components.shell.JOURNEY>)``.
Each app runs twice to warm up; the timed ``at.run()`` reruns of a page and of its baseline
are interleaved (page, baseline, page, baseline...) so that drift hits both alike; medians.

Pages without a map (decided by what they render: accueil, analyse) are compared with a bare
Streamlit page holding a text_input, a selectbox and a button: target <= 3x.

Pages with a map (projet, acteurs, alliance, synthese and the share view) are compared with
``bench/pages_for_bench/bare_geojson_map.py``, a bare page holding one st_folium map of the
same points as one folium GeoJson layer: target <= 1.3x. The points are the page's map's: the
carnet's located actors for projet, acteurs, synthese and share; the catalogue alliances for
alliance (its map shows the alliances, not the carnet's actors, so its baseline does not grow
with N). st_folium is not patched: its server-side map building is part of what is measured.

``--profile page:N ...`` also prints a cProfile of those pages' timed reruns (top 40 cumulative).

``--clock cpu`` times each rerun by the CPU time of this process (all its threads: the script
thread and AppTest's) instead of the wall clock: on a machine shared with other jobs, a wall
clock also counts the time the process waited for a core, which swamps a 5 ms rerun; the CPU
time does not (it still counts what the rerun itself costs, Streamlit's share included).
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import io
import os
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP = ROOT / "app.py"
BARE_MAP = ROOT / "bench" / "pages_for_bench" / "bare_geojson_map.py"
TARGET_PLAIN = 3.0
TARGET_MAP = 1.3
MAP_PAGES = ("projet", "acteurs", "alliance", "synthese", "share")
PLAIN_PAGES = ("accueil", "analyse")
PROFILE_LINES = 40
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_CLOCK = [time.perf_counter]  # the clock of the timed reruns (--clock)
_SITE = str(Path(os.__file__).resolve().parent) + "/site-packages/"
ALLIANCE_POINTS_KEY = 1_000_000_011  # bench_n of the alliance page's baseline (the catalogue)

BARE_WIDGETS = """
import streamlit as st

st.text_input("Nom du projet")
st.selectbox("Catégorie", ["CRESS", "PTCE", "CCI", "Fondation territoriale"])
st.button("Enregistrer")
"""

# Extra actors: spread over the example's territory (Charenton-le-Pont, Val-de-Marne), about
# ±25 km, as a learner of a dense area (or a trainer's merged carnet) would have them.
SPREAD_LAT = 0.22
SPREAD_LON = 0.33
STATUSES = ("identified", "contacted", "met", "presented")


def configure_environment(db_dir: str | None = None, prefix: str = "bench-pages-") -> str:
    """Env of the app under test: its own SQLite database (in ``db_dir``, else a temporary
    folder removed at exit), no tiles, no geocoder, no network; returns the SQLite path. Call
    before anything imports the app."""
    if db_dir is None:
        db_dir = tempfile.mkdtemp(prefix=prefix)
        atexit.register(shutil.rmtree, db_dir, ignore_errors=True)
    path = str(Path(db_dir) / "carnets.sqlite3")
    os.environ["CARNET_DB_PATH"] = path
    os.environ.pop("DATABASE_URL", None)
    os.environ["ALLIANCES_TILES"] = "none"
    os.environ["ALLIANCES_GEOCODER"] = "off"
    return path


# ------------------------------------------------------------------------------------ carnets


def big_carnet(n: int, lang: str = "fr"):
    """The worked example with extra actors up to ``n`` actors in all (deterministic).

    Extra actors: 8 catalogue categories in turn, spread over the territory, a commune name,
    a website for one in three, a status, private fields filled (they must not leak anywhere).
    """
    from domain.catalogue import load_categories
    from domain.example import example_carnet
    from domain.models import Actor, Carnet

    carnet = example_carnet(lang)
    if n <= len(carnet.actors):
        return carnet
    territory = carnet.project.territory
    categories = [c.id for c in load_categories()]
    rng = random.Random(n)
    extra = []
    for i in range(n - len(carnet.actors)):
        category = categories[i % len(categories)]
        extra.append(
            Actor(
                id=f"{i + 1:012x}",
                name=f"Acteur n°{i + 1} « {category} »",
                category=category,
                address=f"{1 + i % 120} rue de l’Exemple",
                commune=f"Commune {i % 47}",
                lat=round(territory.lat + rng.uniform(-SPREAD_LAT, SPREAD_LAT), 5),
                lon=round(territory.lon + rng.uniform(-SPREAD_LON, SPREAD_LON), 5),
                website=f"https://acteur-{i + 1}.example.fr" if i % 3 == 0 else "",
                contact_person="Prénom Nom (privé)",
                notes="Note privée : à rappeler.",
                status=STATUSES[i % len(STATUSES)],
                placed_by="click",
            )
        )
    data = carnet.model_dump()
    data["actors"] = [a.model_dump() for a in carnet.actors] + [a.model_dump() for a in extra]
    return Carnet.model_validate(data)


def map_points(carnet) -> tuple[tuple[float, float, str], ...]:
    """The located actors as the bare map's (lat, lon, category) points, same order."""
    from bench.pages_for_bench.bench_data import CATEGORIES

    bench_categories = list(CATEGORIES)
    ids = sorted({a.category for a in carnet.actors})
    colour_of = {c: bench_categories[i % len(bench_categories)] for i, c in enumerate(ids)}
    return tuple((a.lat, a.lon, colour_of[a.category]) for a in carnet.actors if a.located)


def alliance_points() -> tuple[tuple[float, float, str], ...]:
    """What the alliance page's map shows: every catalogue alliance (no filter)."""
    from bench.pages_for_bench.bench_data import CATEGORIES
    from domain.catalogue import load_alliances

    bench_categories = list(CATEGORIES)
    return tuple(
        (a.lat, a.lon, bench_categories[i % len(bench_categories)])
        for i, a in enumerate(load_alliances())
    )


_POINTS: dict[int, tuple[tuple[float, float, str], ...]] = {}


def use_points(key: int, points: tuple[tuple[float, float, str], ...]) -> int:
    """Make ``bare_geojson_map.py`` draw these points when run with ``bench_n = key``.

    The bare page reads ``bench_data.points(n)`` at each run; the bench swaps that function
    (in this process only) for one that serves registered point sets, falling back to the
    original for other n.
    """
    from bench.pages_for_bench import bench_data

    if not hasattr(bench_data, "_original_points"):
        bench_data._original_points = bench_data.points
        bench_data.points = lambda n: _POINTS.get(n) or bench_data._original_points(n)
    _POINTS[key] = points
    return key


@dataclass(frozen=True)
class Opened:
    token: str
    share: str
    n: int


def store_carnet(carnet) -> Opened:
    from adapters.storage.carnets import CarnetStore

    store = CarnetStore()
    stored = store.create(carnet)
    return Opened(stored.token, store.enable_sharing(stored.token), len(carnet.actors))


# ------------------------------------------------------------------------------------ apps


def page_app(page: str, opened: Opened):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=180)
    if page == "share":
        at.query_params["share"] = opened.share
        return at
    at.query_params["carnet"] = opened.token
    at.run()  # opens the carnet (?carnet=), like a learner's first load
    _check(at, f"{page} (open)")
    at.switch_page(page_file(page))
    return at


def started(
    script: Path,
    what: str,
    *,
    timeout: float = 180,
    params: dict[str, str] | None = None,
    bench_n: int | None = None,
    page: str | None = None,
):
    """An AppTest of ``script``, warmed up (two runs, checked): ``params`` in its query string,
    ``bench_n`` in its session; given a ``page`` (of app.py), one run first, then that page."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if bench_n is not None:
        at.session_state["bench_n"] = bench_n
    if page is not None:
        warm(at, "app", runs=1)
        at.switch_page(page)
    return warm(at, what)


def page_file(page: str) -> str:
    """The page's script, relative to app.py, as the app's navigation declares it."""
    from components.shell import JOURNEY, SHARE_PAGE

    return next(spec.file for spec in (*JOURNEY, SHARE_PAGE) if spec.id == page)


def bare_map_app(key: int):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(BARE_MAP), default_timeout=180)
    at.session_state["bench_n"] = key
    return at


def bare_widgets_app():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_string(BARE_WIDGETS, default_timeout=60)


def _check(at, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what} failed: {[e.value for e in at.exception]}")


def warm(at, what: str, runs: int = 2):
    for _ in range(runs):
        at.run()
        _check(at, what)
    return at


def has_map(at) -> bool:
    """Whether the last run drew an st_folium component (AppTest keeps it as an unknown element)."""
    return any(
        "st_folium" in getattr(element.proto, "component_name", "")
        for element in at.get("component_instance")
    )


@dataclass
class Row:
    page: str
    n: int
    median_ms: float
    baseline_ms: float
    baseline: str
    target: float
    drawn_map: bool | None = None

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms

    @property
    def met(self) -> bool:
        return self.ratio <= self.target


def share_script_cache() -> None:
    """Compile each script once per process, as ``streamlit run`` does.

    AppTest makes a new ``ScriptCache`` on every ``run()``, so every rerun recompiles app.py and
    the page (with Streamlit's "magic" AST pass): ~1-2 ms per 100 lines that a real server pays
    once. The bench hands AppTest one shared cache (the runtime's behaviour); pass
    ``--no-shared-script-cache`` to measure AppTest as it comes.
    """
    import streamlit.testing.v1.app_test as app_test_module
    import streamlit.testing.v1.local_script_runner as runner_module
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    app_test_module.ScriptCache = lambda: shared
    runner_module.ScriptCache = lambda: shared


_ACTIVE_PROFILER: list[cProfile.Profile | None] = [None]


def _profile_script_thread() -> None:
    """AppTest runs the script in its own thread: profile there (cProfile is per thread)."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    if getattr(ScriptRunner._run_script, "_bench_profiled", False):
        return
    original = ScriptRunner._run_script

    def _run_script(self, rerun_data):
        profiler = _ACTIVE_PROFILER[0]
        if profiler is None:
            return original(self, rerun_data)
        profiler.enable()
        try:
            return original(self, rerun_data)
        finally:
            profiler.disable()

    _run_script._bench_profiled = True
    ScriptRunner._run_script = _run_script


def timed_interleaved(
    apps: dict[str, object], reps: int, profilers: dict[str, cProfile.Profile] | None = None
) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(reps):
        for name, at in apps.items():
            clock = _CLOCK[0]
            start = clock()
            at.run()
            elapsed = clock() - start
            _check(at, name)
            times[name].append(elapsed)
    # Profiles come from extra reruns, so that the figures above are not slowed by them.
    for name, profiler in (profilers or {}).items():
        if name not in apps:
            continue
        _profile_script_thread()
        for _ in range(reps):
            _ACTIVE_PROFILER[0] = profiler
            try:
                apps[name].run()
            finally:
                _ACTIVE_PROFILER[0] = None
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def measure(
    sizes: list[int],
    reps: int,
    profile: list[str] | None = None,
    log: Callable[[str], None] = print,
    shared_script_cache: bool = True,
) -> tuple[list[Row], str]:
    configure_environment()
    if shared_script_cache:
        share_script_cache()
    from domain.example import example_carnet

    rows: list[Row] = []
    profilers = {name: cProfile.Profile() for name in profile or ()}

    # Pages without a map: the worked example, against the bare three-widget page.
    example = store_carnet(example_carnet("fr"))
    apps = {"bare widgets": warm(bare_widgets_app(), "bare widgets")}
    for page in PLAIN_PAGES:
        name = f"{page}:{example.n}"
        apps[name] = warm(page_app(page, example), name)
    medians = timed_interleaved(apps, reps, profilers)
    for page in PLAIN_PAGES:
        rows.append(
            Row(
                page,
                example.n,
                medians[f"{page}:{example.n}"],
                medians["bare widgets"],
                "bare page (3 widgets)",
                TARGET_PLAIN,
            )
        )
        log(f"  {rows[-1].page} N={rows[-1].n}: {rows[-1].median_ms:.1f} ms")

    # Pages with a map: N actors, against the bare map of the same points.
    alliance_key = use_points(ALLIANCE_POINTS_KEY, alliance_points())
    for n in sizes:
        carnet = big_carnet(n)
        opened = store_carnet(carnet)
        key = use_points(n, map_points(carnet))
        apps = {
            "bare map": warm(bare_map_app(key), f"bare map {n}"),
            "bare alliance map": warm(bare_map_app(alliance_key), "bare alliance map"),
        }
        for page in MAP_PAGES:
            name = f"{page}:{n}"
            apps[name] = warm(page_app(page, opened), name)
        drawn = {page: has_map(apps[f"{page}:{n}"]) for page in MAP_PAGES}
        medians = timed_interleaved(apps, reps, profilers)
        for page in MAP_PAGES:
            baseline = "bare alliance map" if page == "alliance" else "bare map"
            label = (
                f"bare st_folium GeoJson, {len(_POINTS[alliance_key])} alliances"
                if page == "alliance"
                else f"bare st_folium GeoJson, {len(_POINTS[key])} points"
            )
            rows.append(
                Row(
                    page,
                    n,
                    medians[f"{page}:{n}"],
                    medians[baseline],
                    label,
                    TARGET_MAP,
                    drawn[page],
                )
            )
            log(f"  {page} N={n}: {rows[-1].median_ms:.1f} ms (baseline {medians[baseline]:.1f})")

    report = ""
    for name, profiler in profilers.items():
        if not profiler.getstats():
            continue
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(PROFILE_LINES)
        stats.print_stats(
            r"/(app\.py|components|domain|pages)/?|st_folium|plotly/graph_objs"
            r"/_figure|segno/__init__|arrow.py.*dataframe|data_editor",
            PROFILE_LINES,
        )
        text = out.getvalue().replace(str(ROOT) + "/", "").replace(_SITE, "")
        report += f"cProfile of {name} ({reps} extra reruns), top {PROFILE_LINES} cumulative, "
        report += f"then the app's own calls and the main libraries:\n{text}"
    return rows, report


def markdown_table(rows: list[Row]) -> str:
    lines = [
        "| page | N actors | median ms | baseline | baseline ms | ratio | target | met? |",
        "| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        page = row.page + (" (no map drawn!)" if row.drawn_map is False else "")
        lines.append(
            f"| {page} | {row.n} | {row.median_ms:.1f} | {row.baseline} | {row.baseline_ms:.1f} "
            f"| {row.ratio:.2f}× | ≤ {row.target:g}× | {'met' if row.met else '**not met**'} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=9)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 1000, 3000])
    parser.add_argument(
        "--profile",
        nargs="*",
        default=[],
        help="page:N ..., e.g. synthese:3000 accueil:5 (N=5: the example)",
    )
    parser.add_argument(
        "--clock",
        choices=list(CLOCKS),
        default="wall",
        help="cpu: this process's CPU time per rerun (for a machine shared with other jobs)",
    )
    parser.add_argument(
        "--no-shared-script-cache",
        action="store_true",
        help="let AppTest recompile the scripts on every rerun",
    )
    args = parser.parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    _CLOCK[0] = CLOCKS[args.clock]
    log(f"bench_pages: reps={args.reps}, sizes={args.sizes}, clock={args.clock}")
    rows, report = measure(
        args.sizes,
        args.reps,
        args.profile,
        log,
        shared_script_cache=not args.no_shared_script_cache,
    )
    table = markdown_table(rows)
    clock = "CPU time of the process" if args.clock == "cpu" else "wall clock"
    print(f"### Server-side rerun time (AppTest, median of {args.reps} reruns, {clock})\n")
    print(table)
    if report:
        print("\n```\n" + report + "```")
    return table


if __name__ == "__main__":
    main()
