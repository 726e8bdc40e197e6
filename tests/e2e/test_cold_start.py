"""A deep link as the very first request a freshly started server serves (issue 14).

Streamlit 1.67 runs a new process's first script run through its legacy navigation when a
``pages/`` folder sits beside ``app.py`` (``PagesManager.uses_pages_directory``): a deep link
such as ``/projet`` opened first showed « Page not found » over the home page. The pages now
live in ``app_pages/`` (``tests/unit/test_layers.py`` keeps a ``pages/`` folder out). Each
test starts its own server, so that its deep link is the first page that server ever serves.
"""

from __future__ import annotations

import pytest

from adapters.storage.carnets import CarnetStore
from domain.models import Carnet, Project
from tests.e2e.helpers import (
    APP,
    STEP_TIMEOUT,
    app_env,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    wait_idle,
)
from tests.e2e.server import StreamlitServer

BUDGET = 240  # seconds per test: a server start on a loaded machine, then one page

PAGES = {
    "projet": "Mon projet",
    "acteurs": "Acteurs du territoire",
}


@pytest.fixture
def fresh_server(tmp_path):
    """A new server on a database holding one carnet: (server, the carnet's private token)."""
    database = tmp_path / "carnets.sqlite3"
    store = CarnetStore(f"sqlite:///{database}")
    token = store.create(Carnet(project=Project(name="Recyclerie du quartier"))).token
    store.engine.dispose()
    server = StreamlitServer(APP, app_env(database), tmp_path / "server.log")
    try:
        yield server.wait_healthy(), token
    finally:
        server.stop()


@pytest.mark.parametrize("url_path", sorted(PAGES))
def test_the_first_request_of_a_new_server_opens_its_deep_link(chromium, fresh_server, url_path):
    server, token = fresh_server
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{url_path}?carnet={token}")
        page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=STEP_TIMEOUT * 2)
        wait_idle(page, timeout=STEP_TIMEOUT * 2)
        page.wait_for_timeout(1_000)  # the notice, when it comes, comes with the first run
        body = page.locator("body").inner_text()
        assert "Page not found" not in body
        assert page.get_by_role("dialog").count() == 0
        heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
        assert heading.strip() == PAGES[url_path]
        assert f"/{url_path}?" in page.url
        assert "Aucun carnet" not in body  # the carnet of the link is open
    finally:
        context.close()
