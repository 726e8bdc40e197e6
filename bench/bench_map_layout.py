"""Spreading markers that share a point (``domain.map_layout.spread``): time for 1,000 and 8,000
markers piled on a few points, and the ratio (linear: about 8×; quadratic would be 64×).

    python bench/bench_map_layout.py [--reps 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.map_layout import marker_radius, spread


def run(n: int) -> float:
    points = [(320.0 + (i % 7) * 0.1, 230.0 + (i % 11) * 0.1) for i in range(n)]
    radius = marker_radius(n, 640, 460)
    start = time.perf_counter()
    spread(points, radius, 640, 460)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=5)
    reps = parser.parse_args().reps
    run(500)  # warm-up
    small = min(run(1000) for _ in range(reps))
    large = min(run(8000) for _ in range(reps))
    print(f"1,000 markers: {small * 1000:.1f} ms; 8,000 markers: {large * 1000:.1f} ms")
    print(f"ratio {large / small:.1f}x for 8x the markers (linear: ~8x, quadratic: ~64x)")


if __name__ == "__main__":
    main()
