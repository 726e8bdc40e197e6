"""Several app servers on one PostgreSQL, then the same behind the deployment's reverse proxy.

1. Two ``streamlit run`` servers on two ports, one database (a throw-away database on the
   server of ``TEST_DATABASE_URL``): a carnet filled on server A opens on server B with the same
   data; two tabs on one carnet, one per server, still never overwrite each other silently (the
   stale banner shows on the second, and « Charger la version la plus récente » brings the
   first one's text).
2. ``deploy/nginx-alliances.conf`` started in front of both (``tests.e2e.proxy``): plain HTTP is
   redirected to HTTPS, ``/_stcore/health`` answers through it, browsers without the route
   cookie spread over both servers, and one browser's page, websocket and later requests all
   reach the same server (sticky) while a learner fills a carnet through the proxy.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import Counter

import pytest

from adapters.storage.carnets import CarnetStore
from tests.databases import postgres_database
from tests.e2e.helpers import (
    APP,
    NAV,
    STEP_TIMEOUT,
    FailureShots,
    app_env,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    private_token,
    settle,
    start_carnet,
)
from tests.e2e.proxy import ROUTE_COOKIE, NginxProxy, nginx_binary
from tests.e2e.server import StreamlitServer

BUDGET = 240  # seconds per test (the box is shared: generous)
STALE_WARNING = "Ce carnet a été modifié ailleurs"
NAME_FIELD = "Nom du projet"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """(database URL, server A, server B): two app servers on one fresh PostgreSQL database."""
    with postgres_database("cluster") as url:
        logs = tmp_path_factory.mktemp("cluster")
        env = {**app_env(logs / "unused.sqlite3"), "DATABASE_URL": url}
        servers = [StreamlitServer(APP, env, logs / f"server-{n}.log") for n in "ab"]
        try:
            for server in servers:
                server.wait_healthy()
            yield url, servers[0], servers[1]
        finally:
            for server in servers:
                server.stop()


@pytest.fixture(scope="module")
def proxy(cluster, tmp_path_factory):
    if nginx_binary() is None:
        pytest.skip("nginx is missing (apt-get install nginx; scripts/test.sh does it as root)")
    _, a, b = cluster
    nginx = NginxProxy(
        [f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"], tmp_path_factory.mktemp("ngx")
    )
    yield nginx
    nginx.stop()


@pytest.fixture
def context(chromium, request):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 1000}, locale="fr-FR", ignore_https_errors=True
    )
    context.set_default_timeout(STEP_TIMEOUT)
    shots = FailureShots(request)
    yield context
    shots.take(*context.pages)
    context.close()


def name_field(page):
    return page.get_by_role("textbox", name=NAME_FIELD, exact=True)


def type_name(page, text: str) -> None:
    field = name_field(page)
    field.fill(text)
    field.press("Tab")
    settle(page)


def test_a_carnet_filled_on_one_server_opens_on_the_other(context, cluster):
    url, server_a, server_b = cluster
    on_a = context.new_page()
    start_carnet(on_a, server_a.url)
    token = private_token(on_a.url)
    go_to(on_a, NAV["projet"], heading="Mon projet")
    type_name(on_a, "Épicerie solidaire « Le Panier » (serveur A)")
    assert CarnetStore(url).load(token).carnet.project.name.endswith("(serveur A)")

    on_b = context.new_page()
    load(on_b, f"{server_b.url}/?carnet={token}")
    go_to(on_b, NAV["projet"], heading="Mon projet")
    assert name_field(on_b).input_value() == "Épicerie solidaire « Le Panier » (serveur A)"
    type_name(on_b, "Épicerie solidaire « Le Panier » (serveur B)")
    # Back on A: its next run picks up B's save from the shared database.
    go_to(on_a, NAV["accueil"])
    go_to(on_a, NAV["projet"], heading="Mon projet")
    assert name_field(on_a).input_value() == "Épicerie solidaire « Le Panier » (serveur B)"


def test_two_tabs_on_two_servers_never_overwrite_each_other(context, cluster):
    url, server_a, server_b = cluster
    tab_a = context.new_page()
    start_carnet(tab_a, server_a.url)
    token = private_token(tab_a.url)
    go_to(tab_a, NAV["projet"], heading="Mon projet")
    type_name(tab_a, "Nom de départ")
    tab_b = context.new_page()
    load(tab_b, f"{server_b.url}/?carnet={token}")
    go_to(tab_b, NAV["projet"], heading="Mon projet")
    assert name_field(tab_b).input_value() == "Nom de départ"

    type_name(tab_a, "Nom écrit sur le serveur A")
    type_name(tab_b, "Nom écrit sur le serveur B")  # B had not seen A's change
    tab_b.get_by_text(STALE_WARNING).wait_for()
    assert CarnetStore(url).load(token).carnet.project.name == "Nom écrit sur le serveur A"
    assert name_field(tab_b).input_value() == "Nom écrit sur le serveur B"  # not lost either
    tab_b.get_by_role("button", name="Charger la version la plus récente").click()
    settle(tab_b)
    tab_b.get_by_text(STALE_WARNING).wait_for(state="detached")
    assert name_field(tab_b).input_value() == "Nom écrit sur le serveur A"


def upstream_of(line: str) -> str:
    return re.search(r"upstream=(\S+)", line).group(1)


def test_the_reverse_proxy_of_the_recipe(context, cluster, proxy):
    url, server_a, server_b = cluster
    ports = {f"127.0.0.1:{server_a.port}", f"127.0.0.1:{server_b.port}"}
    # Plain HTTP goes to HTTPS.
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(f"http://127.0.0.1:{proxy.http_port}/projet", timeout=10)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"].startswith("https://")
    # The health check answers through the proxy; each new browser gets a route cookie, and
    # browsers spread over both servers.
    routes = []
    for _ in range(16):
        with proxy.get("/_stcore/health") as answer:
            assert answer.read() == b"ok"
            cookies = answer.headers.get_all("Set-Cookie")
            cookie = next(c for c in cookies if c.startswith(f"{ROUTE_COOKIE}="))
            assert "Secure" in cookie and "HttpOnly" in cookie
            routes.append(cookie.split(";", 1)[0].split("=", 1)[1])
    assert len(set(routes)) == 16
    used = {upstream_of(line) for line in proxy.access_log() if "/_stcore/health" in line}
    assert used == ports, f"one server took every new browser: {used}"

    # A learner through the proxy: every request of the browser, websocket included, goes to
    # one server; the carnet is saved.
    page = context.new_page()
    start_carnet(page, proxy.url)
    token = private_token(page.url)
    go_to(page, NAV["projet"], heading="Mon projet")
    type_name(page, "Tiers-lieu derrière le proxy")
    page.reload()
    page.locator('[data-testid="stMain"] h1').first.wait_for()
    settle(page, rerun_within=1_000)
    assert name_field(page).input_value() == "Tiers-lieu derrière le proxy"
    assert CarnetStore(url).load(token).carnet.project.name == "Tiers-lieu derrière le proxy"
    route = next(c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE)
    mine = [line for line in proxy.access_log() if f"route={route}" in line]
    streams = [line for line in mine if "/_stcore/stream" in line]
    assert streams and all(" 101 " in line for line in streams), streams  # websocket upgrades
    assert len(mine) > 5
    assert len(Counter(upstream_of(line) for line in mine)) == 1, mine  # sticky


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
