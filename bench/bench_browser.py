"""Browser time from navigation to a drawn map: the actors page against bare pages, ONE run.

    python bench/bench_browser.py [--sizes 30 1000] [--loads 5]

Two ``streamlit run`` servers (headless, static serving on, tiles off, offline geocoder) and
Debian's Chromium (Playwright; a fresh browser context for every load, so nothing is cached
between loads; one unmeasured warm-up load per variant first):

- the app (``app.py``) on the actors page, ``/acteurs?carnet=<token>``, the carnet being the
  worked example with extra actors spread over its territory up to N actors
  (``bench.bench_pages.big_carnet``);
- a bench script (written to a temporary folder) serving two baselines: a bare Streamlit page
  with one text_input (``?mode=bare``) and ``bench/pages_for_bench/bare_geojson_map.py``
  (one st_folium map of the same points as one folium GeoJson layer, ``?mode=map&n=N``), with
  Leaflet served locally as in the app.

Measured in the browser, on its own clock: from navigation start (``performance.timeOrigin``
of the page) to the first animation frame where the map is drawn, i.e. Leaflet's
``.leaflet-container`` and the SVG paths of all located actors are inside the st_folium
iframe (``path.alliances-actor`` for the app; ``path.leaflet-interactive`` for the bare map);
for the bare page, to the text_input being visible. Median of ``--loads`` loads per variant,
taken in turns (bare page, bare map, actors page, bare page...) after one warm-up load each.
Also shown: the part spent inside the map's iframe (from its own navigation start to the
points drawn), the rest being Streamlit's page (connection, script run, elements before the
map).
Target: actors page / bare map page <= 1.3 at the same N.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_data_dir import bench_workspace
from bench.bench_memory import APP, Server, chromium

TARGET = 1.3
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 120_000  # ms

BASELINES = f'''"""Bench baselines for bench/bench_browser.py (generated): ``/?mode=bare``, ``/?mode=map&n=N``
(at the root) and ``/carte?n=N`` (the same map as a page of a two-page app, reached by its
path as the app's pages are)."""
import sys

ROOT = {str(ROOT)!r}
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import streamlit as st

from bench import bench_pages
from components.assets import install_map_assets

install_map_assets()  # Leaflet from /app/static/vendor, as the app does (no CDN)


def bare_map() -> None:
    n = int(st.query_params.get("n", "30"))
    if n not in bench_pages._POINTS:
        bench_pages.use_points(n, bench_pages.map_points(bench_pages.big_carnet(n)))
    st.session_state["bench_n"] = n
    script = ROOT + "/bench/pages_for_bench/bare_geojson_map.py"
    with open(script, encoding="utf-8") as handle:
        exec(compile(handle.read(), script, "exec"), {{"__name__": "__main__"}})


def root() -> None:
    if st.query_params.get("mode", "bare") == "bare":
        st.text_input("Nom du projet")
    else:
        bare_map()


pages = [
    st.Page(root, title="Accueil", default=True),
    st.Page(bare_map, title="Carte", url_path="carte"),
]
st.navigation(pages, position="hidden").run()
'''

# Installed in the page before its own scripts run (``add_init_script``): on every animation
# frame it looks into the st_folium iframe (same origin) and keeps the time of the first frame
# where the map is drawn (ms since the epoch, comparable with the page's
# performance.timeOrigin). Taking the time in the page itself, rather than in Playwright's
# polling, keeps it right when the page's main thread is busy: Playwright installs its
# polling in the iframe's new document through the browser's protocol, which may run
# hundreds of ms after the map is on screen (seen: 340 ms on the actors page while the rest
# of the page mounted).
WATCH_MAP = """(([frameSelector, selector, count, complete]) => {
    if (window.top !== window) return;
    const whole = () => {
        if (document.querySelector(complete)) {
            window.__benchCompleteAt = performance.timeOrigin + performance.now();
            return;
        }
        requestAnimationFrame(whole);
    };
    const check = () => {
        const frame = document.querySelector(frameSelector);
        const inside = frame && frame.contentDocument;
        if (inside && inside.querySelector('.leaflet-container')
                && inside.querySelectorAll(selector).length >= count) {
            window.__benchDrawnAt = performance.timeOrigin + performance.now();
            window.__benchFrameOrigin = frame.contentWindow.performance.timeOrigin;
            if (complete) whole();
            return;
        }
        requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
})(%s);"""
DRAWN_AT = (
    "() => window.__benchDrawnAt ? [window.__benchDrawnAt, window.__benchFrameOrigin] : false"
)
COMPLETE_AT = "() => window.__benchCompleteAt || false"
#: The actors page is whole when its actors' table (the map's text alternative) is there.
ACTORS_COMPLETE = '[data-testid="stDataFrame"]'
INPUT_VISIBLE = """() => {
    const input = document.querySelector('[data-testid="stTextInput"] input');
    if (!input || !input.offsetParent) return false;
    return performance.timeOrigin + performance.now();
}"""


def load(
    browser, url: str, selector: str | None, count: int, complete: str | None = None
) -> tuple[float, float | None, float | None]:
    """One load in a fresh context: ms from navigation start to drawn, to the moment the
    map's iframe started loading (None for the bare page), and to the page whole (``complete``
    there after the map is drawn; None without ``complete``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    try:
        if selector is not None:
            context.add_init_script(
                WATCH_MAP % json.dumps([MAP_FRAME, selector, count, complete or ""])
            )
        page = context.new_page()
        page.goto(url, wait_until="commit")
        if selector is None:
            done = page.wait_for_function(INPUT_VISIBLE, polling="raf", timeout=TIMEOUT)
            return done.json_value() - page.evaluate("performance.timeOrigin"), None, None
        done = page.wait_for_function(DRAWN_AT, polling=50, timeout=TIMEOUT)
        drawn, frame_origin = done.json_value()
        origin = page.evaluate("performance.timeOrigin")
        whole = None
        if complete:
            whole = page.wait_for_function(COMPLETE_AT, polling=50, timeout=TIMEOUT).json_value()
            whole -= origin
        return drawn - origin, frame_origin - origin, whole
    finally:
        context.close()


@dataclass
class Variant:
    name: str
    url: str
    selector: str | None = None
    count: int = 0
    complete: str | None = None
    drawn: list[float] = field(default_factory=list)
    iframe: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)

    def median(self) -> float:
        return statistics.median(self.drawn)

    def spread(self) -> str:
        return f"{min(self.drawn):.0f}–{max(self.drawn):.0f}"

    def in_frame(self) -> float:
        """Median time spent inside the map's iframe (its navigation to the points drawn)."""
        return statistics.median(d - i for d, i in zip(self.drawn, self.iframe, strict=True))


def run_interleaved(browser, variants: list[Variant], loads: int) -> None:
    """A warm-up load each (server imports, first compile), then the loads in turns, so that
    what else the machine does hits every variant alike."""
    for variant in variants:
        load(browser, variant.url, variant.selector, variant.count, variant.complete)
    for _ in range(loads):
        for variant in variants:
            drawn, iframe, whole = load(
                browser, variant.url, variant.selector, variant.count, variant.complete
            )
            variant.drawn.append(drawn)
            if iframe is not None:
                variant.iframe.append(iframe)
            if whole is not None:
                variant.whole.append(whole)


def measure(sizes: list[int], loads: int, log: Callable[[str], None] = print) -> list[dict]:
    work, db, env, store = bench_workspace("bench-browser-")
    from bench.bench_pages import big_carnet

    carnets = {n: big_carnet(n) for n in sizes}
    tokens = {n: store.create(carnet).token for n, carnet in carnets.items()}
    located = {n: sum(1 for a in carnet.actors if a.located) for n, carnet in carnets.items()}
    baselines = work / "baselines.py"
    baselines.write_text(BASELINES, encoding="utf-8")

    rows: list[dict] = []
    app = Server(APP, env, work / "app.log")
    bench = Server(baselines, env, work / "baselines.log")
    try:
        with chromium() as browser:
            bare = Variant("bare page", f"{bench.url}/?mode=bare")
            for n in sizes:
                at_root = Variant(
                    f"bare map at / N={n}",
                    f"{bench.url}/?mode=map&n={n}",
                    "path.leaflet-interactive",
                    located[n],
                )
                bare_map = Variant(
                    f"bare map N={n}",
                    f"{bench.url}/carte?n={n}",
                    "path.leaflet-interactive",
                    located[n],
                )
                actors = Variant(
                    f"actors page N={n}",
                    f"{app.url}/acteurs?carnet={tokens[n]}",
                    "path.alliances-actor",
                    located[n],
                    ACTORS_COMPLETE,
                )
                run_interleaved(browser, [bare, at_root, bare_map, actors], loads)
                for variant in (at_root, bare_map, actors):
                    log(
                        f"  {variant.name}: {variant.median():.0f} ms ({variant.spread()}), "
                        f"inside the iframe {variant.in_frame():.0f} ms"
                    )
                rows.append(
                    {
                        "n": n,
                        "located": located[n],
                        "bare": bare.median(),
                        "bare_map": bare_map.median(),
                        "actors": actors.median(),
                        "actors_spread": actors.spread(),
                        "map_spread": bare_map.spread(),
                        "actors_in_frame": actors.in_frame(),
                        "map_in_frame": bare_map.in_frame(),
                        "at_root": at_root.median(),
                        "whole": statistics.median(actors.whole),
                    }
                )
            log(f"  bare page: {bare.median():.0f} ms ({bare.spread()})")
            for row in rows:
                row["bare"] = bare.median()
    finally:
        app.stop()
        bench.stop()
    return rows


def markdown_table(rows: list[dict], loads: int) -> str:
    lines = [
        (
            "| page | N actors (drawn) | median ms (min–max) | of which in the map iframe "
            "| bare page ms | × bare page | bare map ms (min–max) | of which in its iframe "
            "| × bare map | target | met? | the same map at / ms | × that | page whole ms |"
        ),
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: "
        "| ---: |",
    ]
    for row in rows:
        ratio = row["actors"] / row["bare_map"]
        lines.append(
            f"| actors page | {row['n']} ({row['located']}) | {row['actors']:.0f} "
            f"({row['actors_spread']}) | {row['actors_in_frame']:.0f} | {row['bare']:.0f} "
            f"| {row['actors'] / row['bare']:.1f}× | {row['bare_map']:.0f} ({row['map_spread']}) "
            f"| {row['map_in_frame']:.0f} | {ratio:.2f}× | ≤ {TARGET:g}× "
            f"| {'met' if ratio <= TARGET else '**not met**'} "
            f"| {row['at_root']:.0f} | {row['actors'] / row['at_root']:.2f}× "
            f"| {row['whole']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[30, 1000])
    parser.add_argument("--loads", type=int, default=5)
    args = parser.parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"bench_browser: sizes={args.sizes}, loads={args.loads}")
    table = markdown_table(measure(args.sizes, args.loads, log), args.loads)
    print(f"### Browser: navigation to drawn map (median of {args.loads} loads)\n")
    print(table)
    return table


if __name__ == "__main__":
    main()
