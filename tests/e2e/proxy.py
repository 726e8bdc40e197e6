"""nginx in front of app servers, started from ``deploy/nginx-alliances.conf`` itself: the
deployment recipe's reverse proxy as the tests and benches use it.

Plain module (no pytest): ``bench/`` imports it too. What changes from the deployed file: the
upstream servers (the test's), the listening ports (free local ones), the certificate (a
self-signed one made here with ``openssl``) and the IPv6 lines; everything else (sticky cookie,
websocket upgrade, health location, TLS settings) is the file as shipped.
"""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

from tests.e2e.server import ROOT, free_port, stop_process

CONFIG = ROOT / "deploy" / "nginx-alliances.conf"
ROUTE_COOKIE = "alliances_route"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/bin/nginx") if Path(p).exists()), None
    )


def render(upstreams: list[str], http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """The deployed configuration with this machine's ports, upstreams and certificate."""
    text = CONFIG.read_text(encoding="utf-8")
    lines = re.findall(r"^    server 127\.0\.0\.1:\d+ (.*);$", text, flags=re.M)
    if not lines:
        raise RuntimeError(f"no upstream server line in {CONFIG}")
    options = lines[0]
    block = "\n".join(f"    server {u} {options};" for u in upstreams)
    text = re.sub(r"(^    server 127\.0\.0\.1:\d+ .*;\n)+", block + "\n", text, flags=re.M)
    text = re.sub(r"^\s*listen \[::\]:.*\n", "", text, flags=re.M)
    text = re.sub(r"^    listen 80;", f"    listen 127.0.0.1:{http_port};", text, flags=re.M)
    text = re.sub(
        r"^    listen 443 ssl", f"    listen 127.0.0.1:{https_port} ssl", text, flags=re.M
    )
    text = re.sub(r"ssl_certificate .*;", f"ssl_certificate {cert};", text)
    text = re.sub(r"ssl_certificate_key .*;", f"ssl_certificate_key {key};", text)
    return text


MAIN = """worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    log_format routed '$remote_addr "$request" $status upstream=$upstream_addr route=$alliances_route';
    access_log {dir}/access.log routed;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    include {dir}/alliances.conf;
}}
"""


class NginxProxy:
    """nginx (``deploy/nginx-alliances.conf``) in front of ``upstreams`` ("127.0.0.1:port")."""

    def __init__(self, upstreams: list[str], workdir: Path):
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError("nginx is missing (apt-get install nginx)")
        self.dir = Path(workdir)
        (self.dir / "tmp").mkdir(parents=True, exist_ok=True)
        os.chmod(self.dir / "tmp", 0o777)  # nginx's workers run as nobody
        cert, key = self.dir / "cert.pem", self.dir / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
            + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
        self.http_port, self.https_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.https_port}"
        (self.dir / "alliances.conf").write_text(
            render(upstreams, self.http_port, self.https_port, cert, key), encoding="utf-8"
        )
        (self.dir / "nginx.conf").write_text(MAIN.format(dir=self.dir), encoding="utf-8")
        self.process = subprocess.Popen(
            [binary, "-e", str(self.dir / "error.log"), "-p", str(self.dir)]
            + ["-c", str(self.dir / "nginx.conf"), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self._wait()

    @staticmethod
    def tls_context() -> ssl.SSLContext:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
        return context

    def get(self, path: str, headers: dict[str, str] | None = None):
        request = urllib.request.Request(self.url + path, headers=headers or {})
        return urllib.request.urlopen(request, timeout=10, context=self.tls_context())

    def _wait(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.error_log()}")
            try:
                with self.get("/_stcore/health") as answer:
                    if answer.read().strip() == b"ok":
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"nginx did not answer in {timeout}s: {self.error_log()}")

    def error_log(self) -> str:
        path = self.dir / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def access_log(self) -> list[str]:
        path = self.dir / "access.log"
        return path.read_text(errors="replace").splitlines() if path.exists() else []

    def stop(self) -> None:
        stop_process(self.process)
