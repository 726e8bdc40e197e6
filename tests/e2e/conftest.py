"""Browser tests: a real `streamlit run` server and Debian's Chromium (Playwright, sync API).

Fixtures for every e2e test:

- ``streamlit_server(app_path, env=None) -> str``: starts ``streamlit run app_path`` on a free
  port (headless, static serving on, no usage stats), waits for ``/_stcore/health`` and returns
  the base URL. Servers are shared for the whole session per (app, env) and stopped at the end.
- ``chromium``: one browser for the session, launched from /usr/bin/chromium with the flags
  this machine needs (Playwright cannot download its own browser here). Tests are skipped,
  with the reason, when that browser is missing.
- ``new_page``: a fresh context and page from ``chromium``; closed after the test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
START_TIMEOUT = 60


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    def __init__(self, app_path: Path, env: Mapping[str, str], log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        command = [
            sys.executable, "-m", "streamlit", "run", str(app_path),
            "--server.headless", "true",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.enableStaticServing", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
            "--global.developmentMode", "false",
        ]
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.process.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer in {START_TIMEOUT}s:\n{self.log()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


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
            server.wait_healthy()
            servers[key] = server
        return servers[key].url

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
