"""``streamlit run`` as a subprocess on a local port, and how Chromium is launched: the one way
the browser tests, the durability test and the benches start a real server and browser.

Plain module (no pytest): ``bench/`` imports it too.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60  # seconds
#: Debian's Chromium (Playwright cannot download its own browser here) and the flags it needs.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL if it has not ended within 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def settled(read, quiet: float = 1.5, timeout: float = 20.0) -> float:
    """A reading (a process's memory...) once it has stopped moving: within 0.5 over
    ``quiet`` seconds, read every 0.25 s; the median of the last four readings."""
    deadline = time.monotonic() + timeout
    readings = [read()]
    while time.monotonic() < deadline:
        time.sleep(0.25)
        readings.append(read())
        window = readings[-int(quiet / 0.25) :]
        if len(window) >= quiet / 0.25 and max(window) - min(window) < 0.5:
            break
    return statistics.median(readings[-4:])


class StreamlitServer:
    """``streamlit run <script>`` (headless, static serving on, no usage stats, no file
    watcher) on 127.0.0.1; ``port`` defaults to a free one. Its output goes to ``log_path``
    (appended, so that a restart on the same log keeps the first server's lines)."""

    def __init__(
        self, script: Path, env: Mapping[str, str], log_path: Path, port: int | None = None
    ):
        self.script = Path(script)
        self._env = dict(env)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("ab")
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.script),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--server.enableStaticServing",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            "--global.developmentMode",
            "false",
        ]
        full_env = {**os.environ, "PYTHONPATH": str(ROOT), **self._env}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=full_env, stdout=self._log, stderr=subprocess.STDOUT
        )

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> StreamlitServer:
        """Wait for ``/_stcore/health``; on failure stop the server and raise with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.process.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer in {timeout}s:\n{self.log()}")

    def restart(self, log_path: Path | None = None) -> StreamlitServer:
        """A new server of the same script, environment and port (after ``kill`` or ``stop``)."""
        return StreamlitServer(self.script, self._env, log_path or self.log_path, self.port)

    def kill(self) -> None:
        """SIGKILL: no shutdown handler, no flush: what was committed is all there is."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self._close_log()

    def stop(self) -> None:
        stop_process(self.process)
        self._close_log()

    def _close_log(self) -> None:
        if not self._log.closed:
            self._log.close()
