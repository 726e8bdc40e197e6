"""Time of every export of a carnet, against the cost of building its summary, in ONE run.

    python bench/bench_exports.py [--sizes 5 1000] [--budget 1.5]

For the worked example carnet (``domain.example.example_carnet("fr")``, 5 actors) and for the
example with extra actors up to 1,000 (``bench.bench_pages.big_carnet``: 8 categories, spread
over the territory), with private fields included (the biggest output):

- baseline: ``domain.summary.build_summary`` alone, as the app calls it (catalogue categories
  and typologies resolved in the carnet's language, ``components.summary_view.summary_of``);
- each export from that summary: Markdown, forum post (text and Markdown), HTML, PDF, CSV,
  GeoJSON, and the carnet JSON (which reads the carnet, not the summary).

Each function runs until ``--budget`` seconds are spent (at least 3 times, at most 50); the
median is printed, with the ratio export / build_summary. There is no target: the ratio says
what a download costs compared with what every summary page already pays.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MIN_RUNS = 3
MAX_RUNS = 50


def timed(function: Callable[[], object], budget: float) -> tuple[float, int, object]:
    """Median seconds of ``function()`` over runs filling ``budget`` seconds; and its result."""
    times: list[float] = []
    result = None
    spent = 0.0
    while len(times) < MIN_RUNS or (spent < budget and len(times) < MAX_RUNS):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        spent += elapsed
    return statistics.median(times), len(times), result


def size_of(value: object) -> int:
    if isinstance(value, bytes):
        return len(value)
    return len(str(value).encode("utf-8"))


def measure(sizes: list[int], budget: float, log: Callable[[str], None] = print) -> list[dict]:
    from adapters.exports import carnet_json
    from adapters.exports.csv_export import actors_csv
    from adapters.exports.forum import forum_post_markdown, forum_post_text
    from adapters.exports.geojson import actors_geojson
    from adapters.exports.html import summary_html
    from adapters.exports.markdown import summary_markdown
    from adapters.exports.pdf import summary_pdf
    from bench.bench_pages import big_carnet
    from domain.i18n import Translator
    from services.summary import carnet_summary

    rows: list[dict] = []
    for n in sizes:
        carnet = big_carnet(n)
        t = Translator(carnet.language)

        def summary(carnet=carnet):
            return carnet_summary(carnet, include_private=True)[0]

        base, runs, built = timed(summary, budget)
        rows.append(
            {
                "export": "build_summary (baseline)",
                "n": len(carnet.actors),
                "ms": base * 1000,
                "runs": runs,
                "ratio": 1.0,
                "bytes": None,
            }
        )
        exports = {
            "Markdown": lambda s=built, t=t: summary_markdown(s, t),
            "forum post, text": lambda s=built, t=t: forum_post_text(s, t),
            "forum post, Markdown": lambda s=built, t=t: forum_post_markdown(s, t),
            "HTML": lambda s=built, t=t: summary_html(s, t),
            "PDF": lambda s=built, t=t: summary_pdf(s, t),
            "CSV": lambda s=built: actors_csv(s),
            "GeoJSON": lambda s=built: actors_geojson(s),
            "JSON (carnet)": lambda c=carnet: carnet_json(c, include_private=True),
        }
        for name, make in exports.items():
            seconds, runs, output = timed(make, budget)
            rows.append(
                {
                    "export": name,
                    "n": len(carnet.actors),
                    "ms": seconds * 1000,
                    "runs": runs,
                    "ratio": seconds / base,
                    "bytes": size_of(output),
                }
            )
            log(f"  {name} N={len(carnet.actors)}: {seconds * 1000:.1f} ms")
    return rows


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:,.0f}" if value >= 1000 else f"{value:.1f}"


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| export | N actors | median ms | runs | × build_summary | output size |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        size = "" if row["bytes"] is None else f"{row['bytes'] / 1024:,.0f} KiB"
        lines.append(
            f"| {row['export']} | {row['n']} | {_ms(row['ms'])} | {row['runs']} | "
            f"{row['ratio']:.1f}× | {size} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[5, 1000],
        help="actors in the carnet (5: the worked example as it is)",
    )
    parser.add_argument("--budget", type=float, default=1.5, help="seconds per measurement")
    args = parser.parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"bench_exports: sizes={args.sizes}, budget={args.budget}s")
    table = markdown_table(measure(args.sizes, args.budget, log))
    print("### Exports (median per call, private fields included)\n")
    print(table)
    return table


if __name__ == "__main__":
    main()
