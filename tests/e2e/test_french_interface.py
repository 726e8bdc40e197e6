"""The French interface in Chromium (issue 14): no Streamlit built-in English left where a
learner looks (the file uploader, placeholders, the top navigation's « N more »), the file
uploader still usable with the keyboard and named for screen readers, a deep link to the share
page on a cold start, the phone's sidebar."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.e2e.helpers import (
    NAV,
    choose_with_mouse,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    no_exception,
    open_example,
    open_tab,
    settle,
    share_link,
    start_carnet,
    tab_to,
    wait_ready,
)

BUDGET = 180  # seconds per test (hard limit, see helpers.hard_timeout)

# Streamlit's own English texts seen in the French interface before issue 14.
ENGLISH = re.compile(
    r"\bUpload\b|per file|Drag and drop|Browse files|Choose an? option|Choose options"
    r"|\b\d+ more\b|Page not found"
)


def main_text(page) -> str:
    return page.locator('[data-testid="stAppViewContainer"]').inner_text()


def test_the_uploaders_speak_french_and_work_with_the_keyboard(page, app_url):
    open_example(page, app_url)
    page.get_by_text("Importer un carnet (fichier JSON)").first.click()
    settle(page)
    button = page.get_by_role("button", name="Choisir un fichier")  # the screen reader's name
    button.wait_for()
    assert "Format JSON, 80 Mo au plus" in main_text(page)  # the real limit, in French
    assert not ENGLISH.search(main_text(page)), ENGLISH.search(main_text(page))
    # Reached with Tab, it opens the file chooser with Enter. (On a loaded machine the expander's
    # rerun may replace the button just after it got the focus: focus it again and retry.)
    for attempt in range(3):
        button.focus()
        try:
            with page.expect_file_chooser(timeout=5_000):
                page.keyboard.press("Enter")
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
            settle(page)

    load(page, page.url.replace("/?", "/acteurs?", 1))
    wait_ready(page)
    page.get_by_text("Importer un fichier", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Choisir un fichier").wait_for()
    assert "Format CSV, uMap, GeoJSON, KML, KMZ, 2 Mo au plus" in main_text(page)
    page.get_by_text("Valeurs acceptées dans la colonne « catégorie »").wait_for()
    assert not ENGLISH.search(main_text(page)), ENGLISH.search(main_text(page))
    no_exception(page, "actors")


def test_a_cold_deep_link_to_the_share_page_is_not_page_not_found(page, app_url):
    load(page, app_url + "/partage")
    page.get_by_text("Ce lien de partage n’existe pas").wait_for()
    assert "Page not found" not in page.locator("body").inner_text()


def test_on_a_phone_the_sidebar_starts_closed_and_closes_after_a_step(chromium, app_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    try:
        phone = context.new_page()
        open_example(phone, app_url)
        bar = phone.locator('[data-testid="stSidebar"]')
        assert bar.bounding_box()["width"] == 0
        phone.locator('[data-testid="stExpandSidebarButton"]').click()
        phone.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getBoundingClientRect().width > 0"
        )
        bar.get_by_role("link", name=re.compile("Acteurs du territoire")).click()
        phone.get_by_role("heading", name="Acteurs du territoire").first.wait_for()
        phone.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getBoundingClientRect().width === 0"
        )
    finally:
        context.close()


def test_projection_at_1280x720_shows_every_step_and_hides_the_private_link(chromium, app_url):
    context = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    try:
        room = context.new_page()
        private = open_example(room, app_url)
        load(room, private + "&projection=1")
        room.get_by_text("Votre carnet est ouvert").wait_for()
        wait_ready(room)
        header = room.locator('header[data-testid="stHeader"]')
        links = header.get_by_role("link").all_inner_texts()
        assert len([text for text in links if re.search(r"\d\. ", text)]) == 6, links
        assert not re.search(r"\bmore\b", header.inner_text())
        assert room.locator("code", has_text="?carnet=").count() == 0
        assert room.get_by_role("button", name="Créer un lien de partage").count() == 1
    finally:
        context.close()


def test_tab_reaches_the_uploader_button(page, app_url):
    open_example(page, app_url)
    page.get_by_text("Importer un carnet (fichier JSON)").first.click()
    settle(page)
    page.locator('[data-testid="stFileUploader"]').wait_for()
    page.get_by_text("Importer un carnet (fichier JSON)").first.focus()
    tab_to(
        page,
        lambda f: f.is_(tag="BUTTON", testid="stFileUploaderDropzone"),
        max_presses=10,
        what="the uploader's button",
    )


def test_a_placed_actor_no_longer_reads_a_placer_and_its_tab_stays_open(page, app_url):
    start_carnet(page, app_url)
    go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
    page.get_by_label("Nom", exact=True).fill("Avise")
    choose_with_mouse(page, page, "Catégorie", "CRESS")
    page.get_by_text("À placer plus tard", exact=True).click()
    settle(page)
    page.get_by_role("button", name="Ajouter l’acteur").click()
    settle(page)
    page.get_by_text("Modifier, déplacer, suivre", exact=True).click()
    settle(page)
    chosen = page.locator('[data-testid="stSelectbox"]').first
    assert "(à placer)" in chosen.inner_text() + chosen.locator("input").input_value()
    page.get_by_role("tab", name="Position").click()
    page.get_by_role("textbox", name="Latitude").last.fill("44,93")  # a decimal comma
    page.get_by_role("textbox", name="Longitude").last.fill("4,89")
    page.get_by_role("textbox", name="Longitude").last.press("Tab")
    settle(page)
    page.get_by_role("button", name="Enregistrer ces coordonnées").click()
    settle(page)
    page.get_by_role("button", name="Retirer de la carte (à placer)").wait_for()
    chosen = page.locator('[data-testid="stSelectbox"]').first
    shown = chosen.inner_text() + chosen.locator("input").input_value()
    assert "Avise" in shown and "(à placer)" not in shown, shown
    # (the edit panel's tabs: the page's own tabs under the table are another group)
    assert page.get_by_role("tab", name="Position", exact=True, selected=True).count() == 1


def test_the_members_editor_fits_and_reads_labels(page, app_url):
    private = open_example(page, app_url)
    load(page, private.replace("/?", "/analyse?", 1))
    page.get_by_role("heading", name="Analyse de l’alliance").first.wait_for()
    wait_ready(page)
    open_tab(page, "Modifier le tableau")
    editor = page.locator('[data-testid="stDataFrame"]').first
    editor.scroll_into_view_if_needed()
    editor.locator('[role="gridcell"]').first.wait_for(state="attached")
    widths = editor.evaluate(
        "e => { const s = e.querySelector('.dvn-scroller'); return [s.scrollWidth, s.clientWidth] }"
    )
    assert widths[0] <= widths[1], f"the members table scrolls sideways: {widths}"
    cells = editor.locator('[role="gridcell"]').all_text_contents()
    assert "Collectivité territoriale" in cells and "local_authority" not in cells, cells[:12]


def _edit_cell(page, editor, x: float, y: float, text: str) -> None:
    """Select a cell of the members table, open its editor (Enter), replace its text."""
    page.mouse.click(x, y)
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    settle(page)


def test_on_a_phone_the_members_table_keeps_its_scroll_and_every_edit(
    chromium, app_url, app_database
):
    from adapters.storage.carnets import CarnetStore
    from tests.e2e.helpers import private_token

    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    context.set_default_timeout(60_000)
    try:
        phone = context.new_page()
        private = open_example(phone, app_url)
        load(phone, private.replace("/?", "/analyse?", 1))
        phone.get_by_role("heading", name="Analyse de l’alliance").first.wait_for()
        wait_ready(phone)
        open_tab(phone, "Modifier le tableau")
        editor = phone.locator('[data-testid="stDataFrame"]').first
        editor.scroll_into_view_if_needed()
        scroller = editor.locator(".dvn-scroller")
        scroller.evaluate("s => { s.scrollLeft = s.scrollWidth }")  # to « Intérêt à s’allier »
        phone.wait_for_timeout(500)
        left = scroller.evaluate("s => s.scrollLeft")
        assert left > 0
        box = editor.bounding_box()
        x = box["x"] + box["width"] - 60
        _edit_cell(phone, editor, x, box["y"] + 35 * 2 + 15, "Premier intérêt réécrit")
        assert editor.locator(".dvn-scroller").evaluate("s => s.scrollLeft") == left
        _edit_cell(phone, editor, x, box["y"] + 35 * 3 + 15, "Second intérêt réécrit")
        assert editor.locator(".dvn-scroller").evaluate("s => s.scrollLeft") == left
        saved = CarnetStore(f"sqlite:///{app_database}").load(private_token(private)).carnet
        interests = [m.interest for m in saved.alliance.members]
        assert "Premier intérêt réécrit" in interests and "Second intérêt réécrit" in interests
    finally:
        context.close()


def test_no_english_link_to_heading_beside_the_headings(page, app_url):
    """Streamlit puts a « Link to heading » link (English, tabbable, read aloud) beside every
    heading; the app hides it (``components.shell.HEADING_LINKS_CSS``): on a journey page, a
    page of Markdown headings, and the share view (no app frame)."""
    open_example(page, app_url)
    private = page.url
    anchors = page.locator('[data-testid="stHeaderActionElements"] a[href^="#"]')
    for where in ("synthese", "analyse"):
        load(page, private.replace("/?", f"/{where}?", 1))
        wait_ready(page)
        page.get_by_role("heading", level=1).first.wait_for()
        assert anchors.count() > 0  # Streamlit drew them...
        assert page.get_by_role("link", name="Link to heading").count() == 0  # ...hidden
        assert not anchors.first.is_visible()
    go_to(page, NAV["synthese"])
    page.get_by_role("button", name="Créer un lien de partage").click()
    settle(page)
    share = share_link(page, app_url)
    load(page, share)
    wait_ready(page)
    page.get_by_role("heading", level=1).first.wait_for()
    assert anchors.count() > 0
    assert page.get_by_role("link", name="Link to heading").count() == 0
