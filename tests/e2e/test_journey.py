"""The learner's whole journey in Chromium against `streamlit run app.py`, twice: with the
mouse, then with the keyboard only (Tab, Shift+Tab, Enter, Space, arrow keys and typing).

New carnet → « Mon projet » (name, description, territory « Romans-sur-Isère ») → three
local actors (by commune search; by a click on the map — or, with the keyboard, by latitude
and longitude, the keyboard way the actors page offers; by a CSV import) → an alliance from the
catalogue → the three answers → « Synthèse » → every download (each file checked; the HTML
opened with all network refused) → the read-only share link opened in a fresh context.

During the whole journey every request and websocket of every context is recorded: nothing
may leave 127.0.0.1 / localhost (tiles are off, the online geocoder is off).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import (
    DOWNLOADS,
    MAP_FRAME,
    NAV,
    STEP_TIMEOUT,
    FailureShots,
    NetworkLog,
    ScriptWatch,
    check_exports,
    choose_with_mouse,
    download,
    focused,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    kb_activate,
    kb_choose_option,
    kb_go_to,
    kb_open_tab,
    kb_start_carnet,
    kb_type,
    load,
    markdown_plain,
    no_exception,
    open_html_offline,
    open_tab,
    private_link_shown,
    read_download,
    settle,
    share_link,
    sidebar,
    start_carnet,
    tab_to,
    tab_to_name,
    wait_idle,
    wait_ready,
)

BUDGET = 240  # seconds, per test (hard limit, see helpers.hard_timeout)

PROJECT = "Recyclerie « La Boucle » – Romans"
DESCRIPTION = (
    "Collecte, répare et revend des objets du quotidien.\n"
    "Cherche des partenaires de l’ESS sur son territoire."
)
TERRITORY = "Romans-sur-Isère"
SEARCHED = ("CRESS Auvergne-Rhône-Alpes", "CRESS", "Valence", "Valence (26000, Drôme)")
PLACED = ("Fondation du Pays de Romans", "Fondation territoriale", "45.04300", "5.05100")
IMPORTED = ("Pôle Sud Coop", "PTCE", "Romans-sur-Isère", "26100")
ACTORS_CSV = (
    f"nom;catégorie;commune;code postal\n{IMPORTED[0]};{IMPORTED[1]};{IMPORTED[2]};{IMPORTED[3]}\n"
)
ALLIANCE_QUERY = "Pipriac"
ALLIANCE_NAME = re.compile(r"Territoires zéro chômeur")
ANSWERS = {
    "Votre réponse sur la vision": (
        "À Pipriac et Saint-Ganton, élus, associations et entreprises partagent une conviction : "
        "personne n’est inemployable. Ensemble, ils veulent supprimer le chômage de longue durée "
        "sur leur territoire en créant des emplois utiles aux habitants."
    ),
    "Votre réponse sur les expertises": (
        "La commune apporte sa légitimité politique et des locaux ; l’entreprise à but d’emploi "
        "apporte son savoir-faire d’employeur ; les associations connaissent les personnes "
        "privées d’emploi et les besoins non couverts du territoire ; l’État finance."
    ),
    "Votre réponse sur l’intérêt à s’allier": (
        "Chacun y gagne : la commune voit baisser le chômage, les associations remplissent leur "
        "mission, les entreprises trouvent des partenaires et des services nouveaux. Seuls, "
        "aucun n’aurait pu créer ces emplois : l’intérêt est mutuel et durable."
    ),
}


@pytest.fixture
def actors_csv(tmp_path):
    path = tmp_path / "mes-acteurs.csv"
    path.write_text(ACTORS_CSV, encoding="utf-8")
    return path


# Where the journey is made: a laptop, a phone, a classroom projector (projection mode).
VIEWPORTS = {
    "laptop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
    "projection": {"width": 1280, "height": 720},
}
# The top navigation's short step names in projection mode (data/locales/fr/core.json).
NAV_SHORT = {
    "projet": "Projet",
    "acteurs": "Acteurs",
    "alliance": "Alliance",
    "analyse": "Analyse",
    "synthese": "Synthèse",
}


def journey_mode(request) -> str:
    callspec = getattr(request.node, "callspec", None)
    return callspec.params.get("mode", "laptop") if callspec else "laptop"


@pytest.fixture
def journey(chromium, request):
    """A context whose every request is recorded, with the script watch on; closed after.
    Its viewport is the test's ``mode`` (default: a laptop)."""
    shots = FailureShots(request)
    context = chromium.new_context(
        viewport=VIEWPORTS[journey_mode(request)], locale="fr-FR", accept_downloads=True
    )
    context.set_default_timeout(STEP_TIMEOUT)
    network = NetworkLog().attach(context)
    watch = ScriptWatch().attach(context)
    page = context.new_page()
    yield page, network, watch
    shots.take(*context.pages)
    context.close()


# --------------------------------------------------------------------------- shared checks


def table_has(page, name: str) -> None:
    # The interactive grid, or the HTML table of projection mode.
    page.locator(
        '[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stTable"] td'
    ).filter(has_text=re.compile("^" + re.escape(name) + "$")).first.wait_for(state="attached")


def sidebar_width(page) -> float:
    return page.evaluate(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().width"
    )


def open_sidebar(page) -> None:
    """On a phone the sidebar starts closed: its « » » button opens it."""
    if sidebar_width(page) == 0:
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getBoundingClientRect().width > 0"
        )


def top_nav(page):
    return page.locator('header[data-testid="stHeader"]')


def step(page, mode: str, key: str, heading: str) -> None:
    """Go to a step the way this device does: the sidebar (opened first on a phone, where it
    closes again after the choice) or, in projection mode, the top navigation."""
    if mode == "projection":
        name = re.compile(r"^\d\. " + re.escape(NAV_SHORT[key]))
        top_nav(page).get_by_role("link", name=name).click()
        page.get_by_role("heading", name=heading).first.wait_for(timeout=STEP_TIMEOUT)
        wait_ready(page)
        return
    if mode == "phone":
        open_sidebar(page)
    go_to(page, NAV[key], heading=heading)
    if mode == "phone":
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]')"
            ".getBoundingClientRect().width === 0",
            timeout=STEP_TIMEOUT,
        )


def check_steps_done(page, mode: str = "laptop") -> None:
    """The navigation marks every step done and Synthèse asks for nothing more."""
    if mode == "projection":
        texts = top_nav(page).get_by_role("link").all_inner_texts()
        for short in NAV_SHORT.values():
            line = next(text for text in texts if short in text)
            assert line.strip().endswith("✓"), texts
        assert "more" not in top_nav(page).inner_text()  # every step fits, none hidden
    else:
        if mode == "phone":
            open_sidebar(page)
        links = sidebar(page).get_by_role("link").all_inner_texts()
        steps = ("Mon projet", "Acteurs du territoire", "Alliance exemple", "Analyse", "Synthèse")
        for name in steps:
            line = next(text for text in links if name in text)
            assert "fait" in line and "à faire" not in line, links
        if mode == "phone":
            sidebar(page).locator('[data-testid="stSidebarCollapseButton"] button').click()
            page.wait_for_function(
                "() => document.querySelector('[data-testid=\"stSidebar\"]')"
                ".getBoundingClientRect().width === 0"
            )
    # Nothing required is left; the optional step (« Parties prenantes », not done in this
    # journey) is offered, not asked for.
    assert page.get_by_text(re.compile(r"^Compléter")).count() == 0
    assert page.get_by_text(re.compile(r"^Facultatif\s*:\s*Parties prenantes")).count() == 1


def check_downloads(page, chromium, *, keyboard: bool = False) -> None:
    """Every download of « Synthèse » (by mouse or keyboard), then its content."""
    files = {}
    for button, name in DOWNLOADS.items():
        dl = download(page, button, keyboard=keyboard)
        assert dl.suggested_filename == name
        files[name] = read_download(dl)
    check_files(files)
    check_html_offline(chromium, files["carnet-alliances.html"])


def check_summary(page) -> None:
    for text in (PROJECT, SEARCHED[0], PLACED[0], IMPORTED[0]):
        page.get_by_text(text, exact=False).first.wait_for(state="attached")
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert PROJECT in main
    assert "Romans-sur-Isère" in main
    assert ALLIANCE_NAME.search(main)
    for answer in ANSWERS.values():
        assert answer[:60] in main.replace("\n", " ")


def check_files(files: dict[str, bytes]) -> None:
    exports = check_exports(files)
    markdown = markdown_plain(exports.text("carnet-alliances.md"))
    html = exports.text("carnet-alliances.html")
    for name in (PROJECT, SEARCHED[0], PLACED[0], IMPORTED[0]):
        assert name in markdown, name
        assert name in html, name
    assert ANSWERS["Votre réponse sur la vision"][:40] in markdown
    carnet = exports.json("carnet-alliances.json")
    assert carnet["project"]["name"] == PROJECT
    assert carnet["project"]["territory"]["commune"] == TERRITORY
    assert sorted(a["name"] for a in carnet["actors"]) == sorted(
        [SEARCHED[0], PLACED[0], IMPORTED[0]]
    )
    assert all(not a.get("contact_person") and not a.get("notes") for a in carnet["actors"])
    assert ALLIANCE_NAME.search(carnet["alliance"]["name"])
    assert carnet["answers"]["vision"] == ANSWERS["Votre réponse sur la vision"]
    features = exports.json("acteurs.geojson")["features"]
    assert sorted(f["properties"]["name"] for f in features) == sorted(
        [SEARCHED[0], PLACED[0], IMPORTED[0]]
    )
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert 44 < lat < 46 and 4 < lon < 6, feature  # Drôme
    rows = exports.csv_rows()
    names = {row[1] if row[0].isdigit() else row[0] for row in rows[1:]}
    assert {SEARCHED[0], PLACED[0], IMPORTED[0]} <= names, rows


def check_html_offline(browser, html: bytes) -> None:
    context, view, attempted = open_html_offline(browser, html)
    try:
        assert view.locator("h1").first.inner_text().strip()
        assert PROJECT in view.locator("body").inner_text()
        assert view.locator("table").count() >= 1
        assert attempted == [], f"the exported HTML asked the network for {attempted}"
    finally:
        context.close()


def check_share_view(browser, url: str, network: NetworkLog) -> None:
    stranger = browser.new_context(locale="fr-FR")
    network.attach(stranger)
    try:
        view = stranger.new_page()
        load(view, url)
        view.get_by_text("Carnet partagé (lecture seule)").wait_for(timeout=STEP_TIMEOUT)
        wait_ready(view)
        view.get_by_text(PROJECT).first.wait_for()
        view.get_by_text("Les trois questions").wait_for()
        assert view.locator("input, textarea, select, [contenteditable=true]").count() == 0
        # Its only buttons: the PDF to print and the reader's language; no edit control.
        buttons = view.get_by_role("button").filter(has_text=re.compile(r"\w")).all_inner_texts()
        allowed = {"Imprimer ou enregistrer en PDF", "Français", "English"}
        assert {b.split("\n")[-1].strip() for b in buttons} <= allowed, buttons
        view.get_by_role("link", name="Commencer mon propre carnet").wait_for()
        assert view.locator('[data-testid="stSidebar"]').count() == 0
        for name in (SEARCHED[0], PLACED[0], IMPORTED[0]):
            view.locator('[role="gridcell"]').filter(has_text=name).first.wait_for(state="attached")
        no_exception(view, "share view")
    finally:
        stranger.close()


def check_network(network: NetworkLog) -> None:
    assert network.urls, "no request recorded at all"
    assert network.outside() == [], f"requests left the machine: {network.outside()}"
    assert any("/app/static/vendor/leaflet-" in url for url in network.urls)


# ------------------------------------------------------------------------------ with the mouse


def leave_field(page, heading: str) -> None:
    """Click on the page title: the field loses the focus, which saves it."""
    page.get_by_role("heading", name=heading).first.click()
    settle(page)


@pytest.mark.parametrize("mode", list(VIEWPORTS))
def test_journey_with_the_mouse(journey, app_url, actors_csv, chromium, streamlit_server, mode):
    page, network, watch = journey
    start_carnet(page, app_url)
    private = private_link_shown(page)
    assert "?carnet=" in private
    if mode == "phone":
        assert sidebar_width(page) == 0  # the sidebar starts closed on a phone
    if mode == "projection":
        load(page, private + "&projection=1")
        page.get_by_text("Votre carnet est ouvert").wait_for()
        wait_ready(page)
        # A projected screen never shows the private edit link unless asked.
        assert page.locator("code", has_text="?carnet=").count() == 0
        page.get_by_text("Afficher le lien privé").click()
        assert private_link_shown(page) == private

    # « Mon projet »
    step(page, mode, "projet", "Mon projet")
    page.get_by_label("Nom du projet").fill(PROJECT)
    leave_field(page, "Mon projet")
    page.get_by_label("Le projet en deux lignes").fill(DESCRIPTION)
    leave_field(page, "Mon projet")
    search = page.get_by_label("Rechercher une commune ou un code postal")
    search.fill(TERRITORY)
    search.press("Enter")
    settle(page)
    assert page.get_by_label("Communes trouvées").input_value() == "Romans-sur-Isère (26100, Drôme)"
    page.get_by_role("button", name="Choisir ce territoire").click()
    page.get_by_text(re.compile(r"Romans-sur-Isère.*\(26100\).*Drôme")).first.wait_for()
    settle(page)
    page.wait_for_selector(MAP_FRAME)

    # « Acteurs du territoire »: 1. by a commune search
    step(page, mode, "acteurs", "Acteurs du territoire")
    forms = page  # the add panel is the only form until a click on the map adds another
    forms.get_by_label("Nom", exact=True).fill(SEARCHED[0])
    choose_with_mouse(page, forms, "Catégorie", SEARCHED[1])
    forms.get_by_label("Adresse ou commune").fill(SEARCHED[2])
    forms.get_by_role("button", name="Chercher").click()
    settle(page)
    forms.get_by_role("radio", name=SEARCHED[3]).wait_for()
    assert forms.get_by_role("radio", name=SEARCHED[3]).is_checked()  # the first result
    forms.get_by_role("button", name="Ajouter l’acteur").click()
    page.get_by_text(f"« {SEARCHED[0]} » ajouté à votre carte.").wait_for()
    settle(page)

    # 2. by a click on the map
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    frame.wait_for_function("() => document.querySelectorAll('path.alliances-actor').length === 1")
    box = frame.locator("#map_div").bounding_box()
    frame.locator("#map_div").click(
        position={"x": box["width"] / 2 + 70, "y": box["height"] / 2 - 50}
    )
    form = page.locator('[data-testid="stForm"]').filter(has_text="Ajouter cet acteur ici")
    form.wait_for()
    assert page.get_by_text(
        re.compile(r"Point choisi.*latitude 4[45]\.\d+, longitude [45]\.\d+")
    ).first.is_visible()
    form.get_by_label("Nom", exact=True).fill(PLACED[0])
    choose_with_mouse(page, form, "Catégorie", PLACED[1], in_form=True)
    form.get_by_role("button", name="Ajouter cet acteur ici").click()
    page.get_by_text(f"« {PLACED[0]} » ajouté à votre carte.").wait_for()
    settle(page)

    # 3. by a CSV import
    page.get_by_text("Importer un fichier", exact=True).click()
    settle(page)
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Fichier CSV")
    uploader.wait_for()
    uploader.locator('input[type="file"]').set_input_files(actors_csv)
    page.get_by_role("button", name="Ajouter ces 1 acteur(s)").click()
    page.get_by_text("1 acteur(s) importé(s).").wait_for()
    settle(page)
    for name in (SEARCHED[0], PLACED[0], IMPORTED[0]):
        table_has(page, name)
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    frame.wait_for_function("() => document.querySelectorAll('path.alliances-actor').length === 3")

    # « Alliance exemple »
    step(page, mode, "alliance", "Choisir une alliance territoriale")
    query = page.get_by_label("Rechercher", exact=True)
    query.fill(ALLIANCE_QUERY)
    query.press("Enter")
    settle(page)
    page.get_by_text(re.compile(r"^1 alliance\(s\) sur \d+$")).wait_for()  # filtered
    page.get_by_role("button", name="Choisir cette alliance").first.click()
    page.get_by_text(re.compile("Alliance choisie")).first.wait_for()
    settle(page)

    # « Analyse »: the three answers
    step(page, mode, "analyse", "Analyse de l’alliance")
    open_tab(page, "3. Les trois questions")  # the members' tab is open first
    for label, text in ANSWERS.items():
        page.get_by_label(label).fill(text)
        leave_field(page, "Analyse de l’alliance")
    for label, text in ANSWERS.items():
        assert page.get_by_label(label).input_value() == text

    # « Synthèse »
    step(page, mode, "synthese", "Synthèse")
    check_steps_done(page, mode)
    check_summary(page)
    check_downloads(page, chromium)
    # The files are made when clicked, by the server's own thread: with no session there,
    # they must not reach for one (Streamlit would warn, and read an empty state).
    assert "missing ScriptRunContext" not in streamlit_server.log_of(app_url)

    page.get_by_role("button", name="Créer un lien de partage").click()
    settle(page)
    url = share_link(page, app_url)
    check_share_view(chromium, url, network)

    no_exception(page, "Synthèse")
    watch.check(page, "Synthèse")
    watch.assert_clean()
    assert watch.errors == []
    check_network(network)


# ------------------------------------------------------------------------- with the keyboard


def kb_leave(page) -> None:
    """Tab out of a field: it loses the focus, which saves it; wait for the save."""
    page.keyboard.press("Tab")
    settle(page)


def kb_pick_radio(page, group_first: str | re.Pattern, option: str) -> None:
    """Tab into a radio group (its checked option first), then arrow keys to ``option``."""
    tab_to_name(page, group_first, tag="INPUT")
    for _ in range(8):
        if focused(page).name == option:
            break
        page.keyboard.press("ArrowDown")
        settle(page)
    assert focused(page).name == option, f"radio {option!r} not reached: {focused(page)}"


def uploader_button(focus) -> bool:
    """The file uploader's own button (its text is ours, from CSS: see components/uploader)."""
    return focus.is_(tag="BUTTON", testid="stFileUploaderDropzone")


def test_journey_with_the_keyboard_only(journey, app_url, tmp_path, actors_csv, chromium):
    page, network, watch = journey
    focus_lost: list[str] = []

    def note_focus(step: str) -> None:
        """Where the focus is after an action: <body> means a keyboard user starts over from
        the top of the page (reported, not failed: Streamlit redraws the control)."""
        if focused(page).tag in ("BODY", ""):
            focus_lost.append(step)

    # Accueil: « Nouveau carnet »
    kb_start_carnet(page, app_url)

    # « Mon projet »
    kb_go_to(page, NAV["projet"], heading="Mon projet")
    tab_to_name(page, "Nom du projet", tag="INPUT")
    kb_type(page, PROJECT)
    kb_leave(page)
    assert focused(page).name == "Le projet en deux lignes"
    kb_type(page, DESCRIPTION)
    kb_leave(page)
    tab_to_name(page, "Rechercher une commune ou un code postal", tag="INPUT")
    kb_type(page, TERRITORY)
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("combobox", name="Communes trouvées").wait_for()  # the results are drawn
    wait_idle(page)
    tab_to_name(page, "Communes trouvées", role="combobox", max_presses=3)
    kb_choose_option(page, "Romans-sur-Isère (26100, Drôme)")
    kb_activate(page, "Choisir ce territoire", max_presses=3)
    page.get_by_text(re.compile(r"Romans-sur-Isère.*\(26100\).*Drôme")).first.wait_for()
    settle(page)
    note_focus("Mon projet › Choisir ce territoire")

    # « Acteurs du territoire »: 1. by a commune search
    kb_go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
    tab_to_name(page, "Nom", tag="INPUT", max_presses=100)
    kb_type(page, SEARCHED[0])
    page.keyboard.press("Tab")
    assert focused(page).name == "Catégorie"
    kb_choose_option(page, SEARCHED[1])
    settle(page)
    tab_to_name(page, "Adresse ou commune", tag="INPUT", max_presses=6)
    kb_type(page, SEARCHED[2])
    page.keyboard.press("Enter")  # the search form submits on Enter
    settle(page)
    page.get_by_role("radio", name=SEARCHED[3]).wait_for()
    wait_idle(page)
    tab_to_name(page, SEARCHED[3], tag="INPUT", max_presses=4)  # the first result, checked
    kb_activate(page, "Ajouter l’acteur", max_presses=10)
    page.get_by_text(f"« {SEARCHED[0]} » ajouté à votre carte.").wait_for()
    settle(page)
    note_focus("Acteurs › Ajouter l’acteur (recherche)")

    # 2. by latitude and longitude (the keyboard's way to place a point; no map click)
    tab_to_name(page, "Nom", tag="INPUT", max_presses=100, backwards=True)
    kb_type(page, PLACED[0])
    page.keyboard.press("Tab")
    kb_choose_option(page, PLACED[1])
    settle(page)
    kb_pick_radio(page, "Chercher une adresse ou une commune", "Saisir latitude et longitude")
    page.get_by_role("textbox", name="Latitude").wait_for()
    wait_idle(page)
    tab_to_name(page, "Latitude", tag="INPUT", max_presses=4)
    kb_type(page, PLACED[2])
    page.keyboard.press("Tab")
    settle(page)
    assert focused(page).name == "Longitude", focused(page)
    kb_type(page, PLACED[3])
    page.keyboard.press("Tab")
    settle(page)
    kb_activate(page, "Ajouter l’acteur", max_presses=10)
    page.get_by_text(f"« {PLACED[0]} » ajouté à votre carte.").wait_for()
    settle(page)
    note_focus("Acteurs › Ajouter l’acteur (coordonnées)")

    # 3. by a CSV import: the uploader's button opens the file chooser on Enter
    kb_pick_radio(page, "Ajouter", "Importer un fichier")
    page.get_by_text("Fichier CSV des acteurs").wait_for()
    tab_to(page, uploader_button, max_presses=8, what="the uploader's button")
    wait_idle(page)
    chooser = None
    for attempt in range(2):
        try:
            with page.expect_file_chooser(timeout=5_000) as opened:
                page.keyboard.press("Enter")
            chooser = opened.value
            break
        except Exception:  # noqa: BLE001 - reported below, tried once more
            print(
                "Acteurs › Importer un fichier: Enter on « Upload » opened no file chooser "
                f"(attempt {attempt + 1}); focus: {focused(page)}"
            )
            wait_idle(page)
            tab_to(page, uploader_button, max_presses=8, backwards=True)
    assert chooser is not None, "the CSV file chooser cannot be opened with the keyboard"
    chooser.set_files(actors_csv)
    settle(page)
    page.get_by_role("button", name="Ajouter ces 1 acteur(s)").wait_for()
    wait_idle(page)
    kb_activate(page, "Ajouter ces 1 acteur(s)", max_presses=40)
    page.get_by_text("1 acteur(s) importé(s).").wait_for()
    settle(page)
    note_focus("Acteurs › Ajouter ces 1 acteur(s)")
    for name in (SEARCHED[0], PLACED[0], IMPORTED[0]):
        table_has(page, name)
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    frame.wait_for_function("() => document.querySelectorAll('path.alliances-actor').length === 3")

    # « Alliance exemple »
    kb_go_to(page, NAV["alliance"], heading="Choisir une alliance territoriale")
    tab_to_name(page, "Rechercher", tag="INPUT")
    kb_type(page, ALLIANCE_QUERY)
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_text(re.compile(r"^1 alliance\(s\) sur \d+$")).wait_for()  # filtered
    wait_idle(page)
    kb_activate(page, "Choisir cette alliance", max_presses=80)
    page.get_by_text(re.compile("Alliance choisie")).first.wait_for()
    settle(page)
    note_focus("Alliance exemple › Choisir cette alliance")

    # « Analyse »: the three answers
    kb_go_to(page, NAV["analyse"], heading="Analyse de l’alliance")
    # The tabs: Tab reaches the open one, the arrow keys move along them, Enter opens one.
    kb_open_tab(page, "1. Membres", "3. Les trois questions")
    note_focus("Analyse › onglet « 3. Les trois questions »")
    for label, text in ANSWERS.items():
        tab_to_name(page, label, tag="TEXTAREA", max_presses=80)
        kb_type(page, text)
        kb_leave(page)
    for label, text in ANSWERS.items():
        assert page.get_by_label(label).input_value() == text

    # « Synthèse »: every download with Enter, then the share link
    kb_go_to(page, NAV["synthese"], heading="Synthèse")
    check_steps_done(page)
    check_summary(page)
    check_downloads(page, chromium, keyboard=True)

    kb_activate(page, "Créer un lien de partage", key="Space", max_presses=80)  # Space too
    settle(page)
    note_focus("Synthèse › Créer un lien de partage")
    url = share_link(page, app_url)
    check_share_view(chromium, url, network)

    if focus_lost:
        print("focus went back to <body> after: " + "; ".join(focus_lost))
    # The keyboard never left the app: no focus trap on the way, the focus is on the page.
    assert tab_to(page, lambda f: f.in_sidebar, max_presses=150, what="the sidebar")
    no_exception(page, "Synthèse")
    watch.check(page, "Synthèse")
    watch.assert_clean()
    assert watch.errors == []
    check_network(network)
