"""The map draws with no network at all, and the page only ever talks to the app's server."""

from __future__ import annotations

import re
from pathlib import Path

from tests.e2e.helpers import MAP_FRAME, NetworkLog

APP = Path(__file__).parent / "apps" / "map_only.py"


def test_map_offline_draws_points_handles_clicks_and_stays_local(new_page, streamlit_server):
    base_url = streamlit_server(APP, env={"ALLIANCES_TILES": "none"})
    page = new_page
    network = NetworkLog().attach(page.context)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(base_url)
    frame = page.wait_for_selector(MAP_FRAME, timeout=30_000).content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    frame.wait_for_function(
        "() => document.querySelectorAll('path.alliances-actor').length === 3", timeout=30_000
    )

    # Leaflet came from /app/static/vendor, in the map's own frame.
    assert frame.evaluate("typeof window.L") == "object"
    assert frame.evaluate("window.L.version") == "1.9.3"
    assert frame.locator("path.alliances-territory").count() == 1
    assert frame.locator(".leaflet-tile").count() == 0  # « sans fond de carte »
    # folium's viewport forbids zooming; ours does not (WCAG 1.4.4).
    viewports = frame.evaluate(
        "() => [...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)"
    )
    assert not any("user-scalable" in v or "maximum-scale" in v for v in viewports), viewports
    assert frame.evaluate(
        "() => [...document.querySelectorAll('path.alliances-actor')]"
        ".map(p => p.getAttribute('fill')).sort()"
    ) == ["#1b9e77", "#7570b3", "#d95f02"]

    # The hostile name shows as text in its tooltip; nothing ran.
    frame.locator("path.alliances-actor[fill='#1b9e77']").hover()
    tooltip = frame.locator(".leaflet-tooltip").first
    tooltip.wait_for(timeout=10_000)
    assert "<img src=x onerror=alert(1)> `${alert(2)}`" in tooltip.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0
    frame.locator("path.alliances-actor[fill='#d95f02']").hover()
    frame.get_by_text("Mairie {{ 7*7 }}").wait_for(timeout=10_000)

    # The legend is page text beside the map.
    legend = page.locator(".alliances-legend")
    legend.wait_for(timeout=10_000)
    for label in (
        "Légende",
        "Association (1)",
        "Collectivité (1)",
        "Entreprise (1)",
        "Votre territoire",
    ):
        assert label in legend.inner_text()

    # A click on an empty spot reaches on_click once, with a plausible [lat, lon].
    box = frame.locator("#map_div").bounding_box()
    frame.locator("#map_div").click(
        position={"x": box["width"] / 2 + 90, "y": box["height"] / 2 + 40}
    )
    page.get_by_text("clicks: 1").wait_for(timeout=15_000)
    shown = page.get_by_text(re.compile(r"^click at ")).inner_text()
    lat, lon = (float(v) for v in shown.split()[-2:])
    assert 41 < lat < 52 and -5 < lon < 10  # France, latitude first

    # A click on a point opens its popup and places nothing.
    frame.locator("path.alliances-actor[fill='#7570b3']").click()
    frame.locator(".leaflet-popup-content").wait_for(timeout=10_000)
    assert "Scop Bois" in frame.locator(".leaflet-popup-content").inner_text()
    page.wait_for_timeout(1_500)  # st_folium debounces 250 ms, then a fragment rerun
    assert page.get_by_text("clicks: 1").count() == 1

    assert dialogs == []
    assert errors == []
    assert network.outside() == []
    assert any("/app/static/vendor/leaflet-" in url for url in network.urls)
