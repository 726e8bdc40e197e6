"""Focus order after an action, with the keyboard only (WCAG 2.4.3), in Chromium.

Four buttons go away (or turn disabled) in the rerun they trigger: « Choisir ce territoire »,
« Ajouter ces N acteur(s) », « Choisir cette alliance », « Créer un lien de partage ». The
browser would then drop the focus on <body>, and a keyboard or screen-reader user would start
again from the top of the page. ``components/focus.py`` moves it to what the action produced;
this test presses the buttons with the keyboard and checks ``document.activeElement``: the
confirmation (or the new link), never <body>; the next Tab goes on to the next control; and
the move happens once (a later rerun leaves the focus where the learner put it).
"""

from __future__ import annotations

import re

from tests.e2e.helpers import (
    NAV,
    focused,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    kb_activate,
    kb_choose_option,
    kb_go_to,
    kb_start_carnet,
    kb_type,
    no_exception,
    settle,
    tab_to_name,
    wait_idle,
)

BUDGET = 120  # seconds (hard limit, see helpers.hard_timeout); the test takes about 40 s

ACTORS_CSV = (
    "nom;catégorie;commune;code postal\n"
    "Pôle Sud Coop;PTCE;Romans-sur-Isère;26100\n"
    "Sans catégorie;;Valence;26000\n"
)

# Where the focus must land (the containers of components.focus.target, by their CSS class).
TERRITORY = ".st-key-focus_territory"
IMPORT_RESULT = ".st-key-focus_actors_import"
ALLIANCE = ".st-key-focus_alliance"
SHARE_LINK = '.st-key-focus_share_link [data-testid="stCode"]'

_FOCUS_IN = """(selector) => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const target = document.querySelector(selector);
  return target && (e === target || target.contains(e)) ? e.innerText : null;
}"""


def focus_lands_in(page, selector: str, step: str) -> str:
    """Wait (a few seconds at most) for the focus to be in ``selector``; its text."""
    settle(page)
    try:
        page.wait_for_function(_FOCUS_IN, arg=selector, timeout=5_000, polling=50)
    except Exception:  # noqa: BLE001, S110 - the failure below says where the focus is
        pass
    text = page.evaluate(_FOCUS_IN, selector)
    assert text is not None, f"{step}: the focus is on {focused(page)}, not in {selector}"
    return text


def test_focus_follows_the_four_actions(page, app_url, tmp_path):
    csv_file = tmp_path / "acteurs.csv"
    csv_file.write_text(ACTORS_CSV, encoding="utf-8")
    kb_start_carnet(page, app_url)

    # 1. « Mon projet » › « Choisir ce territoire »: the territory chosen has the focus.
    kb_go_to(page, NAV["projet"], heading="Mon projet")
    tab_to_name(page, "Rechercher une commune ou un code postal", tag="INPUT")
    kb_type(page, "Romans-sur-Isère")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("combobox", name="Communes trouvées").wait_for()
    wait_idle(page)
    tab_to_name(page, "Communes trouvées", role="combobox", max_presses=3)
    kb_choose_option(page, "Romans-sur-Isère (26100, Drôme)")
    kb_activate(page, "Choisir ce territoire", max_presses=3)
    text = focus_lands_in(page, TERRITORY, "Choisir ce territoire")
    assert "Romans-sur-Isère" in text and "26100" in text, text
    page.keyboard.press("Tab")  # and on from there: the search field, to choose another one
    assert focused(page).name == "Rechercher une commune ou un code postal", focused(page)

    # 2. « Acteurs du territoire » › « Ajouter ces 1 acteur(s) »: the result has the focus.
    kb_go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
    tab_to_name(page, "Ajouter", tag="INPUT", max_presses=100)  # the panel's radio group
    for _ in range(3):
        if focused(page).name == "Importer un fichier":
            break
        page.keyboard.press("ArrowDown")
        settle(page)
    assert focused(page).name == "Importer un fichier", focused(page)
    uploader = page.locator('[data-testid="stFileUploader"]').filter(
        has_text="Fichier CSV des acteurs"
    )
    uploader.wait_for()
    # The file itself comes through the system's file dialog, outside the page.
    uploader.locator('input[type="file"]').set_input_files(csv_file)
    settle(page)
    page.get_by_text("Détail ligne par ligne").wait_for()  # the reasons, in full, under the table
    assert page.get_by_text("Catégorie manquante").count() >= 1
    # backwards past the directory's suggestions (an « Ajouter » button each) and the map
    kb_activate(page, "Ajouter ces 1 acteur(s)", max_presses=150, backwards=True)
    text = focus_lands_in(page, IMPORT_RESULT, "Ajouter ces 1 acteur(s)")
    assert "1 acteur(s) importé(s)." in text, text

    # 3. « Alliance exemple » › « Choisir cette alliance »: « Alliance choisie », then the link.
    kb_go_to(page, NAV["alliance"], heading="Choisir une alliance territoriale")
    tab_to_name(page, "Rechercher", tag="INPUT")
    kb_type(page, "Pipriac")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_text(re.compile(r"^1 alliance\(s\) sur \d+$")).wait_for()
    wait_idle(page)
    kb_activate(page, "Choisir cette alliance", max_presses=80)
    text = focus_lands_in(page, ALLIANCE, "Choisir cette alliance")
    assert "Alliance choisie" in text, text
    page.keyboard.press("Tab")
    assert focused(page).is_(tag="A", name=re.compile(r"Étape suivante.*Analyse")), focused(page)

    # 4. « Synthèse » › « Créer un lien de partage »: the new link has the focus.
    kb_go_to(page, NAV["synthese"], heading="Synthèse")
    kb_activate(page, "Créer un lien de partage", max_presses=200)
    text = focus_lands_in(page, SHARE_LINK, "Créer un lien de partage")
    assert "?share=" in text, text

    # Once only: the learner moves on and a later rerun leaves the focus where it is.
    manage = re.compile("^Remplacer ou désactiver ce lien")
    tab_to_name(page, manage, tag="SUMMARY", max_presses=10)
    page.keyboard.press("Enter")  # opens the folded section: a rerun draws its content
    settle(page)
    page.wait_for_timeout(500)  # what a late focus script would need to steal the focus back
    assert focused(page).is_(tag="SUMMARY", name=manage), focused(page)
    tab_to_name(page, "Je veux désactiver ce lien", tag="INPUT", max_presses=10)
    page.keyboard.press("Space")  # ticks the box: a rerun
    settle(page)
    page.wait_for_timeout(500)
    assert focused(page).name == "Je veux désactiver ce lien", focused(page)
    assert page.locator("script[data-focus-move]").count() == 0
    no_exception(page, "Synthèse")


ALLIANCE_MORE = ".st-key-focus_alliance_more"


def test_focus_goes_to_the_first_card_that_afficher_shows(page, app_url):
    """« Alliance exemple » › « Afficher les N autres alliances »: the button goes, the focus
    lands on the first card it showed (its title read first), and Tab goes on to that card's
    « Choisir cette alliance »."""
    from components.alliances import FIRST_CARDS
    from domain.catalogue import load_alliances

    kb_start_carnet(page, app_url)  # no territory: the catalogue's own order
    kb_go_to(page, NAV["alliance"], heading="Choisir une alliance territoriale")
    page.get_by_role("button", name=re.compile(r"Afficher les \d+ autres alliances")).wait_for()
    wait_idle(page)
    kb_activate(page, re.compile(r"Afficher les \d+ autres alliances"), max_presses=120)
    text = focus_lands_in(page, ALLIANCE_MORE, "Afficher les N autres alliances")
    first_new = load_alliances()[FIRST_CARDS].display_name("fr")
    assert text.startswith(first_new), text
    assert load_alliances()[FIRST_CARDS - 1].display_name("fr") not in text  # that card only
    # (past the title's own anchor link, that Streamlit gives every heading)
    tab_to_name(page, "Choisir cette alliance", tag="BUTTON", max_presses=2)
    inside = page.evaluate(
        "(s) => document.querySelector(s).contains(document.activeElement)", ALLIANCE_MORE
    )
    assert inside, "the next Tab left the first card shown"
    no_exception(page, "Alliance exemple")
