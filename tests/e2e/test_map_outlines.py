"""The interactive map's offline base and its numbered points (issue 14), in Chromium.

- Tiles off (``ALLIANCES_TILES=none``), and tiles on but unreachable (every request out of
  the machine refused): the lines of France are drawn under the points either way.
- The learner's département is outlined darker (the Drôme around Romans-sur-Isère).
- Four actors at one point are spread around it, each marker showing its number (the numbers
  of the lists: categories in order, then carnet order), none covering another.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from tests.e2e.helpers import MAP_FRAME, NetworkLog

APP = Path(__file__).parent / "apps" / "map_shared_point.py"

# How many pixels of the outlines' canvas are painted (a blank canvas has none).
PAINTED = """() => {
  const canvas = document.querySelector('.leaflet-alliancesOutlines-pane canvas');
  if (!canvas) return -1;
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""


def open_map(page, url: str):
    page.goto(url)
    frame = page.wait_for_selector(MAP_FRAME, timeout=60_000).content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=60_000)
    frame.wait_for_function(
        "() => document.querySelectorAll('path.alliances-actor').length === 5", timeout=60_000
    )
    frame.wait_for_function(f"() => ({PAINTED})() > 500", timeout=30_000)
    return frame


def test_without_tiles_the_outlines_are_drawn_and_shared_points_are_spread_and_numbered(
    new_page, streamlit_server
):
    url = streamlit_server(APP, env={"ALLIANCES_TILES": "none"})
    network = NetworkLog().attach(new_page.context)
    errors: list[str] = []
    new_page.on("pageerror", lambda error: errors.append(str(error)))
    frame = open_map(new_page, url)

    assert frame.locator(".leaflet-tile").count() == 0
    # the outlines' pane sits over the tiles and under the points
    assert frame.evaluate(
        "() => +getComputedStyle(document.querySelector('.leaflet-alliancesOutlines-pane')).zIndex"
    ) < frame.evaluate(
        "() => +getComputedStyle(document.querySelector('.leaflet-overlay-pane')).zIndex"
    )
    # the territory's département (the Drôme) outlined darker around the commune's ring
    frame.wait_for_function(
        "() => document.querySelectorAll('path.alliances-territory-limit').length >= 10",
        timeout=30_000,
    )
    ring = frame.locator("path.alliances-territory").bounding_box()
    limits = frame.evaluate(
        """() => { const r = [...document.querySelectorAll('path.alliances-territory-limit')]
             .map(p => p.getBoundingClientRect());
           return [Math.min(...r.map(b => b.left)), Math.min(...r.map(b => b.top)),
                   Math.max(...r.map(b => b.right)), Math.max(...r.map(b => b.bottom))]; }"""
    )
    assert limits[0] < ring["x"] and ring["x"] + ring["width"] < limits[2]
    assert limits[1] < ring["y"] and ring["y"] + ring["height"] < limits[3]
    # numbers of the lists: association 1, 2; collectivité 3; entreprise 4, 5
    numbers = frame.locator(".alliances-number")
    assert sorted(numbers.all_inner_texts()) == ["1", "2", "3", "4", "5"]
    frame.locator("path.alliances-actor[fill='#d95f02']").hover()
    frame.locator(".leaflet-tooltip").first.wait_for(timeout=10_000)
    assert frame.locator(".leaflet-tooltip").first.inner_text().startswith("3. Mairie")

    centres = []
    for path in frame.locator("path.alliances-actor").all():
        box = path.bounding_box()
        centres.append((box["x"] + box["width"] / 2, box["y"] + box["height"] / 2))
    # the four actors of one point no longer cover each other (radius 9 px)
    closest = min(math.dist(a, b) for a, b in itertools.combinations(centres, 2))
    assert closest >= 17, centres
    assert errors == []
    assert network.outside() == []
    assert any("/france-outlines.js" in u for u in network.urls)


def test_when_the_tiles_cannot_load_the_outlines_are_still_there(chromium, streamlit_server):
    url = streamlit_server(APP, env={"ALLIANCES_TILES": "osm"})
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    refused: list[str] = []

    def offline(route):
        refused.append(route.request.url)
        route.abort()

    context.route("**/tile.openstreetmap.org/**", offline)
    try:
        page = context.new_page()
        frame = open_map(page, url)
        frame.wait_for_function(
            "() => document.querySelectorAll('.leaflet-tile').length > 0", timeout=30_000
        )
        assert refused  # the tiles were asked for, and could not load
        assert frame.locator(".leaflet-tile-loaded").count() == 0
        assert frame.evaluate(PAINTED) > 500
    finally:
        context.close()
