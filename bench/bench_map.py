"""Server-side rerun cost of the territory map, against a bare st_folium map, in ONE run.

    python bench/bench_map.py [--reps 15] [--sizes 30 1000]

For each N: (a) a bare script holding one st_folium map of N points as one folium GeoJson layer;
(b) a script calling components.map_view.territory_map inside an st.fragment with N actors
(escaped tooltips and popups, territory ring, legend). Both go through the real st_folium
(AppTest does not render components, but st_folium builds the whole map on the server: that is
the cost measured). Each script runs twice to warm up, then the timed reruns are interleaved
(a, b, bare, a, b, bare...) so that drift hits all variants alike; medians are printed.
Target: (b)/(a) <= 1.3.
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


def _app(script: Path, n: int) -> AppTest:
    at = AppTest.from_file(str(script), default_timeout=120)
    at.session_state["bench_n"] = n
    for _ in range(2):  # warm-up: imports, asset install, caches
        at.run()
        if at.exception:
            raise RuntimeError(f"{script.name} failed: {at.exception}")
    return at


def measure(sizes: list[int], reps: int) -> dict[tuple[str, int], float]:
    medians: dict[tuple[str, int], float] = {}
    for n in sizes:
        apps = {name: _app(path, n) for name, path in VARIANTS.items()}
        times: dict[str, list[float]] = {name: [] for name in VARIANTS}
        for _ in range(reps):
            for name, at in apps.items():
                start = time.perf_counter()
                at.run()
                times[name].append(time.perf_counter() - start)
                if at.exception:
                    raise RuntimeError(f"{name} failed: {at.exception}")
        for name in VARIANTS:
            medians[(name, n)] = statistics.median(times[name])
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 1000])
    args = parser.parse_args()

    medians = measure(args.sizes, args.reps)
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


if __name__ == "__main__":
    main()
