"""Durability in Chromium: what is typed survives a killed server; two tabs on one carnet
never lose a change silently.

1. A server of this test's own (a subprocess, so that it can be killed): a carnet is filled
   (project name, one actor, one answer), the server is killed with SIGKILL, a new server starts
   on the same database and port, and the private link shows everything typed before the kill;
   on the embedded SQLite file and on a real PostgreSQL server (``TEST_DATABASE_URL``).
2. Two tabs on the same carnet: tab A changes the project name, tab B (stale) changes the
   description: B's change is replayed on A's save, both are kept and B is told. Then both
   change the name: B is told (« Ce carnet a été modifié ailleurs »), A's change is in the
   database, B's text is still in its field, and B can « Charger la version la plus récente »
   or « Garder ma version ».
"""

from __future__ import annotations

import os
import re
import signal

import pytest

from adapters.storage.carnets import CarnetStore
from tests.e2e.helpers import (
    APP,
    NAV,
    STEP_TIMEOUT,
    FailureShots,
    app_env,
    go_to,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    load,
    open_tab,
    private_link_shown,
    private_token,
    settle,
    start_carnet,
    wait_idle,
)
from tests.e2e.server import StreamlitServer

BUDGET = 180  # seconds, per test (hard limit, see helpers.hard_timeout)
NAME = "Atelier vélo « Roue Libre »"
ACTOR = "Fondation Drôme Solidaire"
ANSWER = (
    "Les membres de l’alliance partagent une vision : l’emploi pour tous, "
    "sur un territoire rural qui se vide."
)
STALE_WARNING = "Ce carnet a été modifié ailleurs"


@pytest.fixture
def context(chromium, request):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT)
    shots = FailureShots(request)
    yield context
    shots.take(*context.pages)
    context.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> tuple[dict[str, str], str]:
    """(the server's environment, the database URL to check afterwards): the embedded SQLite
    file, or the PostgreSQL server of the test run (``TEST_DATABASE_URL``, set by .ci/run)."""
    if request.param == "sqlite":
        path = tmp_path / "carnets.sqlite3"
        return app_env(path), f"sqlite:///{path}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set: no PostgreSQL server to test against")
    return {**app_env(tmp_path / "unused.sqlite3"), "DATABASE_URL": url}, url


def test_a_killed_server_loses_nothing_that_was_typed(context, tmp_path, database):
    env, database_url = database
    first = StreamlitServer(APP, env, tmp_path / "server-1.log").wait_healthy()
    port = first.port
    second = None
    try:
        page = context.new_page()
        start_carnet(page, first.url)
        link = private_link_shown(page)
        assert f":{port}/" in link

        go_to(page, NAV["projet"], heading="Mon projet")
        name = page.get_by_role("textbox", name="Nom du projet", exact=True)
        name.fill(NAME)
        name.press("Tab")
        settle(page)

        go_to(page, NAV["acteurs"], heading="Acteurs du territoire")
        page.get_by_role("textbox", name="Nom", exact=True).fill(ACTOR)
        page.get_by_role("textbox", name="Nom", exact=True).press("Tab")
        settle(page)
        category = page.get_by_role("combobox", name="Catégorie", exact=True)
        category.click()
        page.keyboard.type("Fondation territoriale")
        page.keyboard.press("Enter")
        settle(page)
        page.get_by_text("À placer plus tard", exact=True).click()
        settle(page)
        page.get_by_role("button", name="Ajouter l’acteur").click()
        page.get_by_text(f"« {ACTOR} » ajouté, à placer sur la carte plus tard.").wait_for()

        go_to(page, NAV["alliance"], heading="Choisir une alliance territoriale")
        page.get_by_role("button", name="Choisir cette alliance").first.click()
        page.get_by_text(re.compile("Alliance choisie")).first.wait_for()
        go_to(page, NAV["analyse"], heading="Analyse de l’alliance")
        open_tab(page, "3. Les trois questions")
        answer = page.get_by_label("Votre réponse sur la vision")
        answer.fill(ANSWER)
        answer.press("Tab")
        settle(page)  # the change is saved when the field is left: nothing else to wait for

        first.kill()
        assert first.process.returncode == -signal.SIGKILL
        page.close()

        second = first.restart(tmp_path / "server-2.log").wait_healthy()  # same DB, same port
        fresh = context.browser.new_context(locale="fr-FR")
        try:
            view = fresh.new_page()
            load(view, link)
            view.get_by_text("Votre carnet est ouvert").wait_for()
            go_to(view, NAV["projet"], heading="Mon projet")
            assert (
                view.get_by_role("textbox", name="Nom du projet", exact=True).input_value() == NAME
            )
            go_to(view, NAV["acteurs"], heading="Acteurs du territoire")
            view.locator('[data-testid="stDataFrame"] [role="gridcell"]').filter(
                has_text=ACTOR
            ).first.wait_for(state="attached")
            go_to(view, NAV["analyse"], heading="Analyse de l’alliance")
            open_tab(view, "3. Les trois questions")
            assert view.get_by_label("Votre réponse sur la vision").input_value() == ANSWER
        finally:
            fresh.close()
        stored = CarnetStore(database_url).load(private_token(link)).carnet
        assert stored.project.name == NAME
        assert [a.name for a in stored.actors] == [ACTOR]
        assert stored.answers.vision == ANSWER
    finally:
        first.stop()
        if second is not None:
            second.stop()


@pytest.fixture(scope="module")
def shared_server(app_url, app_database):
    return app_url, app_database


def edit(page, label: str, text: str) -> None:
    field = page.get_by_role("textbox", name=label, exact=True)
    field.fill(text)
    field.press("Tab")
    settle(page)


def test_two_tabs_on_one_carnet_lose_nothing_silently(context, shared_server):
    base_url, database = shared_server
    store = CarnetStore(f"sqlite:///{database}")
    tab_a = context.new_page()
    start_carnet(tab_a, base_url)
    token = private_token(tab_a.url)
    go_to(tab_a, NAV["projet"], heading="Mon projet")
    edit(tab_a, "Nom du projet", "Nom de départ")

    tab_b = context.new_page()
    load(tab_b, f"{base_url}/?carnet={token}")
    go_to(tab_b, NAV["projet"], heading="Mon projet")
    assert (
        tab_b.get_by_role("textbox", name="Nom du projet", exact=True).input_value()
        == "Nom de départ"
    )

    # A changes the name; B, which has not rerun since, changes the description: B's change
    # is replayed on A's save, both are kept, and B is told.
    edit(tab_a, "Nom du projet", "Nom choisi dans l’onglet A")
    assert store.load(token).carnet.project.name == "Nom choisi dans l’onglet A"
    edit(tab_b, "Le projet en deux lignes", "Description écrite dans l’onglet B")
    tab_b.get_by_text(re.compile("rien n’est perdu")).first.wait_for()
    saved = store.load(token).carnet
    assert saved.project.name == "Nom choisi dans l’onglet A"
    assert saved.project.description == "Description écrite dans l’onglet B"
    assert (
        tab_b.get_by_role("textbox", name="Nom du projet", exact=True).input_value()
        == "Nom choisi dans l’onglet A"
    )
    assert tab_b.get_by_text(STALE_WARNING).count() == 0

    # Both change the name: B is refused and told; nothing silently lost (A's name is saved,
    # B's text is still in B's field).
    edit(tab_a, "Nom du projet", "Second nom de l’onglet A")
    edit(tab_b, "Nom du projet", "Nom écrit dans l’onglet B")
    tab_b.get_by_text(STALE_WARNING).wait_for()
    assert store.load(token).carnet.project.name == "Second nom de l’onglet A"
    assert (
        tab_b.get_by_role("textbox", name="Nom du projet", exact=True).input_value()
        == "Nom écrit dans l’onglet B"
    )
    assert tab_b.get_by_role("button", name="Garder ma version").is_visible()

    # B loads the latest version: A's name; B's unsaved name is dropped knowingly.
    tab_b.get_by_role("button", name="Charger la version la plus récente").click()
    settle(tab_b)
    tab_b.get_by_text(STALE_WARNING).wait_for(state="detached")
    assert (
        tab_b.get_by_role("textbox", name="Nom du projet", exact=True).input_value()
        == "Second nom de l’onglet A"
    )

    # Again, and this time B keeps its version: its name wins, everything else stays.
    edit(tab_a, "Nom du projet", "Troisième nom de l’onglet A")
    edit(tab_b, "Nom du projet", "Nom gardé par l’onglet B")
    tab_b.get_by_text(STALE_WARNING).wait_for()
    tab_b.get_by_role("button", name="Garder ma version").click()
    settle(tab_b)
    tab_b.get_by_text(STALE_WARNING).wait_for(state="detached")
    saved = store.load(token).carnet
    assert saved.project.name == "Nom gardé par l’onglet B"
    assert saved.project.description == "Description écrite dans l’onglet B"

    # Tab A follows on its next run (it is told, with a toast, that the carnet changed).
    tab_a.bring_to_front()
    go_to(tab_a, NAV["projet"], heading="Mon projet")
    wait_idle(tab_a)
    assert (
        tab_a.get_by_role("textbox", name="Nom du projet", exact=True).input_value()
        == "Nom gardé par l’onglet B"
    )
