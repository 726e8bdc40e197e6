"""Server-side rerun cost of the territory map, against a bare st_folium map, in ONE run.

    python bench/bench_map.py [--reps 15] [--sizes 30 1000] [--outlines]

For each N: (a) a bare script holding one st_folium map of N points as one folium GeoJson layer;
(b) a script calling components.map_view.territory_map inside an st.fragment with N actors
(escaped tooltips and popups, territory ring, legend). Both go through the real st_folium
(AppTest does not render components, but st_folium builds the whole map on the server: that is
the cost measured). Each script runs twice to warm up, then the timed reruns are interleaved
(a, b, bare, a, b, bare...) so that drift hits all variants alike; medians are printed.
Target: (b)/(a) <= 1.3.

``--outlines`` (issue 14): what the offline base of France under the map costs. Adds (b0), the
same territory_map without its outlines, to the interleaved reruns: the outlines' cost on a
rerun is ((b) - (b0)) / (a), target <= 0.3. Then the first render (a map not yet in the cache:
``components.map_view.render_map`` after clearing it), with and without outlines, against a
bare st_folium call of the same points; and the sizes: the map's HTML/JS handed to the browser
with and without outlines, and the outlines script (served once, cached by the browser).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest

PAGES = Path(__file__).resolve().parent / "pages_for_bench"
VARIANTS = {
    "bare page": PAGES / "bare_page.py",
    "(a) st_folium + GeoJson": PAGES / "bare_geojson_map.py",
    "(b) territory_map in fragment": PAGES / "territory_fragment.py",
}


NO_OUTLINES = "(b0) territory_map, no outlines"


def _app(script: Path, n: int, outlines: bool = True) -> AppTest:
    at = AppTest.from_file(str(script), default_timeout=120)
    at.session_state["bench_n"] = n
    at.session_state["bench_outlines"] = outlines
    for _ in range(2):  # warm-up: imports, asset install, caches
        at.run()
        if at.exception:
            raise RuntimeError(f"{script.name} failed: {at.exception}")
    return at


def measure(sizes: list[int], reps: int, outlines: bool = False) -> dict[tuple[str, int], float]:
    medians: dict[tuple[str, int], float] = {}
    for n in sizes:
        apps = {name: _app(path, n) for name, path in VARIANTS.items()}
        if outlines:
            apps[NO_OUTLINES] = _app(VARIANTS["(b) territory_map in fragment"], n, False)
        times: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(reps):
            for name, at in apps.items():
                start = time.perf_counter()
                at.run()
                times[name].append(time.perf_counter() - start)
                if at.exception:
                    raise RuntimeError(f"{name} failed: {at.exception}")
        for name in apps:
            medians[(name, n)] = statistics.median(times[name])
    return medians


def first_renders(n: int, reps: int) -> dict[str, float]:
    """Median time of one first render (cache miss) of the map with and without outlines, and
    of one bare st_folium call of the same points (its every rerun); plus the sizes (bytes)."""
    import gzip
    import logging

    import streamlit_folium

    from adapters import map_assets
    from adapters.mapping import NO_TILES
    from bench.pages_for_bench.bench_data import CATEGORIES, CENTER, LABELS, ZOOM, actors, bare_map
    from components import map_view
    from domain.models import Territory

    map_assets.configure_folium(map_assets.vendor_url())
    the_actors = actors(n)

    def spec(outlines: bool) -> map_view.MapSpec:
        return map_view.MapSpec(
            center=CENTER,
            zoom=ZOOM,
            actors=the_actors,
            styles=CATEGORIES,
            key="bench_map",
            height=480,
            labels=LABELS,
            territory=Territory(commune="Bourges", lat=47.08, lon=2.4),
            tiles=NO_TILES,
            outlines=outlines,
        )

    def bare() -> None:
        streamlit_folium.st_folium(bare_map(n), key="bench_map", height=480)

    def size(rendered: map_view.RenderedMap) -> int:
        args = rendered.arguments
        parts = ("script", "header", "html", "feature_group", "layer_control")
        return sum(len(str(args.get(part) or "")) for part in parts)

    times: dict[str, list[float]] = {"with": [], "without": [], "bare": []}
    sizes: dict[str, float] = {}
    real_component = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: None  # no browser to hand it to
    try:
        logging.getLogger("streamlit").setLevel(logging.ERROR)  # « missing ScriptRunContext »
        for _ in range(reps + 1):
            for label, outlines in (("with", True), ("without", False)):
                map_view._rendered.clear()
                start = time.perf_counter()
                rendered = map_view.render_map(spec(outlines))
                times[label].append(time.perf_counter() - start)
                sizes[label] = size(rendered)
            start = time.perf_counter()
            bare()
            times["bare"].append(time.perf_counter() - start)
    finally:
        streamlit_folium._component_func = real_component
        map_view._rendered.clear()
    script = map_assets.outlines_script()
    return {
        **{label: statistics.median(values[1:]) for label, values in times.items()},
        "size_with": sizes["with"],
        "size_without": sizes["without"],
        "script": len(script),
        "script_gzip": len(gzip.compress(script)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 1000])
    parser.add_argument("--outlines", action="store_true", help="the offline base's cost")
    args = parser.parse_args()

    medians = measure(args.sizes, args.reps, args.outlines)
    a, b = "(a) st_folium + GeoJson", "(b) territory_map in fragment"
    print(f"median server-side rerun time (AppTest), {args.reps} reps each\n")
    print(
        f"{'N':>6} | {'bare page':>10} | {'(a) bare map':>12} | {'(b) territory_map':>17} | "
        f"{'(b)/(a)':>7}"
    )
    print("-" * 67)
    worst = 0.0
    for n in args.sizes:
        ratio = medians[(b, n)] / medians[(a, n)]
        worst = max(worst, ratio)
        print(
            f"{n:>6} | {medians[('bare page', n)] * 1000:>7.1f} ms | "
            f"{medians[(a, n)] * 1000:>9.1f} ms | {medians[(b, n)] * 1000:>14.1f} ms | "
            f"{ratio:>6.2f}x"
        )
    print(f"\ntarget (b)/(a) <= 1.3: {'met' if worst <= 1.3 else 'NOT met'} (worst {worst:.2f}x)")
    if args.outlines:
        report_outlines(args, medians)


def report_outlines(args: argparse.Namespace, medians: dict[tuple[str, int], float]) -> None:
    a, b = "(a) st_folium + GeoJson", "(b) territory_map in fragment"
    print("\nthe offline base (outlines of France): rerun cost, same run as above\n")
    print(f"{'N':>6} | {'(b) with':>10} | {'(b0) without':>12} | {'(b)-(b0)':>9} | {'/ (a)':>6}")
    print("-" * 56)
    worst = -1.0
    for n in args.sizes:
        cost = medians[(b, n)] - medians[(NO_OUTLINES, n)]
        share = cost / medians[(a, n)]
        worst = max(worst, share)
        print(
            f"{n:>6} | {medians[(b, n)] * 1000:>7.1f} ms | "
            f"{medians[(NO_OUTLINES, n)] * 1000:>9.1f} ms | {cost * 1000:>6.1f} ms | "
            f"{share:>5.2f}x"
        )
    print(f"\ntarget outlines <= 0.3x the bare map's rerun: {'met' if worst <= 0.3 else 'NOT met'}")
    print("\nfirst render (map not in the cache), median of", args.reps)
    print(
        f"{'N':>6} | {'with':>9} | {'without':>9} | {'outlines':>9} | {'bare call':>9} | "
        f"{'/ bare':>6} | {'HTML with':>10} | {'without':>9}"
    )
    print("-" * 88)
    for n in args.sizes:
        r = first_renders(n, args.reps)
        cost = r["with"] - r["without"]
        print(
            f"{n:>6} | {r['with'] * 1000:>6.1f} ms | {r['without'] * 1000:>6.1f} ms | "
            f"{cost * 1000:>6.1f} ms | {r['bare'] * 1000:>6.1f} ms | {cost / r['bare']:>5.2f}x | "
            f"{r['size_with']:>8,} B | {r['size_without']:>7,} B"
        )
    print(
        f"\noutlines script (static, cached by the browser): {r['script']:,} B, "
        f"{r['script_gzip']:,} B gzipped"
    )


if __name__ == "__main__":
    main()
