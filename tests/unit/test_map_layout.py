"""Markers of the printed maps (HTML and PDF): inside the frame and apart, whatever their number."""

from __future__ import annotations

import math

import pytest

from adapters.exports.html import map_picture
from domain.map_layout import (
    MARKER_RADIUS,
    WEB_MARKER_RADIUS,
    _world_xy,
    marker_radius,
    spread,
    spread_on_web_map,
)
from domain.models import Actor
from tests.fixtures import sample_carnet
from tests.unit.test_exports import make_summary


def carnet_with(positions):
    carnet = sample_carnet()
    carnet.actors = [
        Actor(id=f"{i:012x}", name=f"Acteur {i}", category="cress", lat=lat, lon=lon)
        for i, (lat, lon) in enumerate(positions)
    ]
    return carnet


def inside(picture) -> bool:
    r = picture.radius
    return all(
        r <= p.x <= picture.width - r and r <= p.y <= picture.height - r for p in picture.points
    )


def nearest(points) -> float:
    """Smallest distance between two markers (grid: fine for a test)."""
    best = math.inf
    cells: dict[tuple[int, int], list] = {}
    for p in points:
        cells.setdefault((int(p[0] // 20), int(p[1] // 20)), []).append(p)
    for (cx, cy), group in cells.items():
        around = [
            q for dx in (-1, 0, 1) for dy in (-1, 0, 1) for q in cells.get((cx + dx, cy + dy), [])
        ]
        for p in group:
            for q in around:
                if q is not p:
                    best = min(best, math.hypot(p[0] - q[0], p[1] - q[1]))
    return best


@pytest.mark.parametrize("count", [2, 50, 301, 1000])
def test_actors_at_one_address_open_up_inside_the_frame(count):
    picture = map_picture(make_summary(carnet_with([(48.8216, 2.4106)] * count))[0])
    assert len(picture.points) == count and inside(picture)
    assert len({(p.x, p.y) for p in picture.points}) == count  # none hidden under another
    assert nearest([(p.x, p.y) for p in picture.points]) >= picture.radius  # at most half over


def test_actors_along_the_frames_edge_stay_inside():
    positions = [(48.0, 2.0 + i / 1000) for i in range(400)] + [(49.0, 2.2)]
    picture = map_picture(make_summary(carnet_with(positions))[0])
    assert inside(picture)


def test_markers_shrink_only_when_crowded():
    assert marker_radius(5, 640, 400) == MARKER_RADIUS
    assert marker_radius(1000, 640, 460) < MARKER_RADIUS
    assert marker_radius(100_000, 640, 460) >= 3


def test_thousands_of_markers_stay_inside_the_frame():
    """Linear time is measured in ``bench/bench_map_layout.py`` (no timing in unit tests)."""
    for n in (1000, 3000, 8000):
        points = [(320.0 + (i % 7) * 0.1, 230.0 + (i % 11) * 0.1) for i in range(n)]
        radius = marker_radius(n, 640, 460)
        out = spread(points, radius, 640, 460)
        assert len(out) == n
        assert all(radius <= x <= 640 - radius and radius <= y <= 460 - radius for x, y in out)


# ------------------------------------------------------------------------ the interactive map


def test_on_a_web_map_actors_at_one_point_are_spread_and_others_stay_put():
    centre, alone = (45.0433, 5.0514), (44.9334, 4.8924)
    coords = [centre] * 6 + [alone]
    placed = spread_on_web_map(coords, 11)
    assert placed[-1] == alone  # alone at its point: on its address
    assert len(set(placed[:6])) == 6
    size = 256 * 2.0**11
    pixels = [_world_xy(lat, lon, size) for lat, lon in placed[:6]]
    for i, a in enumerate(pixels):
        for b in pixels[i + 1 :]:
            # as the map opens: no marker covers another
            assert math.dist(a, b) >= 2 * WEB_MARKER_RADIUS - 0.5
    middle = _world_xy(*centre, size)
    assert all(math.dist(p, middle) < 60 for p in pixels)  # a small circle around the point


def test_on_a_web_map_3000_actors_at_one_point_are_all_placed():
    placed = spread_on_web_map([(48.85, 2.35)] * 3000, 12)
    assert len(placed) == 3000
    assert len(set(placed)) > 2900
