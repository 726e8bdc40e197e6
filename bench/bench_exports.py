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
median is printed, with the ratio export / build_summary. There is no target for those: the ratio
says what a download costs compared with what every summary page already pays.

The PDF has one (issue 15): at most 2 s for 1,000 actors. The machine is shared, so the same run
also measures the PDF module as it was at ``--baseline-rev`` (read with ``git show`` and loaded
beside the current one; default: the commit before issue 15's work) on the same summary, taken
in turns with the current one: the row « PDF (code of <rev>) » and the ratio current / then.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MIN_RUNS = 3
MAX_RUNS = 50
BASELINE_REV = "e36b4ed"  # the PDF before issue 15 (fpdf2 tables, no map)


def pdf_module_at(rev: str):
    """adapters/exports/pdf.py as it was at `rev`, loaded as its own module (or None)."""
    try:
        source = subprocess.run(
            ["git", "show", f"{rev}:adapters/exports/pdf.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / f"pdf_at_{rev}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"pdf_at_{rev}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if hasattr(module, "FONTS_DIR"):  # it finds its fonts from its own path: point it home
        module.FONTS_DIR = ROOT / "data" / "fonts"
    return module


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


def measure(
    sizes: list[int],
    budget: float,
    log: Callable[[str], None] = print,
    baseline_rev: str | None = BASELINE_REV,
) -> list[dict]:
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

    then = pdf_module_at(baseline_rev) if baseline_rev else None
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
        if then is not None:
            exports[f"PDF (code of {baseline_rev})"] = lambda s=built, t=t: then.summary_pdf(s, t)
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
        if then is not None:
            rows.append(pdf_in_turns(built, t, then, baseline_rev, budget, len(carnet.actors), log))
    return rows


def pdf_in_turns(summary, t, then, rev: str, budget: float, n: int, log) -> dict:
    """The current PDF and the one of `rev`, run alternately (same load for both): medians and
    the ratio current / then."""
    from adapters.exports.pdf import summary_pdf

    now_times: list[float] = []
    then_times: list[float] = []
    spent = 0.0
    while len(now_times) < MIN_RUNS or (spent < 2 * budget and len(now_times) < MAX_RUNS):
        for make, times in ((summary_pdf, now_times), (then.summary_pdf, then_times)):
            start = time.perf_counter()
            make(summary, t)
            elapsed = time.perf_counter() - start
            times.append(elapsed)
            spent += elapsed
    now, before = statistics.median(now_times), statistics.median(then_times)
    log(f"  PDF in turns N={n}: {now * 1000:.0f} ms now, {before * 1000:.0f} ms at {rev}")
    return {
        "export": f"PDF now ÷ PDF of {rev}, in turns ({before * 1000:,.0f} ms then)",
        "n": n,
        "ms": now * 1000,
        "runs": len(now_times),
        "ratio": now / before,
        "bytes": None,
        "ratio_label": "× then",
    }


def _ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:,.0f}" if value >= 1000 else f"{value:.1f}"


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| export | N actors | median ms | runs | × build_summary | output size |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        size = "" if row["bytes"] is None else f"{row['bytes'] / 1024:,.0f} KiB"
        ratio = f"{row['ratio']:.2f}× then" if row.get("ratio_label") else f"{row['ratio']:.1f}×"
        lines.append(
            f"| {row['export']} | {row['n']} | {_ms(row['ms'])} | {row['runs']} | {ratio} | {size} |"
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
    parser.add_argument(
        "--baseline-rev",
        default=BASELINE_REV,
        help="git revision whose PDF module is measured too ('' to skip)",
    )
    args = parser.parse_args(argv)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    log(f"bench_exports: sizes={args.sizes}, budget={args.budget}s")
    table = markdown_table(measure(args.sizes, args.budget, log, args.baseline_rev or None))
    print("### Exports (median per call, private fields included)\n")
    print(table)
    return table


if __name__ == "__main__":
    main()
