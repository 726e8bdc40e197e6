"""« Parties prenantes » in Chromium with the keyboard only (Tab, arrow keys, Enter): a
stakeholder is added, then placed on the power / interest grid with the two select sliders of
the position form, and the table (the grid's alternative) shows its new quadrant."""

from __future__ import annotations

from tests.e2e.helpers import (
    focused,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    kb_activate,
    kb_go_to,
    kb_start_carnet,
    kb_type,
    no_exception,
    settle,
    tab_to_name,
    wait_idle,
)

BUDGET = 240  # seconds (hard limit): generous, the box is shared
VIEWPORT = {"width": 1280, "height": 2400}  # the grid, the table and both forms in view

POWER = "Pouvoir d’influence sur le projet"
INTEREST = "Intérêt pour le projet"


def focused_value(page) -> str:
    """What the focused slider announces (its value text, else its value)."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e && (e.getAttribute('aria-valuetext') || e.value)) || ''; }"
    )


def table_text(page) -> str:
    """The cells of the stakeholders table (the grid's alternative), as the data grid exposes
    them to assistive technology (``role="gridcell"``)."""
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.locator('[role="gridcell"]').first.wait_for(state="attached")
    return " | ".join(grid.locator('[role="gridcell"]').all_inner_texts())


def test_a_stakeholder_is_placed_on_the_grid_with_the_keyboard(page, app_url):
    kb_start_carnet(page, app_url)
    kb_go_to(page, "Parties prenantes", heading="Parties prenantes de votre projet")

    # Add « Mairie »: its name, then Enter submits the form (family and levels by default).
    tab_to_name(page, "Nom de la partie prenante", tag="INPUT", max_presses=120)
    kb_type(page, "Mairie")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_text("« Mairie » ajoutée à la grille.").wait_for()
    wait_idle(page)
    assert "À surveiller" in table_text(page)  # power 2, interest 2 by default

    # The position form of the edit panel: two sliders, moved with the arrow keys.
    tab_to_name(page, "Partie prenante", role="combobox", max_presses=120)
    tab_to_name(page, POWER, tag="INPUT", max_presses=15)
    before = focused_value(page)
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    assert focused_value(page) != before, "the arrow keys move the power slider"
    tab_to_name(page, INTEREST, tag="INPUT", max_presses=3)
    assert focused(page).name == INTEREST, focused(page)
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    kb_activate(page, "Placer sur la grille", max_presses=5)
    settle(page)
    page.get_by_text("« Mairie » placée : Acteurs clés.").wait_for()
    wait_idle(page)

    text = table_text(page)
    assert "Mairie" in text and "Acteurs clés" in text, text
    assert "À surveiller" not in text, text
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 1
    no_exception(page, "Parties prenantes")
