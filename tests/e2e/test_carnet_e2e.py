"""The carnet through the real UI in Chromium: typed text, a chosen alliance, an answer and the
share link all survive a page reload / a fresh browser, with the app as the only server."""

from __future__ import annotations

import re

from tests.e2e.helpers import (
    NAV,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    open_example,
    open_tab,
    settle,
    share_link,
    start_carnet,
    wait_idle,
)

BUDGET = 120  # seconds, per test (hard limit, see helpers.hard_timeout)


def reload(page) -> None:
    page.reload()
    page.locator('[data-testid="stMain"] h1').first.wait_for()
    wait_idle(page)


def test_typed_text_survives_a_reload(page, app_url):
    start_carnet(page, app_url)
    go_to(page, NAV["projet"], heading="Mon projet")
    name = page.get_by_label("Nom du projet")
    name.fill("Épicerie « Le Panier » – 5 000 €")
    name.press("Tab")  # leaving the field saves it
    settle(page)
    assert "carnet=" in page.url
    reload(page)
    assert page.get_by_label("Nom du projet").input_value() == "Épicerie « Le Panier » – 5 000 €"


def test_alliance_and_answer_survive_a_reload(page, app_url):
    start_carnet(page, app_url)
    go_to(page, NAV["alliance"], heading="Choisir une alliance territoriale")
    page.get_by_label("Rechercher").fill("Pipriac")
    page.get_by_label("Rechercher").press("Enter")
    settle(page)
    page.get_by_role("button", name="Choisir cette alliance").first.click()
    page.get_by_text(re.compile("Alliance choisie")).first.wait_for()
    go_to(page, NAV["analyse"], heading="Analyse de l’alliance")
    open_tab(page, "3. Les trois questions")
    answer = page.get_by_label("Votre réponse sur la vision")
    text = "Les acteurs de Pipriac se sont réunis autour de l’emploi : personne n’est inemployable."
    answer.fill(text)
    answer.press("Tab")
    settle(page)
    reload(page)
    open_tab(page, "3. Les trois questions")  # a new session: the first tab is open again
    assert page.get_by_label("Votre réponse sur la vision").input_value() == text
    assert page.get_by_text(re.compile("Territoires zéro chômeur")).first.is_visible()


def test_share_link_opens_read_only_in_a_fresh_browser(chromium, page, app_url):
    open_example(page, app_url)
    go_to(page, NAV["synthese"], heading="Synthèse")
    page.get_by_role("button", name="Créer un lien de partage").click()
    url = share_link(page, app_url)

    stranger = chromium.new_context(locale="fr-FR")
    try:
        view = stranger.new_page()
        load(view, url)
        view.get_by_text("Carnet partagé (lecture seule)").wait_for()
        view.get_by_text("Les trois questions").wait_for()
        assert view.locator("input, textarea").count() == 0
        # no way to edit: the only buttons print the carnet, switch the language or start one's
        # own carnet
        buttons = view.get_by_role("button").filter(has_text=re.compile(r"\w")).all_inner_texts()
        allowed = (
            "Imprimer ou enregistrer en PDF",
            "Français",
            "English",
            "Commencer mon propre carnet",
        )
        # (a button's text may start with its icon's name)
        assert all(" ".join(b.split()).endswith(allowed) for b in buttons), buttons
        assert view.locator('[data-testid="stSidebar"]').count() == 0
        assert "Chargée de mission" not in view.content()  # the example's private contact
    finally:
        stranger.close()
