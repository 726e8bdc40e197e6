"""The shared directory in Chromium, against `streamlit run app.py` (SQLite, then PostgreSQL):

learner A proposes an actor of their carnet (private notes filled) → it is not public → a
moderator publishes it → learner B, on a new carnet in the same département, sees it in the
suggestions and adds it → it is in the directory's CSV and GeoJSON → A's private notes appear
nowhere (pages, downloads, moderation view) → a report sends it back to the queue; a second
proposal of the same actor (B's copy) becomes a confirmation.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from adapters.storage.carnets import CarnetStore
from domain.models import Actor, Carnet, Project, Territory
from tests.e2e.helpers import (
    APP,
    MAP_FRAME,
    NAV,
    STEP_TIMEOUT,
    FailureShots,
    ScriptWatch,
    app_env,
    choose_with_mouse,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    open_section,
    open_tab,
    read_download,
    settle,
    start_carnet,
    wait_idle,
)
from tests.e2e.server import StreamlitServer

BUDGET = 420  # seconds, per test (a loaded 2-core box; every step reruns the app)
SEED = Path(__file__).resolve().parents[1] / "seed" / "directory_seed_small.json"
KEY = "e2e-moderation-key-0123456789abcdefghijklmnop"
NAME = "Atelier solidaire de la Croix-Rousse"
PRIVATE_NOTE = "NOTE-PRIVEE-A-7f3c"
PRIVATE_PERSON = "Mme Confidentielle-A"
LYON = Territory(
    commune="Lyon",
    insee="69123",
    postcode="69001",
    departement="Rhône",
    departement_code="69",
    region="Auvergne-Rhône-Alpes",
    region_code="84",
    lat=45.758,
    lon=4.835,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request, tmp_path):
    env = {
        **app_env(tmp_path / "carnets.sqlite3"),
        "CARNET_DIRECTORY_SEED": str(SEED),
        "CARNET_MODERATOR_KEY": KEY,
    }
    url = f"sqlite:///{tmp_path / 'carnets.sqlite3'}"
    if request.param == "postgresql":
        url = os.environ.get("TEST_DATABASE_URL", "")
        if not url:
            pytest.skip("TEST_DATABASE_URL is not set: no PostgreSQL server to test against")
        env["DATABASE_URL"] = url
        _empty_postgres(url)
    running = StreamlitServer(APP, env, tmp_path / "server.log").wait_healthy()
    yield running, url
    running.stop()


def _empty_postgres(url: str) -> None:
    """The PostgreSQL database starts empty (the app migrates it and imports the seed)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def context(chromium, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT)
    shots = FailureShots(request)
    yield context
    shots.take(*context.pages)
    context.close()


def carnet_of_a(database_url: str) -> str:
    """Learner A's carnet: a territory in Lyon and one actor with private notes."""
    store = CarnetStore(database_url)
    carnet = Carnet(
        project=Project(name="Recyclerie des pentes", territory=LYON),
        actors=[
            Actor(
                name=NAME,
                category="incubateur_social",
                commune="Lyon",
                website="https://atelier-croix-rousse.example.org",
                contact_person=PRIVATE_PERSON,
                notes=PRIVATE_NOTE,
            )
        ],
    )
    token = store.create(carnet).token
    store.engine.dispose()
    return token


def open_url(page, url: str) -> None:
    """Open a page of the app by its URL, and close a dialog if one is open (it makes the page
    inert for the mouse). A new server's first deep link used to show « Page not found »
    (fixed: the pages live in app_pages/, not pages/; tested in test_cold_start.py)."""
    page.goto(url)
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=STEP_TIMEOUT)
    wait_idle(page)
    notice = page.get_by_role("dialog")
    if notice.count():
        page.keyboard.press("Escape")
        notice.wait_for(state="detached", timeout=STEP_TIMEOUT)
        wait_idle(page)


SENTINELS = (
    '<img src=x onerror="window.__pwned=true">',
    "<svg/onload=window.__pwned=true>",
    '"><script>window.__pwned=true</script>',
    "`;window.__pwned=true;`${window.__pwned=true}",
    "[lien](javascript:window.__pwned=true)",
    "{{ 7*7 }} ${{7*7}}",
)


def hostile_entries(database_url: str) -> None:
    """Entries holding the corpus's sentinel payloads, stored as they are (as an old or
    imported row could be): the pages must show them as text, never run them."""
    from adapters.storage.directory import DirectoryStore

    store = DirectoryStore(database_url)
    store.insert_entries(
        [
            {
                "name": payload,
                "category": "cress",
                "commune": payload,
                "departement": "69",
                "region": "Auvergne-Rhône-Alpes",
                "region_code": "84",
                "website": "javascript:window.__pwned=true",
                "lat": 45.7 + n / 100,
                "lon": 4.8,
                "description_fr": payload,
                "source_kind": "seed",
                "source_url": "javascript:window.__pwned=true",
                "source_title": payload,
                "status": "published",
            }
            for n, payload in enumerate(SENTINELS)
        ]
    )
    store.engine.dispose()


def download_named(page, pattern: str):
    with page.expect_download(timeout=STEP_TIMEOUT) as info:
        page.get_by_role("button", name=re.compile(pattern)).click()
    return info.value


def body(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def no_private_text(text: str, where: str) -> None:
    assert PRIVATE_NOTE not in text, f"A's private notes in {where}"
    assert PRIVATE_PERSON not in text, f"A's contact person in {where}"


def propose(page, base: str, token: str, *, description: str = "") -> None:
    open_url(page, f"{base}/acteurs?carnet={token}")
    section = page.locator('[data-testid="stMain"]')
    open_tab(page, "Proposer à l’annuaire")
    page.get_by_role("heading", name="Proposer à l’annuaire").wait_for()
    open_section(page, "Proposer un de mes acteurs")
    choose_with_mouse(page, section, "Acteur à proposer", NAME)
    if description:
        field = page.get_by_role("textbox", name="Description publique (facultatif)")
        field.fill(description)
        field.press("Tab")
        settle(page)
    no_private_text(body(page), "the proposal's preview")
    page.get_by_text(re.compile("J’accepte que ces informations soient publiées")).click()
    settle(page)
    page.get_by_role("button", name="Envoyer à la modération").click()
    settle(page)


def test_a_proposal_goes_through_moderation_to_the_next_learner(context, server):
    running, database_url = server
    base = running.url
    watch = ScriptWatch().attach(context)
    token_a = carnet_of_a(database_url)
    hostile_entries(database_url)

    # Learner A proposes their actor; it waits for moderation.
    a = context.new_page()
    propose(a, base, token_a, description="Un lieu d’entraide pour les porteurs de projet.")
    a.get_by_text("Proposition envoyée").wait_for()
    a.get_by_text(re.compile("en attente")).first.wait_for()

    # Not public yet.
    visitor = context.new_page()
    open_url(visitor, f"{base}/annuaire")
    # The map draws offline: clusters and points from the app's own Leaflet.markercluster.
    frame = visitor.wait_for_selector(MAP_FRAME, timeout=STEP_TIMEOUT).content_frame()
    frame.wait_for_selector(".marker-cluster", timeout=STEP_TIMEOUT)
    point = frame.locator("path.alliances-directory").first
    point.wait_for(timeout=STEP_TIMEOUT)
    point.dispatch_event("mouseover")  # tooltips and popups are made on first use
    frame.locator(".leaflet-tooltip").first.wait_for(timeout=STEP_TIMEOUT)
    point.dispatch_event("click")
    frame.locator(".leaflet-popup-content").first.wait_for(timeout=STEP_TIMEOUT)
    assert "Ronalpia" in body(visitor)  # the seed is there
    assert NAME not in body(visitor)

    # The moderator publishes it; the moderation view shows no private field.
    mod = context.new_page()
    open_url(mod, f"{base}/moderation?cle={KEY}")
    mod.get_by_text(NAME).first.wait_for()
    no_private_text(body(mod), "the moderation page")
    mod.get_by_role("button", name="Publier", exact=True).first.click()
    mod.get_by_text("Publié.").wait_for()

    # A sees the status change.
    open_url(a, f"{base}/acteurs?carnet={token_a}")
    open_tab(a, "Proposer à l’annuaire")
    a.get_by_text(re.compile(r"\*?publiée")).first.wait_for()

    # Learner B, a new carnet in the same département: the suggestion, added in one click.
    b = context.new_page()
    start_carnet(b, base)
    go_to(b, NAV["projet"], heading="Mon projet")
    search = b.get_by_label("Rechercher une commune ou un code postal")
    search.fill("Lyon")
    search.press("Enter")
    settle(b)
    b.get_by_role("button", name="Choisir ce territoire").click()
    settle(b)
    go_to(b, NAV["acteurs"], heading="Acteurs du territoire")
    open_tab(b, "Suggestions près de chez vous")
    b.get_by_role("heading", name="Suggestions près de chez vous").wait_for()
    chooser = b.get_by_role("combobox", name="Fiches à ajouter à ma carte")
    chooser.click()
    b.keyboard.type("Atelier solidaire")  # the list filters as one types
    b.get_by_role("option", name=re.compile(re.escape(NAME))).first.click()
    b.keyboard.press("Escape")
    b.get_by_role("button", name="Ajouter à ma carte").click()
    settle(b)
    b.get_by_text(f"Ajouté à votre carte : {NAME}.".replace(" :", "\u00a0:")).wait_for()
    no_private_text(body(b), "learner B's actors page")

    # The directory page and its open data: the entry, never A's private fields.
    open_url(visitor, f"{base}/annuaire")
    visitor.get_by_text(NAME).first.wait_for()
    assert "proposé par des apprenants" in body(visitor)
    no_private_text(body(visitor), "the directory page")
    assert "{{ 7*7 }}" in body(visitor)  # the payloads are shown as text
    assert watch.check(visitor, "annuaire") >= 2  # the page and the map's frame
    csv_bytes = read_download(download_named(visitor, r"^Tout l’annuaire en CSV \("))
    geojson = read_download(download_named(visitor, r"^Tout l’annuaire en GeoJSON \("))
    csv_text = csv_bytes.decode("utf-8-sig")
    assert NAME in csv_text and "Open Database License" in csv_text
    collection = json.loads(geojson)
    assert collection["license"] == "ODbL-1.0"
    assert NAME in [f["properties"]["name"] for f in collection["features"]]
    for text, where in ((csv_text, "the CSV"), (geojson.decode("utf-8"), "the GeoJSON")):
        no_private_text(text, where)

    # A report sends it back to the queue; it stays visible with a note.
    form = visitor.locator('[data-testid="stForm"]').filter(has_text="Signaler")
    fiche = form.get_by_role("combobox", name="Fiche", exact=True)
    fiche.click()
    visitor.keyboard.type("Atelier solidaire")  # the list filters as one types
    visitor.get_by_role("option", name=f"{NAME} — Lyon (69), Auvergne-Rhône-Alpes").click()
    wait_idle(visitor)
    choose_with_mouse(visitor, form, "Motif", "Structure fermée", in_form=True)
    form.get_by_role("button", name="Signaler").click()
    visitor.get_by_text(
        "Merci : la fiche est signalée à la modération.".replace(" :", "\u00a0:")
    ).wait_for()
    visitor.get_by_text(re.compile("en cours de vérification")).first.wait_for()
    open_url(mod, f"{base}/moderation?cle={KEY}")
    mod.get_by_text("Fiche signalée").first.wait_for()
    assert NAME in body(mod)
    no_private_text(body(mod), "the moderation page after the report")
    watch.check(mod, "moderation")

    # A second proposal of the same actor (B's copy) becomes a confirmation.
    token_b = re.search(r"carnet=([\w-]+)", b.url).group(1)
    propose(b, base, token_b)
    b.get_by_text(re.compile("compte comme une confirmation")).wait_for()
    open_url(visitor, f"{base}/annuaire")
    visitor.get_by_text(re.compile(r"confirmé par 2 apprenant")).first.wait_for()
    wait_idle(visitor)
    watch.check(visitor, "annuaire, at the end")
    watch.check(b, "learner B's actors page")
    watch.assert_clean()


@pytest.fixture
def sqlite_server(tmp_path):
    env = {
        **app_env(tmp_path / "carnets.sqlite3"),
        "CARNET_DIRECTORY_SEED": str(SEED),
        "CARNET_MODERATOR_KEY": KEY,
    }
    running = StreamlitServer(APP, env, tmp_path / "server.log").wait_healthy()
    yield running, f"sqlite:///{tmp_path / 'carnets.sqlite3'}"
    running.stop()


def test_the_directory_pages_pass_axe(chromium, request, sqlite_server):
    """axe-core (WCAG 2.1 A/AA, serious and critical fail) on « Annuaire » (with its map's
    iframe), « Modération » with a proposal in the queue, and the Actors page's additions."""
    from tests.e2e.test_accessibility import AXE, Audit, assert_no_serious, audit_page

    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/e2e)")
    running, database_url = sqlite_server
    base = running.url
    token = carnet_of_a(database_url)
    context = chromium.new_context(viewport={"width": 1280, "height": 7200}, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT)
    shots = FailureShots(request)
    audit = Audit()
    try:
        page = context.new_page()
        propose(page, base, token, description="Un lieu d’entraide.")
        page.get_by_text("Proposition envoyée").wait_for()
        audit_page(page, "Acteurs (suggestions, proposer)", audit)
        open_url(page, f"{base}/annuaire")
        audit_page(page, "Annuaire", audit)
        open_url(page, f"{base}/moderation?cle={KEY}")
        page.get_by_text(NAME).first.wait_for()
        audit_page(page, "Modération", audit)
    finally:
        shots.take(*context.pages)
        context.close()
    assert_no_serious(audit)
