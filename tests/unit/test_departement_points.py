"""domain.places.departement_points: communes surely inside a département, as the simplified
lines of France draw it (the interactive map finds the département's limits from them)."""

from __future__ import annotations

import math
from functools import lru_cache

import pytest

from domain.gazetteer import Gazetteer
from domain.outlines import load_outlines
from domain.places import departement_points


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize("code", ["26", "75", "2A", "59", "974"])
def test_the_points_are_communes_of_the_departement_away_from_every_line(code):
    points = departement_points(gazetteer(), code, load_outlines(), count=12, clearance=0.03)
    assert 1 <= len(points) <= 12
    communes = {(c.lat, c.lon) for c in gazetteer() if c.departement_code == code}
    assert set(points) <= communes
    for lat, lon in points:
        k = math.cos(math.radians(lat))
        box = (lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1)
        for line in load_outlines().lines_in(box):
            for x, y in line.points:
                # no vertex closer than the clearance (segments are checked by the function)
                assert math.hypot((x - lon) * k, y - lat) >= 0.03


def test_points_are_spread_and_deterministic():
    first = departement_points(gazetteer(), "26", load_outlines())
    assert first == departement_points(gazetteer(), "26", load_outlines())
    lats = [lat for lat, _ in first]
    assert max(lats) - min(lats) > 0.5  # the Drôme spans about 1.4° of latitude


def test_unknown_or_missing_departement_gives_no_point():
    assert departement_points(gazetteer(), "", load_outlines()) == ()
    assert departement_points(gazetteer(), "00", load_outlines()) == ()
