"""« Supprimer mon carnet » in Chromium: from Accueil, after ticking the confirmation; the
private link then says the carnet was deleted; « Données personnelles » is in the navigation."""

from __future__ import annotations

import re

import pytest

from tests.e2e.helpers import (
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    settle,
    sidebar,
    start_carnet,
    tick,
)

BUDGET = 180


def test_delete_my_carnet_then_its_link_says_deleted(page, app_url):
    private_url = start_carnet(page, app_url)
    page.get_by_text("Supprimer mon carnet", exact=True).first.click()  # the expander
    delete = page.get_by_role("button", name="Supprimer mon carnet")
    delete.wait_for()
    assert delete.is_disabled()  # not before the confirmation
    tick(page, re.compile("Je comprends que mon carnet sera supprimé"))
    assert delete.is_enabled()
    delete.click()
    settle(page)
    page.get_by_text("Votre carnet a été supprimé.").wait_for()
    assert page.get_by_text("Votre carnet est ouvert").count() == 0

    load(page, private_url)  # the private link, later
    page.get_by_text("Ce carnet a été supprimé à la demande de son auteur.").wait_for()
    assert page.get_by_text("Ce lien ne correspond à aucun carnet").count() == 0


def test_the_personal_data_page_is_in_the_navigation(page, app_url):
    load(page, app_url)
    go_to(page, "Données personnelles", heading="Données personnelles")
    for heading in ("Ce qui est enregistré", "Où", "Qui le voit", "Combien de temps"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1
    assert page.get_by_text(re.compile("depuis 365 jours")).count() == 1


def test_the_personal_data_page_passes_axe_in_both_languages(page, app_url):
    """The accessibility test's own audit (axe-core, WCAG 2.1 AA), on this page."""
    from tests.e2e import test_accessibility as a11y

    if not a11y.AXE.exists():
        pytest.skip(f"axe-core is not installed ({a11y.AXE} missing): npm ci --prefix tests/e2e")
    load(page, app_url)
    audit = a11y.Audit()
    go_to(page, "Données personnelles", heading="Données personnelles")
    a11y.audit_page(page, "FR › Données personnelles", audit)
    sidebar(page).get_by_role("link", name="English").click()
    page.get_by_role("heading", name="Personal data").first.wait_for()
    settle(page)
    a11y.audit_page(page, "EN › Personal data", audit)
    a11y.check_alternatives_and_axe([], audit)
