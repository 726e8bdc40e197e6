"""Hostile strings in every text field, then every view and every export, in Chromium.

The strings are the shared corpus (``tests.corpus.hostile_strings()``): most payloads call
``alert``, a few set the sentinel ``window.__pwned = true``. They are spread over the text fields of every page — each field gets at least one
string, each string is typed somewhere, long ones where they are refused or cut — then:

- every page is opened again (and the read-only share view), the map's popups and tooltips
  are opened: no alert / confirm / prompt (``page.on("dialog")``), ``window.__pwned`` is still
  ``false`` in every page and frame (the map's iframe included), Streamlit shows no exception;
- every export is downloaded and opened in the browser: the HTML in a context where every
  request is refused (none may be attempted), Markdown / CSV / GeoJSON / JSON as text; the
  same checks, and no CSV cell starts with = + - @;
- no request leaves 127.0.0.1 (a Markdown image would be a tracking pixel).
"""

from __future__ import annotations

import re
import urllib.request
from dataclasses import dataclass

from domain.text import clean_text
from tests.corpus import hostile_strings
from tests.e2e.helpers import (
    DOWNLOADS,
    DOWNLOADS_SECTION,
    MAP_FRAME,
    NAV,
    STEP_TIMEOUT,
    FailureShots,
    NetworkLog,
    ScriptWatch,
    blocked_context,
    check_exports,
    choose_with_mouse,
    download,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    no_exception,
    open_section,
    open_tab,
    read_download,
    settle,
    share_link,
    sidebar,
    start_carnet,
    tick,
    wait_idle,
    wait_ready,
)

BUDGET = 300  # seconds (hard limit, see helpers.hard_timeout)

STRINGS = hostile_strings()  # some set the window.__pwned sentinel, others call alert
FORMULAS = [s for s in STRINGS if clean_text(s)[:1] in ("=", "+", "-", "@")]
LONG_A = next(s for s in STRINGS if len(s) >= 10_000 and set(s) == {"A"})
LONG_TAGS = next(s for s in STRINGS if len(s) > 10_000 and "<b>" in s)
REFUSED_URL = "javascript:alert(document.cookie)"
ACCEPTED_URL = "https://example.org/'onmouseover='alert(1)"
SOURCE_URL = 'https://example.org/"><img src=x onerror=alert(1)>'


@dataclass(frozen=True)
class TextField:
    key: str
    max_len: int
    required: bool = False  # a name: must not clean to nothing
    csv: bool = False  # exported as a CSV cell: starts with a formula string


# Every text field of every page, in the order they are filled.
FIELDS = [
    TextField("resume_link", 30_000),  # Accueil « Lien privé de votre carnet » (no limit)
    TextField("project_name", 150, required=True),
    TextField("project_description", 500),
    TextField("territory_search", 100),
    TextField("actor_a_name", 150, required=True, csv=True),
    TextField("actor_b_name", 150, required=True, csv=True),
    TextField("actor_c_name", 150, required=True, csv=True),
    TextField("actor_search", 200),
    TextField("click_name", 150, required=True, csv=True),
    TextField("click_commune", 150, csv=True),
    TextField("edit_name", 150, required=True, csv=True),
    TextField("edit_address", 300, csv=True),
    TextField("edit_commune", 150, csv=True),
    TextField("edit_contact", 150),
    TextField("edit_notes", 2_000),
    TextField("move_search", 200),
    TextField("alliance_search", 100),
    TextField("custom_name", 150, required=True),
    TextField("custom_place", 300),
    TextField("custom_description", 2_000),
    TextField("member_name", 150, required=True),
    TextField("member_role", 2_000),
    TextField("member_expertise", 2_000),
    TextField("member_interest", 2_000),
    TextField("answer_vision", 6_000),
    TextField("answer_expertise", 6_000),
    TextField("answer_interest", 6_000),
]
# Typed one after the other (each alone), not joined: the website and the alliance's source.
URL_FIELDS = {"edit_website": [REFUSED_URL, ACCEPTED_URL], "custom_source": [SOURCE_URL]}


def spread(strings: list[str]) -> dict[str, str]:
    """Field key → the text typed in it: every string somewhere, every field something.

    Formula strings lead the fields exported as CSV cells (one each), the 10,000-character
    string goes to an answer (cut by the field at 6,000, as for a learner), the 12,000-character
    one to the private-link field (which has no limit); the others are dealt round-robin into
    the fields with room left, joined with a space.
    """
    assigned: dict[str, list[str]] = {f.key: [] for f in FIELDS}
    room = {f.key: f.max_len for f in FIELDS}
    pinned = set(URL_FIELDS["edit_website"] + URL_FIELDS["custom_source"])

    def put(key: str, text: str) -> None:
        assigned[key].append(text)
        room[key] -= len(text) + 1

    csv_fields = [f.key for f in FIELDS if f.csv]
    assert len(FORMULAS) <= len(csv_fields), (FORMULAS, csv_fields)
    for key, formula in zip(csv_fields, FORMULAS):
        put(key, formula)
    put("answer_vision", LONG_A)
    put("resume_link", LONG_TAGS)
    pinned |= set(FORMULAS) | {LONG_A, LONG_TAGS}
    keys = [f.key for f in FIELDS]
    rest = [s for s in strings if s not in pinned]
    for index, text in enumerate(rest):
        for step in range(len(keys)):
            key = keys[(index + step) % len(keys)]
            if room[key] >= len(text) + 1 or (key == "answer_vision" and not assigned[key]):
                put(key, text)
                break
        else:
            raise AssertionError(f"no room for {text[:40]!r}")
    typed = {}
    for field in FIELDS:
        text = " ".join(assigned[field.key])[: field.max_len]
        if field.required and not clean_text(text):
            text = (text + " nom")[: field.max_len]
        typed[field.key] = text
    return typed


TYPED = spread(STRINGS)


def test_the_spread_types_every_string_and_fills_every_field():
    everything = "\n".join([*TYPED.values(), *(u for urls in URL_FIELDS.values() for u in urls)])
    missing = [s for s in STRINGS if s[:200] not in everything and s != LONG_A]
    assert missing == []
    assert LONG_A[:6_000] in TYPED["answer_vision"]
    assert all(TYPED[f.key] for f in FIELDS)
    for field in FIELDS:
        if field.csv:
            assert clean_text(TYPED[field.key])[:1] in "=+-@", field.key


# ---------------------------------------------------------------------------------- filling


def fill(page, locator, text: str, *, leave: bool = True) -> None:
    """Type a string into a field (``fill``: the whole string at once, as a paste), then
    leave the field (Tab) so that it is saved; wait for the save."""
    locator.fill(text)
    if leave:
        locator.press("Tab")
        settle(page)


def errors_shown(page) -> list[str]:
    return page.locator('[data-testid="stAlertContentError"]').all_inner_texts()


def add_actor_by_coordinates(page, name: str, category: str, lat: str, lon: str) -> None:
    panel = (
        page.locator('[data-testid="stVerticalBlock"]')
        .filter(has=page.get_by_role("button", name="Ajouter l’acteur"))
        .last
    )
    fill(page, panel.get_by_label("Nom", exact=True), name)
    choose_with_mouse(page, panel, "Catégorie", category)
    if not panel.get_by_role("radio", name="Saisir latitude et longitude").is_checked():
        panel.get_by_text("Saisir latitude et longitude", exact=True).click()
        settle(page)
    fill(page, panel.get_by_role("textbox", name="Latitude"), lat)
    fill(page, panel.get_by_role("textbox", name="Longitude"), lon)
    panel.get_by_role("button", name="Ajouter l’acteur").click()
    settle(page)
    page.get_by_text(re.compile(r"ajouté à votre carte\.")).first.wait_for()
    assert errors_shown(page) == [], errors_shown(page)


class Leaks:
    """Requests out of the machine, noted with the step after which they appeared."""

    def __init__(self, network: NetworkLog) -> None:
        self.network = network
        self.seen = 0
        self.found: list[str] = []

    def after(self, step: str) -> None:
        outside = self.network.outside()
        self.found += [f"after {step}: {url}" for url in outside[self.seen :]]
        self.seen = len(outside)


def fill_everything(page, leaks: Leaks) -> None:
    # Accueil: the private-link field (no carnet has that link: a clear error).
    resume = page.get_by_role("textbox", name="Lien privé de votre carnet", exact=True)
    resume.fill(TYPED["resume_link"])
    page.get_by_role("button", name="Reprendre").click()
    page.get_by_text("Ce lien ne correspond à aucun carnet").wait_for()
    wait_idle(page)
    assert "carnet=" in page.url  # the open carnet stays open
    leaks.after("Accueil › Lien privé de votre carnet")

    # Mon projet
    go_to(page, NAV["projet"], heading="Mon projet")
    fill(page, page.get_by_role("textbox", name="Nom du projet", exact=True), TYPED["project_name"])
    fill(
        page,
        page.get_by_role("textbox", name="Le projet en deux lignes", exact=True),
        TYPED["project_description"],
    )
    leaks.after("Mon projet › Nom du projet, Le projet en deux lignes")
    search = page.get_by_role(
        "textbox", name="Rechercher une commune ou un code postal", exact=True
    )
    search.fill("Romans-sur-Isère")
    search.press("Enter")
    settle(page)
    page.get_by_role("button", name="Choisir ce territoire").click()
    settle(page)
    search.fill(TYPED["territory_search"])
    search.press("Enter")
    settle(page)
    leaks.after("Mon projet › Rechercher une commune ou un code postal")
    assert errors_shown(page) == [], errors_shown(page)

    # Acteurs: three actors by coordinates, a search, one by a click on the map
    go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
    add_actor_by_coordinates(page, TYPED["actor_a_name"], "CRESS", "45.0500", "5.0000")
    add_actor_by_coordinates(page, TYPED["actor_b_name"], "PTCE", "45.0000", "5.1000")
    add_actor_by_coordinates(page, TYPED["actor_c_name"], "CCI", "45.1000", "5.1000")
    page.get_by_text("Chercher une adresse ou une commune", exact=True).click()
    settle(page)
    query = page.get_by_role("textbox", name="Adresse ou commune", exact=True)
    query.fill(TYPED["actor_search"])
    query.press("Enter")
    settle(page)
    leaks.after("Acteurs › Ajouter › Nom ×3, Adresse ou commune")
    frame = page.wait_for_selector(MAP_FRAME).content_frame()
    frame.wait_for_function("() => document.querySelectorAll('path.alliances-actor').length === 3")
    box = frame.locator("#map_div").bounding_box()
    frame.locator("#map_div").click(
        position={"x": box["width"] / 2 - 120, "y": box["height"] / 2 + 60}
    )
    form = page.locator('[data-testid="stForm"]').filter(has_text="Ajouter cet acteur ici")
    form.wait_for()
    form.get_by_role("textbox", name="Nom", exact=True).fill(TYPED["click_name"])
    form.get_by_role("textbox", name="Commune (facultatif)", exact=True).fill(
        TYPED["click_commune"]
    )
    choose_with_mouse(page, form, "Catégorie", "Incubateur social", in_form=True)
    form.get_by_role("button", name="Ajouter cet acteur ici").click()
    settle(page)
    page.get_by_text(re.compile(r"ajouté à votre carte\.")).first.wait_for()
    assert errors_shown(page) == [], errors_shown(page)
    leaks.after("Acteurs › clic sur la carte › Nom, Commune")

    # Modifier: the first actor's details (a refused website first, then an accepted one)
    page.get_by_text("Modifier, déplacer, suivre", exact=True).click()
    settle(page)
    details = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Enregistrer", exact=True)
    )
    details.get_by_role("textbox", name="Nom", exact=True).fill(TYPED["edit_name"])
    details.get_by_role("textbox", name="Adresse", exact=True).fill(TYPED["edit_address"])
    details.get_by_role("textbox", name="Commune", exact=True).fill(TYPED["edit_commune"])
    details.get_by_role("textbox", name="Personne contact (privé)", exact=True).fill(
        TYPED["edit_contact"]
    )
    details.get_by_role("textbox", name="Notes (privé)", exact=True).fill(TYPED["edit_notes"])
    details.get_by_role("textbox", name="Site web", exact=True).fill(REFUSED_URL)
    details.get_by_role("button", name="Enregistrer", exact=True).click()
    settle(page)
    refused = errors_shown(page)
    assert any("Site web" in e for e in refused), refused  # a clear message, nothing saved
    details = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Enregistrer", exact=True)
    )
    details.get_by_role("textbox", name="Site web", exact=True).fill(ACCEPTED_URL)
    details.get_by_role("button", name="Enregistrer", exact=True).click()
    settle(page)
    page.get_by_text(re.compile(r"» enregistré\.")).first.wait_for()
    page.get_by_role("tab", name="Position").click()
    wait_idle(page)
    move = page.get_by_role("textbox", name="Adresse ou commune", exact=True)
    move.fill(TYPED["move_search"])
    move.press("Enter")
    settle(page)
    tick(page, "Afficher mes notes privées")
    leaks.after("Acteurs › Modifier › Informations, Position")
    assert errors_shown(page) == [], errors_shown(page)

    # Alliance exemple: the catalogue search, then an alliance found elsewhere
    go_to(page, NAV["alliance"], heading="Choisir une alliance territoriale")
    catalogue = page.get_by_role("textbox", name="Rechercher", exact=True)
    catalogue.fill(TYPED["alliance_search"])
    catalogue.press("Enter")
    settle(page)
    leaks.after("Alliance exemple › Rechercher")
    page.get_by_role("tab", name="Une alliance trouvée ailleurs").click()
    custom = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Enregistrer cette alliance")
    )
    custom.get_by_role("textbox", name="Nom de l’alliance", exact=True).fill(TYPED["custom_name"])
    custom.get_by_role("textbox", name="Lieu (commune, territoire)", exact=True).fill(
        TYPED["custom_place"]
    )
    custom.get_by_role("textbox", name=re.compile("^Lien vers la source")).fill(SOURCE_URL)
    custom.get_by_role("textbox", name="Description en quelques lignes", exact=True).fill(
        TYPED["custom_description"]
    )
    custom.get_by_role("button", name="Enregistrer cette alliance").click()
    settle(page)
    page.get_by_text(re.compile("Alliance choisie")).first.wait_for()
    assert errors_shown(page) == [], errors_shown(page)
    leaks.after("Alliance exemple › Une alliance trouvée ailleurs")

    # Analyse: one member by the form, the three answers
    go_to(page, NAV["analyse"], heading="Analyse de l’alliance")
    open_tab(page, "Formulaire")
    member = page.locator('[data-testid="stForm"]').filter(
        has=page.get_by_role("button", name="Ajouter ce membre")
    )
    member.get_by_role("textbox", name="Nom", exact=True).fill(TYPED["member_name"])
    member.get_by_role("textbox", name="Rôle dans l’alliance", exact=True).fill(
        TYPED["member_role"]
    )
    member.get_by_role("textbox", name="Expertise apportée", exact=True).fill(
        TYPED["member_expertise"]
    )
    member.get_by_role("textbox", name="Intérêt à s’allier", exact=True).fill(
        TYPED["member_interest"]
    )
    member.get_by_role("button", name="Ajouter ce membre").click()
    settle(page)
    assert errors_shown(page) == [], errors_shown(page)
    open_tab(page, "3. Les trois questions")
    for label, key in (
        ("Votre réponse sur la vision", "answer_vision"),
        ("Votre réponse sur les expertises", "answer_expertise"),
        ("Votre réponse sur l’intérêt à s’allier", "answer_interest"),
    ):
        answer = page.get_by_label(label)
        fill(page, answer, TYPED[key])
        assert len(answer.input_value()) <= 6_000
    assert errors_shown(page) == [], errors_shown(page)
    leaks.after("Analyse › membre, trois réponses")


# ---------------------------------------------------------------------------------- checking


def check_view(page, watch: ScriptWatch, where: str) -> None:
    wait_idle(page)
    no_exception(page, where)
    for handle in page.query_selector_all(MAP_FRAME):
        frame = handle.content_frame()
        frame.wait_for_selector(".leaflet-container", timeout=STEP_TIMEOUT)
        open_every_point(frame)
    assert watch.check(page, where) >= 1
    watch.assert_clean()


def open_every_point(frame) -> None:
    """Hover (tooltip) and click (popup) every point of a map: the learner's strings are then
    HTML inside Leaflet's tooltip and popup."""
    points = frame.locator("path.alliances-actor")
    for index in range(points.count()):
        point = points.nth(index)
        point.dispatch_event("mouseover")
        point.dispatch_event("click")
    if points.count():
        frame.locator(".leaflet-popup-content").first.wait_for(timeout=STEP_TIMEOUT)
        assert (
            frame.locator(
                ".leaflet-popup-content img, .leaflet-tooltip img, "
                ".leaflet-popup-content script, .leaflet-popup-content svg"
            ).count()
            == 0
        )


_DANGEROUS = """() => {
  const bad = [];
  for (const e of document.querySelectorAll('script, iframe, img, object, embed, frame, base'))
    bad.push(e.outerHTML.slice(0, 120));
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.getAttributeNames()) {
      if (a.startsWith('on')) bad.push(`${e.tagName} ${a}=${e.getAttribute(a).slice(0, 60)}`);
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (!/^(https?:|mailto:|#)/i.test(a.getAttribute('href').trim()))
      bad.push(`a href=${a.getAttribute('href').slice(0, 80)}`);
  }
  return bad;
}"""


def serve_text(body: bytes):
    def handler(route) -> None:
        route.fulfill(status=200, body=body, headers={"Content-Type": "text/plain; charset=utf-8"})

    return handler


def check_exports_in_browser(browser, files: dict[str, bytes], watch: ScriptWatch) -> None:
    context, attempted = blocked_context(browser)
    watch.attach(context)
    try:
        view = context.new_page()
        view.set_content(files["carnet-alliances.html"].decode("utf-8"), wait_until="load")
        view.wait_for_load_state("networkidle")
        assert view.locator("h1").count() == 1
        assert view.evaluate(_DANGEROUS) == []
        watch.check(view, "export HTML")
        for name in (
            "carnet-alliances.md",
            "acteurs.csv",
            "acteurs.geojson",
            "carnet-alliances.json",
        ):
            text_view = context.new_page()
            url = f"http://127.0.0.1:9/exports/{name}"
            text_view.route(url, serve_text(files[name]))
            text_view.goto(url)
            assert text_view.locator("body").inner_text().strip()
            watch.check(text_view, f"export {name}")
            text_view.close()
        assert attempted == [], f"an export asked the network for {attempted}"
        watch.assert_clean()
    finally:
        context.close()


def check_csv(rows: list[list[str]]) -> None:
    cells = [cell for row in rows for cell in row]
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == [], f"CSV cells a spreadsheet would run: {dangerous}"
    names = {row[0] for row in rows[1:]}
    assert any(name.startswith("'=") for name in names), names  # neutralised, still there


def test_hostile_strings_everywhere_run_nothing(chromium, app_url, request):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 1600}, locale="fr-FR", accept_downloads=True
    )
    context.set_default_timeout(STEP_TIMEOUT)
    shots = FailureShots(request)
    network = NetworkLog().attach(context)
    watch = ScriptWatch().attach(context)
    try:
        page = context.new_page()
        start_carnet(page, app_url)
        leaks = Leaks(network)
        fill_everything(page, leaks)

        # Every page again, then the share view
        for page_id, heading in (
            ("accueil", None),
            ("projet", "Mon projet"),
            ("acteurs", "Acteurs du territoire"),
            ("alliance", "Choisir une alliance territoriale"),
            ("analyse", "Analyse de l’alliance"),
            ("synthese", "Synthèse"),
        ):
            go_to(page, NAV[page_id], heading=heading)
            check_view(page, watch, NAV[page_id])
            leaks.after(f"{NAV[page_id]} (ouverte à nouveau)")

        # Synthèse: every export, private fields included
        open_section(page, DOWNLOADS_SECTION)
        tick(page, re.compile("^Inclure mes contacts et notes privés"))
        files = {name: read_download(download(page, button)) for button, name in DOWNLOADS.items()}
        exports = check_exports(files)
        check_csv(exports.csv_rows())
        carnet = exports.json("carnet-alliances.json")
        assert carnet["project"]["name"] == clean_text(TYPED["project_name"])
        assert len(carnet["actors"]) == 4
        check_exports_in_browser(chromium, files, watch)

        page.get_by_role("button", name="Créer un lien de partage").click()
        settle(page)
        shared = context.new_page()
        load(shared, share_link(page, app_url))
        shared.get_by_text("Carnet partagé (lecture seule)").wait_for()
        wait_ready(shared)
        check_view(shared, watch, "Carnet partagé")
        assert shared.locator("input, textarea").count() == 0
        leaks.after("Carnet partagé")

        watch.assert_clean()
        assert watch.errors == [], watch.errors
        with urllib.request.urlopen(f"{app_url}/_stcore/health", timeout=5) as health:
            assert health.read().strip() == b"ok"  # the server is still up
        assert leaks.found == [], "requests left the machine:\n" + "\n".join(leaks.found)
        assert sidebar(page).is_visible()
    finally:
        shots.take(*context.pages)
        context.close()
