"""« Synthèse » in Chromium: the forum post and the files are folded sections whose content
the server draws only when they are opened (issue 17, page speed). Closed, the page holds their
label and nothing of their content; opened with the mouse or the keyboard, their content comes;
the PDF is made on request (« Préparer le PDF ») and downloaded, and stays made when the
section is closed and opened again (made once per version of the carnet)."""

from __future__ import annotations

import re

from tests.e2e.helpers import (
    DOWNLOADS_SECTION,
    FORUM_SECTION,
    NAV,
    download,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    no_exception,
    open_example,
    open_section,
    read_download,
    settle,
)

BUDGET = 240  # seconds (hard limit, see helpers.hard_timeout)
VIEWPORT = {"width": 1280, "height": 2400}


def _section(page, label: str):
    return (
        page.locator('[data-testid="stExpander"]')
        .filter(has=page.locator("summary", has_text=label))
        .first
    )


def test_folded_sections_draw_on_demand_and_the_pdf_downloads(page, app_url):
    open_example(page, app_url)
    go_to(page, NAV["synthese"], heading="Synthèse")
    main = page.locator('[data-testid="stMain"]')
    # Closed: the labels say what is inside; none of the content is on the page.
    for label in (FORUM_SECTION, DOWNLOADS_SECTION):
        assert _section(page, label).count() == 1, label
    assert main.locator('[data-testid="stCode"]').count() == 0  # no forum post, no share link
    assert page.get_by_role("button", name="Préparer le PDF").count() == 0
    assert page.get_by_role("button", name="Markdown (.md)").count() == 0
    # The share link is not folded.
    assert page.get_by_role("button", name="Créer un lien de partage").count() == 1

    # The forum post, opened with the mouse: the text to paste, both versions.
    open_section(page, FORUM_SECTION)
    post = _section(page, FORUM_SECTION).locator('[data-testid="stCode"]').first
    post.wait_for()
    assert "Bonjour" in post.inner_text()
    assert page.get_by_role("tab", name="Markdown").count() == 1

    # The files, opened with the keyboard (Tab to its label, Enter), then the PDF made and
    # downloaded, with the keyboard too.
    dl = download(page, "PDF", keyboard=True)
    assert dl.suggested_filename == "carnet-alliances.pdf"
    assert read_download(dl).startswith(b"%PDF")
    files = _section(page, DOWNLOADS_SECTION)
    assert files.get_by_role("button", name="Carnet complet (JSON)").count() == 1

    # Closed and opened again: nothing drawn while closed; the PDF is still made.
    files.locator("summary").first.click()
    settle(page)
    assert page.get_by_role("button", name="PDF", exact=True).count() == 0
    open_section(page, DOWNLOADS_SECTION)
    page.get_by_role("button", name="PDF", exact=True).wait_for()
    assert page.get_by_role("button", name="Préparer le PDF").count() == 0
    assert re.search(r"PDF", files.inner_text())
    no_exception(page, "Synthèse")
