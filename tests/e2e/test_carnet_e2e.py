"""The carnet through the real UI in Chromium: typed text, a chosen alliance, an answer and the
share link all survive a page reload / a fresh browser, with the app as the only server."""

from __future__ import annotations

import re


def wait_ready(page):
    page.wait_for_load_state("networkidle")
    page.locator('[data-testid="stApp"]').wait_for()
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


def start_carnet(page, app_url) -> str:
    page.goto(app_url)
    page.get_by_role("button", name="Nouveau carnet").click()
    page.wait_for_url(re.compile(r"carnet="), timeout=30_000)
    page.get_by_text("Votre carnet est ouvert").wait_for()
    return page.url


def go_to(page, link_text):
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=re.compile(link_text)).click()
    wait_ready(page)


def test_typed_text_survives_a_reload(new_page, app_url):
    page = new_page
    start_carnet(page, app_url)
    go_to(page, "Mon projet")
    name = page.get_by_label("Nom du projet")
    name.fill("Épicerie « Le Panier » – 5 000 €")
    name.press("Tab")  # leaving the field saves it
    page.wait_for_timeout(1_000)
    wait_ready(page)
    assert "carnet=" in page.url
    page.reload()
    wait_ready(page)
    page.get_by_label("Nom du projet").wait_for()
    assert page.get_by_label("Nom du projet").input_value() == "Épicerie « Le Panier » – 5 000 €"


def test_alliance_and_answer_survive_a_reload(new_page, app_url):
    page = new_page
    start_carnet(page, app_url)
    go_to(page, "Alliance exemple")
    page.get_by_label("Rechercher").fill("Pipriac")
    page.get_by_label("Rechercher").press("Enter")
    wait_ready(page)
    page.get_by_role("button", name="Choisir cette alliance").first.click()
    page.get_by_text(re.compile("Alliance choisie")).first.wait_for()
    go_to(page, "Analyse")
    answer = page.get_by_label("Votre réponse sur la vision")
    text = "Les acteurs de Pipriac se sont réunis autour de l’emploi : personne n’est inemployable."
    answer.fill(text)
    answer.press("Tab")
    page.wait_for_timeout(1_000)
    wait_ready(page)
    page.reload()
    wait_ready(page)
    page.get_by_label("Votre réponse sur la vision").wait_for()
    assert page.get_by_label("Votre réponse sur la vision").input_value() == text
    assert page.get_by_text(re.compile("Territoires zéro chômeur")).first.is_visible()


def test_share_link_opens_read_only_in_a_fresh_browser(chromium, new_page, app_url):
    page = new_page
    page.goto(app_url)
    page.get_by_role("button", name="Ouvrir le carnet exemple").click()
    page.wait_for_url(re.compile(r"carnet="), timeout=30_000)
    go_to(page, "Synthèse")
    page.get_by_role("button", name="Créer un lien de partage").click()
    link = page.locator("code", has_text="?share=").first
    link.wait_for(timeout=30_000)
    share_url = re.search(r"http\S+\?share=[\w-]+", link.inner_text()).group(0)
    share_url = share_url.replace("http://localhost:8501/", app_url + "/")

    stranger = chromium.new_context(locale="fr-FR")
    try:
        view = stranger.new_page()
        view.goto(share_url)
        view.get_by_text("Carnet partagé (lecture seule)").wait_for(timeout=30_000)
        view.get_by_text("Les trois questions").wait_for()
        wait_ready(view)
        assert view.locator("input, textarea").count() == 0
        assert view.get_by_role("button").filter(has_text=re.compile(r"\w")).count() == 0
        assert view.locator('[data-testid="stSidebar"]').count() == 0
        assert "Chargée de mission" not in view.content()  # the example's private contact
    finally:
        stranger.close()
