"""« Acteurs du territoire » in Chromium against `streamlit run app.py`, with no network.

Tiles off (``ALLIANCES_TILES=none``) and the online geocoder off (``ALLIANCES_GEOCODER=off``):
the learner creates a carnet, chooses a territory on « Mon projet », opens the actors page,
the map draws (Leaflet initialised in the component's iframe, served by the app), a click on
the map places a new actor (name and category in the form under the map), and after a reload
(the URL holds ``?carnet=``) the actor is still in the table. No request leaves the app.
"""

from __future__ import annotations

import re

from adapters.mapping import DRAWN_SENT
from tests.e2e.helpers import MAP_FRAME, NAV, NetworkLog, go_to, open_example, sidebar, wait_ready


def choose(page, container, label, option):
    """Pick an option of a Streamlit selectbox (a combobox) with the keyboard: type, Enter."""
    box = container.get_by_label(label)
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def table_cell(page, text: str):
    """A cell of the actors table (st.dataframe draws on a canvas and keeps an accessible
    grid of the visible cells in the DOM, which screen readers read)."""
    cell = (
        page.locator('[data-testid="stDataFrame"] [role="gridcell"]')
        .filter(has_text=re.compile("^" + re.escape(text) + "$"))
        .first
    )
    cell.wait_for(state="attached", timeout=30_000)
    return cell


def test_click_on_the_map_places_an_actor_that_survives_a_reload(new_page, app_url):
    page = new_page
    network = NetworkLog().attach(page.context)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # A new carnet, and a territory chosen on « Mon projet ».
    page.goto(app_url)
    page.get_by_role("button", name="Nouveau carnet").click()
    page.wait_for_url(re.compile(r"carnet="), timeout=30_000)
    page.get_by_text("Votre carnet est ouvert").wait_for(timeout=30_000)
    wait_ready(page)
    go_to(page, NAV["projet"])
    page.get_by_role("heading", name="Mon projet").wait_for(timeout=30_000)
    search = page.get_by_label("Rechercher une commune ou un code postal")
    search.fill("Charenton-le-Pont")
    search.press("Enter")
    page.get_by_role("button", name="Choisir ce territoire").click()
    page.get_by_text(re.compile(r"Charenton-le-Pont.*Val-de-Marne")).first.wait_for(timeout=30_000)

    # The actors page: the map draws, Leaflet from the app itself.
    go_to(page, NAV["acteurs"])
    page.get_by_role("heading", name="Acteurs du territoire").wait_for(timeout=30_000)
    frame = page.wait_for_selector(MAP_FRAME, timeout=30_000).content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=30_000)
    assert frame.evaluate("typeof window.L") == "object"
    assert frame.evaluate("window.L.version") == "1.9.3"
    frame.wait_for_selector("path.alliances-territory", timeout=30_000)  # centred on Charenton
    assert frame.locator("path.alliances-actor").count() == 0
    assert frame.locator(".leaflet-tile").count() == 0  # tiles off

    # The map's document must live through the reruns that follow (a remount would reload
    # Leaflet and lose the learner's pan and zoom): mark it.
    frame.evaluate("() => { window.__mounted_once = true; }")

    # A click on the map, then the actor's name and category in the form under the map.
    box = frame.locator("#map_div").bounding_box()
    frame.locator("#map_div").click(
        position={"x": box["width"] / 2 + 80, "y": box["height"] / 2 + 40}
    )
    form = page.locator('[data-testid="stForm"]').filter(has_text="Ajouter cet acteur ici")
    form.wait_for(timeout=30_000)
    assert page.get_by_text(
        re.compile(r"Point choisi.*latitude 48\.\d+, longitude 2\.\d+")
    ).first.is_visible()
    form.get_by_label("Nom").fill("Fondation de Charenton « test »")
    choose(page, form, "Catégorie", "Fondation territoriale")
    form.get_by_role("button", name="Ajouter cet acteur ici").click()
    page.get_by_text("« Fondation de Charenton « test » » ajouté à votre carte.").wait_for(
        timeout=30_000
    )
    wait_ready(page)
    frame = page.wait_for_selector(MAP_FRAME, timeout=30_000).content_frame()
    frame.wait_for_function(
        "() => document.querySelectorAll('path.alliances-actor').length === 1", timeout=30_000
    )
    table_cell(page, "Fondation de Charenton « test »")
    # Same document: the new point came as a layer update, not a new map.
    assert frame.evaluate("() => window.__mounted_once === true")
    # A rerun that changes nothing on the map (typing in the add panel) leaves it alone too.
    name = page.get_by_role("textbox", name="Nom", exact=True).first
    name.fill("Un nom en cours")
    name.press("Tab")
    wait_ready(page)
    assert frame.evaluate("() => window.__mounted_once === true")
    assert frame.locator("path.alliances-actor").count() == 1

    # Reload: the URL holds the carnet, the actor is still there.
    assert "carnet=" in page.url
    page.reload()
    wait_ready(page)
    page.get_by_role("heading", name="Tableau des acteurs").wait_for(timeout=30_000)
    row = table_cell(page, "Fondation de Charenton « test »").locator("xpath=..")
    assert row.locator('[role="gridcell"]').all_text_contents() == [
        "1",  # its number, as on the map and in the exports
        "Fondation de Charenton « test »",
        "Fondation territoriale",
        "",
        "Identifié",
        "oui",
    ]
    frame = page.wait_for_selector(MAP_FRAME, timeout=30_000).content_frame()
    frame.wait_for_function(
        "() => document.querySelectorAll('path.alliances-actor').length === 1", timeout=30_000
    )

    assert errors == []
    assert network.outside() == []
    assert any("/app/static/vendor/leaflet-" in url for url in network.urls)


def test_the_page_is_whole_even_when_the_map_never_says_it_is_drawn(new_page, app_url):
    """The session's first run of the page draws the map alone; the map's report brings the
    rest. When that report never comes (here the map's component cannot load), the rest comes
    after ``components.actor_map.FALLBACK_SECONDS`` all the same."""
    page = new_page
    page.route(re.compile(r"/component/streamlit_folium"), lambda route: route.abort())
    open_example(page, app_url)
    # (not go_to: the blocked map stays a loading skeleton, the page is never « ready »)
    sidebar(page).get_by_role("link", name=re.compile(NAV["acteurs"])).click()
    page.get_by_role("heading", name="Acteurs du territoire").wait_for(timeout=30_000)
    page.get_by_role("heading", name="Tableau des acteurs").wait_for(timeout=30_000)
    page.get_by_role("radiogroup", name="Que voulez-vous faire ?").wait_for(timeout=30_000)
    table_cell(page, "Antropia ESSEC")  # the table: the map's text alternative


def test_the_page_is_whole_once_the_map_is_drawn(new_page, app_url):
    page = new_page
    open_example(page, app_url)
    go_to(page, NAV["acteurs"])
    frame = page.wait_for_selector(MAP_FRAME, timeout=30_000).content_frame()
    frame.wait_for_selector("path.alliances-actor", timeout=30_000)
    page.get_by_role("heading", name="Tableau des acteurs").wait_for(timeout=30_000)
    # the same map document: the rest of the page came without remounting it
    frame.evaluate("() => { window.__still_here = true; }")
    wait_ready(page)
    assert frame.evaluate("window.__still_here === true")
    assert frame.evaluate(f"window.{DRAWN_SENT} === true")  # its report was sent
