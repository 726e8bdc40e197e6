"""The class space in Chromium (issue 16's « Done when »), against `streamlit run app.py`.

A trainer creates a class. Three learners join: Alice through the QR link (its URL; the QR's
PNG is checked to encode that URL), Bob by typing the code on Accueil, Carol under a pseudonym
who declines to share her answers. Each has a carnet (the worked example), places an actor on
the map and writes her or his own answer. The board (its own tab, refreshing itself) shows
three learners, their actors on the map, the answers of Alice and Bob only; Bob leaves and is
gone from the board at its next refresh; the trainer projects Alice's answer at 1280×720; the
exports hold only what was shared. Then axe-core on the class pages in French and English.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from urllib.parse import urlsplit

import pytest

from domain.example import example_carnet
from tests.e2e.helpers import (
    MAP_FRAME,
    NAV,
    STEP_TIMEOUT,
    FailureShots,
    download,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    no_exception,
    open_example,
    open_tab,
    read_download,
    settle,
    sidebar,
    tick,
    wait_idle,
    wait_ready,
)

BUDGET = 900  # seconds: four browser sessions on a loaded 2-core machine
VIEWPORT = {"width": 1280, "height": 720}
CLASS_NAME = "Master ESS « groupe B »"
PRIVATE = ("Chargée de mission", "Rencontrée au forum ESS")  # the example's private fields
ANSWERS = {
    "alice": "Réponse d’Alice : l’emploi local réunit ces acteurs autour d’un même enjeu.",
    "bob": "Réponse de Bob : chacun apporte son réseau et son expertise au territoire.",
    "carol": "Réponse de Carol qu’elle ne partage pas avec la classe, jamais.",
}
ADDED = {"alice": "Fondation Alice", "bob": "Incubateur Bob", "carol": "PTCE Carol"}


def local(url: str, base_url: str) -> str:
    """A link shown by the app, on this test's server."""
    parts = urlsplit(url)
    return base_url.rstrip("/") + parts.path + ("?" + parts.query if parts.query else "")


def shown_link(page, marker: str) -> str:
    code = page.locator("code", has_text=marker).first
    code.wait_for(timeout=STEP_TIMEOUT)
    return re.search(r"https?://\S+", code.inner_text()).group(0)


def create_class(page, base_url: str) -> tuple[str, str]:
    load(page, base_url)
    go_to(page, "Classe", heading="Espace classe")
    form = page.locator('[data-testid="stForm"]').filter(has_text="Nom de la classe")
    form.get_by_label("Nom de la classe").fill(CLASS_NAME)
    form.get_by_label("Territoire (facultatif)").fill("Val-de-Marne")
    form.get_by_role("button", name="Créer la classe").click()
    settle(page)
    page.get_by_text("Gardez ce lien").wait_for(timeout=STEP_TIMEOUT)
    return shown_link(page, "?classe="), shown_link(page, "?formateur=")


def qr_encodes(page, url: str) -> None:
    """The QR picture shown is segno's PNG of exactly this URL (the app's own drawing)."""
    from components.classroom import QR_SCALE
    from components.sharing import qr_png

    img = page.get_by_role("img", name="Code QR du lien pour rejoindre la classe").first
    src = img.get_attribute("src")
    assert src.startswith("data:image/png;base64,")
    assert base64.b64decode(src.split(",", 1)[1]) == qr_png(url, scale=QR_SCALE)
    box = img.bounding_box()
    assert box["width"] >= 300  # big enough to scan from the back of a room


def place_actor_and_answer(page, who: str) -> None:
    """On the open carnet: click the map to add an actor, then write the vision answer."""
    go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
    frame = page.wait_for_selector(MAP_FRAME, timeout=STEP_TIMEOUT).content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=STEP_TIMEOUT)
    box = frame.locator("#map_div").bounding_box()
    offset = {"alice": (60, 30), "bob": (-70, 40), "carol": (20, -60)}[who]
    frame.locator("#map_div").click(
        position={"x": box["width"] / 2 + offset[0], "y": box["height"] / 2 + offset[1]}
    )
    form = page.locator('[data-testid="stForm"]').filter(has_text="Ajouter cet acteur ici")
    form.wait_for(timeout=STEP_TIMEOUT)
    form.get_by_label("Nom").fill(ADDED[who])
    form.get_by_label("Catégorie").click()
    page.keyboard.type("PTCE")
    page.keyboard.press("Enter")
    form.get_by_role("button", name="Ajouter cet acteur ici").click()
    page.get_by_text(f"« {ADDED[who]} » ajouté à votre carte.").wait_for(timeout=STEP_TIMEOUT)
    wait_ready(page)
    go_to(page, NAV["analyse"], heading="Analyse de l’alliance")
    open_tab(page, "3. Les trois questions")
    answer = page.get_by_label("Votre réponse sur la vision")
    answer.fill(ANSWERS[who])
    answer.press("Tab")  # saved when the field is left
    settle(page)
    no_exception(page, f"{who}: analyse")


def open_join_section(page, title: str = "Rejoindre une classe", label: str = "Code de la classe"):
    """Accueil's « Rejoindre une classe » is folded: opened, its code form is drawn."""
    page.get_by_text(title, exact=True).click()
    page.get_by_role("textbox", name=label).wait_for()
    wait_idle(page)


def choose_families(page, families: tuple[str, ...], name: str = "") -> None:
    labels = {
        "progress": "Ma progression dans les étapes",
        "actors": "Les champs publics de mes acteurs",
        "alliance": "L’alliance que j’ai choisie",
        "answers": "Mes réponses aux trois questions",
        "name": "Mon nom (sinon un pseudonyme)",
    }
    for box in labels.values():  # five separate choices, all off by default
        assert not page.get_by_role("checkbox", name=box).is_checked()
    for family in families:
        tick(page, labels[family])
    if name:
        field = page.get_by_role("textbox", name="Nom affiché")
        field.fill(name)
        field.press("Tab")
        settle(page)


def join(page) -> None:
    page.get_by_role("button", name="Rejoindre la classe").click()
    page.get_by_text(re.compile(r"Vous avez rejoint la classe")).wait_for(timeout=STEP_TIMEOUT)
    wait_idle(page)


def board_text(board) -> str:
    """The board's whole document and its map's document, as the browser has them."""
    frame = board.wait_for_selector(MAP_FRAME, timeout=STEP_TIMEOUT).content_frame()
    return board.content() + frame.content()


_CLUSTERED = """() => {
  // The points inside the map's marker-cluster groups (clusters hide them from eachLayer).
  const maps = new Set(), groups = new Set(), points = [];
  for (const key of Object.keys(window)) {
    let map; try { map = window[key]; } catch (e) { continue; }
    if (map && window.L && map instanceof window.L.Map) maps.add(map);
  }
  for (const map of maps) map.eachLayer(layer => {
    if (window.L.MarkerClusterGroup && layer instanceof window.L.MarkerClusterGroup) {
      groups.add(layer);
    }
  });
  for (const group of groups) for (const point of group.getLayers()) {
    const p = point.feature && point.feature.properties;
    if (p) points.push(p.n + '|' + p.k);
  }
  return points;
}"""


def map_points(board) -> list[str]:
    frame = board.wait_for_selector(MAP_FRAME, timeout=STEP_TIMEOUT).content_frame()
    frame.wait_for_selector(".leaflet-container", timeout=STEP_TIMEOUT)
    return frame.evaluate(_CLUSTERED)


def wait_board(board, predicate, what: str, timeout: int = 60_000) -> None:
    """Wait (the board refreshes itself every few seconds) until ``predicate(text)``."""
    deadline = board.evaluate("performance.now()") + timeout
    while True:
        text = board_text(board)
        if predicate(text):
            return
        if board.evaluate("performance.now()") > deadline:
            raise AssertionError(f"the board never showed: {what}")
        board.wait_for_timeout(1_000)


def test_a_class_from_creation_to_projection_and_exports(chromium, app_url, request):
    contexts = []

    def new_tab():
        context = chromium.new_context(viewport=VIEWPORT, locale="fr-FR", accept_downloads=True)
        context.set_default_timeout(STEP_TIMEOUT)
        contexts.append(context)
        return context.new_page()

    shots = FailureShots(request)
    try:
        trainer = new_tab()
        join_url, board_url = create_class(trainer, app_url)
        qr_encodes(trainer, join_url)
        code = urlsplit(join_url).query.split("=", 1)[1]

        # Alice: her carnet (the example) is open in her browser; she scans the QR code
        # (its link opens the join screen), opens her carnet with its private link, joins.
        alice = new_tab()
        alice_link = open_example(alice, app_url)
        load(alice, local(join_url, app_url))
        alice.get_by_role("heading", name=re.compile("Rejoindre la classe")).wait_for()
        assert alice.get_by_text(CLASS_NAME).first.is_visible()
        alice.get_by_role("link", name=re.compile("Vous avez déjà un carnet")).click()
        wait_ready(alice)
        form = alice.locator('[data-testid="stForm"]').filter(has_text="Lien privé de votre carnet")
        form.get_by_role("textbox").fill(alice_link)
        form.get_by_role("button", name="Reprendre").click()
        alice.get_by_text("Votre carnet est ouvert").wait_for()
        go_to(alice, "Classe", heading=re.compile("Rejoindre la classe"))
        choose_families(alice, ("progress", "actors", "alliance", "answers", "name"), "Alice")
        join(alice)
        assert "Dans la classe" in sidebar(alice).inner_text()
        place_actor_and_answer(alice, "alice")

        # Bob types the code on Accueil, with his open carnet; no name, shares his answers.
        bob = new_tab()
        open_example(bob, app_url)
        open_join_section(bob)
        box = bob.locator('[data-testid="stForm"]').filter(has_text="Code de la classe")
        box.get_by_role("textbox", name="Code de la classe").fill(
            code[:3].lower() + "-" + code[3:].lower()
        )
        box.get_by_role("button", name="Trouver la classe").click()
        bob.get_by_role("heading", name=re.compile("Rejoindre la classe")).wait_for()
        wait_idle(bob)
        choose_families(bob, ("progress", "actors", "answers"))
        join(bob)
        place_actor_and_answer(bob, "bob")

        # Carol: a pseudonym, shares her progress and actors, declines to share her answers.
        carol = new_tab()
        open_example(carol, app_url)
        open_join_section(carol)
        box = carol.locator('[data-testid="stForm"]').filter(has_text="Code de la classe")
        box.get_by_role("textbox", name="Code de la classe").fill(code)
        box.get_by_role("button", name="Trouver la classe").click()
        carol.get_by_role("heading", name=re.compile("Rejoindre la classe")).wait_for()
        wait_idle(carol)
        choose_families(carol, ("progress", "actors"))
        join(carol)
        place_actor_and_answer(carol, "carol")

        # The board: three learners, their actors on the map, two answers only.
        board = new_tab()
        load(board, local(board_url, app_url))
        board.get_by_role("heading", name=re.compile("Tableau de classe")).wait_for()
        board.get_by_role("heading", name=re.compile(r"Apprenants\s*:\s*3")).wait_for()
        wait_board(
            board,
            lambda text: ANSWERS["alice"] in text and ANSWERS["bob"] in text,
            "the answers of Alice and Bob",
        )
        text = board_text(board)
        assert ANSWERS["carol"] not in text
        for private in PRIVATE:
            assert private not in text
        points = map_points(board)
        for who in ("alice", "bob", "carol"):
            assert any(p.startswith(ADDED[who] + "|") for p in points), (who, points)
        # each learner: the worked example's placed actors and the one they added
        placed = sum(1 for a in example_carnet("fr").actors if a.lat is not None)
        assert len(points) == 3 * (placed + 1)
        numbers = sorted(int(p.rsplit("|", 1)[1]) for p in points)
        assert len(set(numbers)) == len(numbers)  # numbered, like the table
        no_exception(board, "board")

        # The map's document must live through the refreshes (no remount, no flicker): mark it.
        frame = board.wait_for_selector(MAP_FRAME, timeout=STEP_TIMEOUT).content_frame()
        frame.evaluate("() => { window.__mounted_once = true; }")

        # Bob leaves: he is gone from the board at its next refresh, without a reload.
        go_to(bob, "Classe", heading="Espace classe")
        tick(bob, "Je veux quitter cette classe")
        bob.get_by_role("button", name="Quitter la classe").click()
        bob.get_by_text("Vous avez quitté la classe").wait_for()
        wait_board(board, lambda text: ANSWERS["bob"] not in text, "Bob gone")
        board.get_by_role("heading", name=re.compile(r"Apprenants\s*:\s*2")).wait_for()
        assert not any(p.startswith(ADDED["bob"] + "|") for p in map_points(board))
        # Same map document: Bob's points went as a layer update, the base map stayed.
        assert frame.evaluate("() => window.__mounted_once === true")

        # Projection of Alice's answer at 1280×720.
        card = board.locator('[class*="st-key-class_answer_"]').filter(has_text=ANSWERS["alice"])
        card.get_by_role("button", name="Projeter cette réponse").first.click()
        spot = board.locator(".class-spotlight")
        spot.wait_for(timeout=STEP_TIMEOUT)
        assert ANSWERS["alice"] in spot.inner_text() and "Alice" in spot.inner_text()
        size = spot.locator("p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 36, size  # very large type
        shape = spot.bounding_box()
        assert shape["width"] <= 1280 and spot.locator("p").first.is_visible()
        board.get_by_role("button", name="Revenir au tableau").click()
        board.get_by_role("heading", name=re.compile("Tableau de classe")).wait_for()
        wait_idle(board)

        # Exports: only what was shared.
        board.get_by_text("Gérer la classe").click()
        files = {}
        for label in (
            "Progression (CSV)",
            "Carte de la classe (GeoJSON, uMap)",
            "Rapport de classe (HTML imprimable)",
        ):
            files[label] = read_download(download(board, label)).decode("utf-8-sig")
        for label, content in files.items():
            assert ANSWERS["carol"] not in content, label
            assert ANSWERS["bob"] not in content and ADDED["bob"] not in content, label
            for private in PRIVATE:
                assert private not in content, label
        rows = list(csv.reader(io.StringIO(files["Progression (CSV)"]), delimiter=";"))
        assert rows[0][0] == "apprenant" and [r[0] for r in rows[1:]][0] == "Alice"
        assert len(rows) == 3
        geo = json.loads(files["Carte de la classe (GeoJSON, uMap)"])
        names = {f["properties"]["name"] for f in geo["features"]}
        assert {ADDED["alice"], ADDED["carol"]} <= names
        assert len(geo["features"]) == 2 * (placed + 1)  # Alice and Carol (Bob left)
        assert ANSWERS["alice"] in files["Rapport de classe (HTML imprimable)"]
    finally:
        for context in contexts:
            shots.take(*context.pages)
        for context in contexts:
            context.close()


# --------------------------------------------------------------------------- accessibility


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_class_pages_pass_axe(chromium, app_url, lang):
    from tests.e2e.test_accessibility import AXE, Audit, assert_no_serious, audit_page

    if not AXE.exists():
        pytest.skip(f"axe-core is not installed ({AXE} missing): npm ci --prefix tests/e2e")
    context = chromium.new_context(
        viewport={"width": 1280, "height": 4000}, locale="fr-FR" if lang == "fr" else "en-GB"
    )
    context.set_default_timeout(STEP_TIMEOUT)
    page = context.new_page()
    audit = Audit()
    try:
        # From the root (a page path typed in the address bar gets Streamlit's « Page not
        # found » notice on the first load, whatever the page), then the sidebar.
        load(page, f"{app_url}/?lang={lang}")
        if lang == "fr":
            open_join_section(page)
        else:
            open_join_section(page, "Join a class", "Class code")
        audit_page(page, f"accueil, « Rejoindre une classe » ({lang})", audit)
        go_to(page, "Classe" if lang == "fr" else "Class")
        page.locator('[data-testid="stForm"]').last.wait_for()
        wait_idle(page)
        audit_page(page, f"classe ({lang})", audit)
        form = page.locator('[data-testid="stForm"]').last  # « Créer une classe »
        form.get_by_role("textbox").first.fill("Classe axe")
        form.get_by_role("button").last.click()
        settle(page)
        page.locator("code", has_text="?formateur=").first.wait_for()
        audit_page(page, f"classe, créée ({lang})", audit)
        join_url = local(shown_link(page, "?classe="), app_url)
        board_url = local(shown_link(page, "?formateur="), app_url)
        load(page, join_url + f"&lang={lang}")
        audit_page(page, f"rejoindre ({lang})", audit)
        load(page, board_url + f"&lang={lang}")
        page.locator(MAP_FRAME).first.wait_for()
        audit_page(page, f"tableau ({lang})", audit)
    finally:
        context.close()
    assert_no_serious(audit)


# ------------------------------------------------------------------------- hostile learners


def test_hostile_learner_text_on_the_board_runs_nothing(chromium, app_url, app_database):
    """Every payload of the hostile corpus as a learner's name, actor, alliance and answer,
    shared with a class (written through the services into this server's database); the
    board in Chromium: no dialog, no page error from a payload, ``window.__pwned`` false in
    the page and in the map's frame, and the payloads shown as text."""
    from domain.classroom import FAMILIES, Consents
    from domain.models import Actor, Alliance, Answers, Carnet
    from services.classes import ClassService
    from services.stores import Stores
    from tests.corpus import hostile_strings
    from tests.e2e.helpers import ScriptWatch

    service = ClassService(Stores.connect(f"sqlite:///{app_database}"))
    created = service.create_class("Classe hostile")
    shown = 0
    for index, payload in enumerate(p for p in hostile_strings() if p.strip()):
        text = payload[:140]
        try:
            carnet = Carnet(
                actors=[
                    Actor(
                        name=text,
                        category="cress",
                        commune=text[:100],
                        lat=44.9 + index / 1000,
                        lon=4.9,
                    )
                ],
                alliance=Alliance(name=text),
                answers=Answers(vision=text),
            )
        except ValueError:
            continue  # refused at the door: nothing to show
        token = service.stores.carnets.create(carnet).token
        name = text[:80].strip() or "x"
        service.join(
            created.info.code, token, Consents.of(FAMILIES), learner_name=name, client=f"h{index}"
        )
        shown += 1
    assert shown > 20
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT)
    watch = ScriptWatch().attach(context)
    page = context.new_page()
    try:
        board_url = f"{app_url}/?formateur={created.trainer_token}"
        load(page, board_url)
        page.get_by_role("heading", name=re.compile(rf"Apprenants\s*:\s*{shown}")).wait_for()
        frame = page.wait_for_selector(MAP_FRAME, timeout=STEP_TIMEOUT).content_frame()
        frame.wait_for_selector(".leaflet-container", timeout=STEP_TIMEOUT)
        assert len(map_points(page)) == shown
        page.wait_for_timeout(5_000)  # a live refresh happens meanwhile
        wait_idle(page)
        no_exception(page, "hostile board")
        assert watch.check(page, "hostile board") >= 2  # the page and the map's frame
        assert page.get_by_text("<script>alert(1)</script>").count() >= 1  # shown as text
        watch.assert_clean()
    finally:
        context.close()
