"""Browser tests: a real `streamlit run` server and Debian's Chromium (Playwright, sync API).

Fixtures for every e2e test:

- ``streamlit_server(app_path, env=None) -> str``: starts ``streamlit run app_path`` on a free
  port (``tests.e2e.server.StreamlitServer``), waits for ``/_stcore/health`` and returns the
  base URL. Servers are shared for the whole session per (app, env) and stopped at the end;
  ``streamlit_server.log_of(url)`` is what a server has printed so far.
- ``chromium``: one browser for the session, launched from /usr/bin/chromium with the flags
  this machine needs (Playwright cannot download its own browser here). Tests are skipped,
  with the reason, when that browser is missing.
- ``new_page``: a fresh context and page from ``chromium``; closed after the test.
- ``app_url``: the app on a SQLite file of the test module's own (``app_database``);
  ``page``: a French context of the module's ``VIEWPORT`` with screenshots on failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, StreamlitServer


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory) -> Iterator[Callable[..., str]]:
    """Factory: ``streamlit_server(app_path, env={...}) -> base URL`` (shared per app+env)."""
    servers: dict[tuple[str, tuple[tuple[str, str], ...]], StreamlitServer] = {}
    logs = tmp_path_factory.mktemp("streamlit-logs")

    def start(app_path: str | Path, env: Mapping[str, str] | None = None) -> str:
        app_path = Path(app_path).resolve()
        env = dict(env or {})
        key = (str(app_path), tuple(sorted(env.items())))
        if key not in servers:
            server = StreamlitServer(app_path, env, logs / f"server-{len(servers)}.log")
            servers[key] = server.wait_healthy()
        return servers[key].url

    def log_of(url: str) -> str:
        """What the server at ``url`` has printed so far."""
        return next(server.log() for server in servers.values() if server.url == url)

    start.log_of = log_of
    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def app_database(tmp_path_factory, request) -> Path:
    """A SQLite file of this test module's own (its carnets do not meet another module's)."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    return tmp_path_factory.mktemp(name) / "carnets.sqlite3"


@pytest.fixture(scope="module")
def app_url(streamlit_server, app_database) -> str:
    """The app (``app.py``) on ``app_database``, tiles and online geocoder off."""
    from tests.e2e.helpers import APP, app_env

    return streamlit_server(APP, env=app_env(app_database))


@pytest.fixture
def page(chromium, request):
    """A fresh French context (the test module's ``VIEWPORT``, else 1280×900; Playwright's
    steps limited to ``STEP_TIMEOUT``) and its page; screenshots when the test fails."""
    from tests.e2e.helpers import STEP_TIMEOUT, FailureShots

    viewport = getattr(request.module, "VIEWPORT", {"width": 1280, "height": 900})
    context = chromium.new_context(viewport=viewport, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT)
    shots = FailureShots(request)
    page = context.new_page()
    yield page
    shots.take(*context.pages)
    context.close()
