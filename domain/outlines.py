"""The lines of a map of France drawn without tiles: coastline, national borders and the limits
of régions and départements, metropolitan and overseas. For the PDF's map
(adapters.exports.pdf) and the interactive map's offline base.

Pure: reads the shipped file `data/outlines/france-lines.json.gz` (built by
scripts/build_outlines.py from Natural Earth, public domain: see data/outlines/README.md) and
answers with plain values; drawing is the caller's business (no rendering library here).
Positions are (longitude, latitude) in WGS 84, as in GeoJSON.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

OUTLINES_PATH = Path(__file__).resolve().parents[1] / "data" / "outlines" / "france-lines.json.gz"

Kind = Literal["coast", "border", "admin"]  # coastline, national border, région/département limit
Position = tuple[float, float]  # (lon, lat)
BBox = tuple[float, float, float, float]  # (min lon, min lat, max lon, max lat)


@dataclass(frozen=True)
class MapLine:
    kind: Kind
    points: tuple[Position, ...]
    bbox: BBox

    def meets(self, box: BBox) -> bool:
        """Whether the line's bounding box meets `box`."""
        return not (
            self.bbox[2] < box[0]
            or self.bbox[0] > box[2]
            or self.bbox[3] < box[1]
            or self.bbox[1] > box[3]
        )

    def runs_in(self, box: BBox) -> list[tuple[Position, ...]]:
        """The parts of the line whose segments may cross `box` (segment by segment, on their
        bounding boxes), each whole from its first to its last such segment: what a map of that
        box draws, the caller clipping at the frame."""
        points = self.points
        runs: list[tuple[Position, ...]] = []
        start: int | None = None
        for index in range(len(points)):
            crosses = index + 1 < len(points) and _segment_meets(
                points[index], points[index + 1], box
            )
            if crosses and start is None:
                start = index
            elif not crosses and start is not None:
                runs.append(points[start : index + 1])
                start = None
        return runs


def _segment_meets(a: Position, b: Position, box: BBox) -> bool:
    return not (
        max(a[0], b[0]) < box[0]
        or min(a[0], b[0]) > box[2]
        or max(a[1], b[1]) < box[1]
        or min(a[1], b[1]) > box[3]
    )


@dataclass(frozen=True)
class Outlines:
    lines: tuple[MapLine, ...]
    areas: dict[str, BBox]  # the boxes the file covers: "metropole", "guadeloupe"...

    def lines_in(
        self, box: BBox, kinds: Iterable[Kind] = ("coast", "border", "admin")
    ) -> list[MapLine]:
        """The lines of these kinds that may cross `box` (what a map of that box draws)."""
        wanted = set(kinds)
        return [line for line in self.lines if line.kind in wanted and line.meets(box)]

    def covers(self, box: BBox) -> bool:
        """Whether `box` meets an area the file covers (elsewhere a map has no outlines)."""
        return any(
            not (a[2] < box[0] or a[0] > box[2] or a[3] < box[1] or a[1] > box[3])
            for a in self.areas.values()
        )


def parse_outlines(data: dict[str, Any]) -> Outlines:
    lines = []
    for raw in data["lines"]:
        points = tuple((float(x), float(y)) for x, y in raw["points"])
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        lines.append(MapLine(raw["kind"], points, (min(xs), min(ys), max(xs), max(ys))))
    areas = {name: (box[0], box[1], box[2], box[3]) for name, box in data["areas"].items()}
    return Outlines(tuple(lines), areas)


@lru_cache(maxsize=2)
def load_outlines(path: Path = OUTLINES_PATH) -> Outlines:
    """The shipped lines (read once per process)."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return parse_outlines(json.load(stream))
