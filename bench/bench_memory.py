"""Server memory per open session: ``streamlit run app.py`` against a bare page, in ONE run.

    python bench/bench_memory.py [--sessions 1 10 20]

How: start ``streamlit run`` on a free port (headless, static serving on, tiles off, offline
geocoder, a temporary SQLite database) as a subprocess; read its resident memory (VmRSS in
/proc/<pid>/status) once idle; then open sessions one after another in Debian's Chromium
(Playwright, one fresh browser context per session, all kept open) and read the RSS again, once
it has settled, each time the number of open sessions reaches a checkpoint (1, 10, 20).

- app: each session opens a different carnet (a copy of the worked example, stored beforehand)
  on the summary page, ``/synthese?carnet=<token>``, and waits until it is drawn (the map's
  iframe and the six download buttons are there);
- baseline: a bare Streamlit page with one text_input (a temporary script), waiting until the
  input is visible.

Reported: RSS when idle, after the first session (it includes the modules a first run imports:
folium, plotly, pandas...), and the growth per session between checkpoints (what each more
learner costs). No target: the figures size a server for a cohort.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_data_dir import bench_workspace
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer, settled

APP = ROOT / "app.py"
DRAW_TIMEOUT = 90_000  # ms
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
BARE_TEXT_INPUT = 'import streamlit as st\n\nst.text_input("Nom du projet")\n'


class Server(StreamlitServer):
    """The tests' ``streamlit run`` subprocess (``tests.e2e.server``), started and healthy,
    with its memory readings."""

    def __init__(self, script: Path, env: dict[str, str], log_path: Path):
        super().__init__(script, env, log_path)
        self.wait_healthy()

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmRSS")

    def settled_rss(self, quiet: float = 1.5, timeout: float = 20.0) -> float:
        """RSS once it has stopped moving (within 0.5 MiB over ``quiet`` seconds)."""
        return settled(self.rss_mib, quiet, timeout)


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_summary_drawn(page) -> None:
    page.wait_for_selector(MAP_FRAME, state="attached", timeout=DRAW_TIMEOUT)
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=\"stDownloadButton\"]').length >= 6",
        timeout=DRAW_TIMEOUT,
    )


def wait_text_input(page) -> None:
    page.wait_for_selector(
        '[data-testid="stTextInput"] input', state="visible", timeout=DRAW_TIMEOUT
    )


@dataclass
class Series:
    name: str
    idle: float
    at: dict[int, float]  # open sessions -> RSS MiB


def run_series(
    name: str,
    server: Server,
    browser,
    urls: list[str],
    wait: Callable[[object], None],
    checkpoints: list[int],
    log: Callable[[str], None],
) -> Series:
    idle = server.settled_rss()
    log(f"  {name}: idle {idle:.1f} MiB")
    at: dict[int, float] = {}
    contexts = []
    try:
        for index, url in enumerate(urls, start=1):
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
            contexts.append(context)
            page = context.new_page()
            page.goto(url, wait_until="domcontentloaded")
            wait(page)
            if index in checkpoints:
                at[index] = server.settled_rss()
                log(f"  {name}: {index} sessions {at[index]:.1f} MiB")
    finally:
        for context in contexts:
            context.close()
    return Series(name, idle, at)


def measure(checkpoints: list[int], log: Callable[[str], None] = print) -> list[Series]:
    work, db, env, store = bench_workspace("bench-memory-")
    from domain.example import example_carnet

    sessions = max(checkpoints)
    tokens = [store.create(example_carnet("fr")).token for _ in range(sessions)]
    bare = work / "bare_text_input.py"
    bare.write_text(BARE_TEXT_INPUT, encoding="utf-8")

    results = []
    with chromium() as browser:
        for name, script, make_url, wait in (
            ("bare page (1 text_input)", bare, lambda base, i: f"{base}/", wait_text_input),
            (
                "app: summary page, example carnet",
                APP,
                lambda base, i: f"{base}/synthese?carnet={tokens[i]}",
                wait_summary_drawn,
            ),
        ):
            server = Server(script, env, work / f"{script.stem}.log")
            try:
                urls = [make_url(server.url, i) for i in range(sessions)]
                results.append(run_series(name, server, browser, urls, wait, checkpoints, log))
            finally:
                server.stop()
    return results


def markdown_table(results: list[Series], checkpoints: list[int]) -> str:
    head = [
        "server",
        "idle MiB",
        *(f"{k} sessions MiB" for k in checkpoints),
        "1st session MiB",
        "per more session MiB",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + " ---: |" * len(head)]
    lines[1] = "| --- |" + " ---: |" * (len(head) - 1)
    first, last = checkpoints[0], checkpoints[-1]
    for series in results:
        per = (series.at[last] - series.at[first]) / (last - first) if last > first else 0.0
        cells = [
            series.name,
            f"{series.idle:.1f}",
            *(f"{series.at[k]:.1f}" for k in checkpoints),
            f"{series.at[first] - series.idle:+.1f}",
            f"{per:+.2f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sessions",
        type=int,
        nargs="+",
        default=[1, 10, 20],
        help="checkpoints: numbers of open sessions at which RSS is read",
    )
    args = parser.parse_args(argv)
    checkpoints = sorted(set(args.sessions))

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"bench_memory: checkpoints={checkpoints}")
    table = markdown_table(measure(checkpoints, log), checkpoints)
    print("### Server memory (RSS of the streamlit process) per open session\n")
    print(table)
    return table


if __name__ == "__main__":
    main()
