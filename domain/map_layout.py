"""Where the numbered markers of a printed map go: one layout for every map drawn without tiles
(the HTML export's SVG, the PDF's map), so that both show the same picture with the same
numbers as the lists (ActorSummary.number).

- `fit_frame`: an equirectangular projection of the points fitted to their bounding box
  (x = lon · cos(mean latitude), y = lat, one scale for both so shapes are not stretched; north
  up), in picture units;
- `marker_radius`: markers shrink when many must share the frame;
- `spread`: markers that would overlap are pushed apart, in time linear in their number (a
  grid of cells one marker wide: points are compared with their neighbouring cells only, a
  bounded number per cell), and every marker stays inside the frame, whatever their number.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

MAP_WIDTH = 640
MAP_MIN_HEIGHT = 260
MAP_MAX_HEIGHT = 460
MAP_PADDING = 28
MAP_MARGIN = 0.08  # share of the points' extent added on each side
MAP_MIN_SPAN = 0.02  # degrees: one point, or points in one street, still get a sensible frame
MARKER_RADIUS = 9.0  # picture units, when there is room
MIN_MARKER_RADIUS = 3.0
GAP = 2.0  # between two markers' edges
ROUNDS = 8  # relaxation rounds of `spread`
PER_CELL = 12  # points of one cell compared with their neighbours, at most (keeps it linear)
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_SUNFLOWER = 0.55  # distance between rings of a sunflower, in gaps

XY = tuple[float, float]


@dataclass(frozen=True)
class Frame:
    """The projection of a map: (lat, lon) → picture (x, y), and back to a lon/lat box."""

    width: int
    height: int
    k: float  # cos(mean latitude)
    centre_x: float  # lon · k at the picture's centre
    centre_y: float  # lat at the picture's centre
    scale: float  # picture units per degree (of lat, or of lon · k)

    def xy(self, lat: float, lon: float) -> XY:
        return (
            self.width / 2 + (lon * self.k - self.centre_x) * self.scale,
            self.height / 2 - (lat - self.centre_y) * self.scale,
        )

    def bbox(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) shown by the picture."""
        half_w = self.width / 2 / self.scale
        half_h = self.height / 2 / self.scale
        return (
            (self.centre_x - half_w) / self.k,
            self.centre_y - half_h,
            (self.centre_x + half_w) / self.k,
            self.centre_y + half_h,
        )


def fit_frame(
    coords: Sequence[tuple[float, float]],
    *,
    width: int = MAP_WIDTH,
    min_height: int = MAP_MIN_HEIGHT,
    max_height: int = MAP_MAX_HEIGHT,
    padding: int = MAP_PADDING,
) -> Frame:
    """The frame fitted to (lat, lon) points plus a margin; at least one point."""
    lats = [lat for lat, _ in coords]
    lons = [lon for _, lon in coords]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    xs = [lon * k for lon in lons]
    span_x = max(max(xs) - min(xs), MAP_MIN_SPAN) * (1 + 2 * MAP_MARGIN)
    span_y = max(max(lats) - min(lats), MAP_MIN_SPAN) * (1 + 2 * MAP_MARGIN)
    scale = (width - 2 * padding) / span_x
    height = span_y * scale + 2 * padding
    if height > max_height:
        scale = (max_height - 2 * padding) / span_y
        height = max_height
    height = max(height, min_height)
    return Frame(
        width=width,
        height=round(height),
        k=k,
        centre_x=(max(xs) + min(xs)) / 2,
        centre_y=(max(lats) + min(lats)) / 2,
        scale=scale,
    )


def marker_radius(count: int, width: float, height: float) -> float:
    """MARKER_RADIUS while `count` markers fit, smaller beyond: they must fill at most half the
    frame, and `count` markers opened as one sunflower (see `spread`) must fit in its height."""
    if count <= 0:
        return MARKER_RADIUS
    by_area = math.sqrt(width * height * 0.5 / (count * math.pi)) - GAP / 2
    root = math.sqrt(count)
    by_disc = (min(width, height) / 2 - 1 - _SUNFLOWER * GAP * root) / (2 * _SUNFLOWER * root + 1)
    return max(MIN_MARKER_RADIUS, min(MARKER_RADIUS, by_area, by_disc))


def _cell(point: Sequence[float], size: float) -> tuple[int, int]:
    return int(point[0] // size), int(point[1] // size)


def spread(points: Sequence[XY], radius: float, width: float, height: float) -> list[XY]:
    """Markers of `radius` pushed apart so that they do not cover each other (as far as the
    frame allows), each kept inside [radius, width - radius] × [radius, height - radius].

    Deterministic. Points sharing a cell first open as a sunflower around their centre; then
    ROUNDS relaxation rounds push apart the pairs closer than two radii plus GAP, comparing each
    point with the neighbouring cells only. Linear in len(points).
    """
    gap = 2 * radius + GAP
    low_x, high_x = radius + 0.5, max(radius + 0.5, width - radius - 0.5)
    low_y, high_y = radius + 0.5, max(radius + 0.5, height - radius - 0.5)

    def inside(x: float, y: float) -> list[float]:
        return [min(max(x, low_x), high_x), min(max(y, low_y), high_y)]

    moved = [inside(x, y) for x, y in points]
    cells: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    for index, point in enumerate(moved):
        cells[_cell(point, gap)].append(index)
    for members in cells.values():
        if len(members) < 2:
            continue
        cx = sum(moved[i][0] for i in members) / len(members)
        cy = sum(moved[i][1] for i in members) / len(members)
        reach = gap * _SUNFLOWER * math.sqrt(len(members))
        cx = min(max(cx, low_x + reach), high_x - reach) if high_x - low_x > 2 * reach else cx
        cy = min(max(cy, low_y + reach), high_y - reach) if high_y - low_y > 2 * reach else cy
        for rank, index in enumerate(members):
            r = gap * _SUNFLOWER * math.sqrt(rank)
            angle = rank * _GOLDEN_ANGLE
            moved[index] = inside(cx + r * math.cos(angle), cy + r * math.sin(angle))

    for _ in range(ROUNDS):
        grid: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
        for index, point in enumerate(moved):
            members = grid[_cell(point, gap)]
            if len(members) < PER_CELL:
                members.append(index)
        changed = False
        for (gx, gy), members in grid.items():
            neighbours = [
                j
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for j in grid.get((gx + dx, gy + dy), ())
            ]
            for i in members:
                for j in neighbours:
                    if j <= i:
                        continue
                    dx = moved[j][0] - moved[i][0]
                    dy = moved[j][1] - moved[i][1]
                    distance = math.hypot(dx, dy)
                    if distance >= gap:
                        continue
                    if distance < 1e-6:  # same place: split along a direction fixed by j
                        angle = j * _GOLDEN_ANGLE
                        dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
                    push = (gap - distance) / 2
                    ux, uy = dx / distance, dy / distance
                    moved[i] = inside(moved[i][0] - ux * push, moved[i][1] - uy * push)
                    moved[j] = inside(moved[j][0] + ux * push, moved[j][1] + uy * push)
                    changed = True
        if not changed:
            break
    return [(round(x, 1), round(y, 1)) for x, y in moved]


# ------------------------------------------------------------------------ the interactive map

TILE_SIZE = 256  # pixels of a web map's tile (Leaflet's default CRS, EPSG:3857)
WEB_MARKER_RADIUS = 9.0  # screen pixels of a numbered marker on the interactive map
_MAX_MERCATOR_LAT = 85.05112878
LatLon = tuple[float, float]


def _world_xy(lat: float, lon: float, size: float) -> XY:
    """Web Mercator: (lat, lon) → pixels of a world map `size` pixels wide (Leaflet's maths)."""
    lat = max(-_MAX_MERCATOR_LAT, min(_MAX_MERCATOR_LAT, lat))
    sin = math.sin(math.radians(lat))
    x = (lon + 180.0) / 360.0 * size
    y = (0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)) * size
    return x, y


def _world_latlon(x: float, y: float, size: float) -> LatLon:
    lon = x / size * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return lat, lon


def spread_on_web_map(
    coords: Sequence[LatLon], zoom: int, *, radius: float = WEB_MARKER_RADIUS, decimals: int = 6
) -> list[LatLon]:
    """Where the markers of an interactive (web Mercator) map go, opened at `zoom`.

    Markers at one point (the commune's centre when the address is unknown: same coordinates
    to `decimals` places) are spread in a small circle around it by `spread`, as drawn at
    `zoom` (markers of `radius` pixels, not covering each other there). Markers alone at
    their point do not move: an interactive map can be zoomed in, where a marker must
    sit on its address. Linear in len(coords), like `spread`.
    """
    groups: defaultdict[LatLon, list[int]] = defaultdict(list)
    for index, (lat, lon) in enumerate(coords):
        groups[(round(lat, decimals), round(lon, decimals))].append(index)
    shared = [index for members in groups.values() if len(members) > 1 for index in members]
    out = [(float(lat), float(lon)) for lat, lon in coords]
    if not shared:
        return out
    size = TILE_SIZE * 2.0 ** int(zoom)
    points = [_world_xy(*coords[index], size) for index in shared]
    # A frame as large as the world at that zoom: `spread` never has to push a marker back in.
    for index, (x, y) in zip(shared, spread(points, radius, size, size), strict=True):
        lat, lon = _world_latlon(x, y, size)
        out[index] = (round(lat, decimals), round(lon, decimals))
    return out
