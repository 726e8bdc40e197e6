"""Run every benchmark and write the figures as Markdown to stdout (progress goes to stderr).

    python bench/run_all.py [--only pages exports memory browser] [--quick]

- bench_pages.py: server-side rerun time of every page (AppTest) against bare pages;
- bench_exports.py: time of every export against build_summary;
- bench_memory.py: server memory per open session (streamlit run + Chromium);
- bench_browser.py: navigation to a drawn map, actors page against bare pages (Chromium).

Benchmarks, not tests: each prints ratios against a baseline measured in the same run, on
the same machine; CI does not run them. ``--quick`` uses fewer repetitions (a smoke run).
See BENCHMARKS.md for what each measures and the last figures.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCHES = ("pages", "exports", "memory", "browser")
QUICK = {
    "pages": ["--reps", "3", "--sizes", "30", "1000"],
    "exports": ["--budget", "0.3"],
    "memory": ["--sessions", "1", "5"],
    "browser": ["--loads", "2"],
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import streamlit

    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES))
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)

    print(f"## Benchmarks — {date.today().isoformat()}\n")
    print(f"Machine: {machine()}.\n")
    started = time.perf_counter()
    for name in BENCHES:
        if name not in args.only:
            continue
        module = __import__(f"bench.bench_{name}", fromlist=["main"])
        print(f"bench_{name}…", file=sys.stderr, flush=True)
        begun = time.perf_counter()
        module.main(QUICK[name] if args.quick else [])
        print(f"\n(bench_{name}: {time.perf_counter() - begun:.0f} s)\n", flush=True)
    print(f"Total: {time.perf_counter() - started:.0f} s.")


if __name__ == "__main__":
    main()
