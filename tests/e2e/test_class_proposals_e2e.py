"""The class's directory proposals in Chromium (issue 16), against `streamlit run app.py`:

a learner of a class (sharing the public fields of her actors) proposes an actor of her carnet
(private notes filled) from the Actors page → it appears on the class board (« Propositions à
l'annuaire ») → the trainer pre-approves it → the moderation page shows it first with the
« Pré-approuvée par un formateur » badge and the class's name, still to be decided; the private
notes appear nowhere. A second learner who does not share her actors proposes too: her
proposal never reaches the board. The class and the memberships are set up through the
services on the server's database (the class's own pages are walked in test_class_e2e.py).
"""

from __future__ import annotations

import re

import pytest

from adapters.storage.carnets import CarnetStore
from domain.classroom import Consents
from domain.i18n import Translator
from domain.models import Actor, Carnet, Project
from services.classes import ClassService
from services.stores import Stores
from tests.e2e.helpers import (
    APP,
    STEP_TIMEOUT,
    FailureShots,
    ScriptWatch,
    app_env,
    hard_timeout,  # noqa: F401 - autouse fixture: this module's BUDGET per test
    wait_idle,
)
from tests.e2e.server import StreamlitServer
from tests.e2e.test_directory_e2e import (
    KEY,
    LYON,
    NAME,
    PRIVATE_NOTE,
    PRIVATE_PERSON,
    SEED,
    body,
    no_private_text,
    open_url,
    propose,
)

BUDGET = 600  # seconds: three browser pages on a loaded 2-core machine
CLASS_NAME = "Master ESS « groupe C »"
HIDDEN = "Recyclerie de Chloé qui ne partage pas"


@pytest.fixture
def server(tmp_path):
    database = tmp_path / "carnets.sqlite3"
    env = {**app_env(database), "CARNET_DIRECTORY_SEED": str(SEED), "CARNET_MODERATOR_KEY": KEY}
    running = StreamlitServer(APP, env, tmp_path / "server.log").wait_healthy()
    yield running, f"sqlite:///{database}"
    running.stop()


def carnet(name: str) -> Carnet:
    return Carnet(
        project=Project(name="Recyclerie des pentes", territory=LYON),
        actors=[
            Actor(
                name=name,
                category="incubateur_social",
                commune="Lyon",
                contact_person=PRIVATE_PERSON,
                notes=PRIVATE_NOTE,
            )
        ],
    )


def setup_class(database_url: str) -> tuple[str, str, str]:
    """A class; Alice (her actors shared, under her name) and Chloé (actors not shared) in it.
    Returns (trainer token, Alice's carnet token, Chloé's carnet token)."""
    store = CarnetStore(database_url)
    alice = store.create(carnet(NAME)).token
    chloe = store.create(carnet(HIDDEN)).token
    store.engine.dispose()
    service = ClassService(Stores.connect(database_url))
    created = service.create_class(CLASS_NAME)
    service.join(
        created.info.code,
        alice,
        Consents(actors=True, name=True),
        learner_name="Alice",
        client="e2e",
    )
    service.join(created.info.code, chloe, Consents(progress=True, answers=True), client="e2e")
    service.stores.engine.dispose()
    return created.trainer_token, alice, chloe


def propose_other(page, base: str, token: str) -> None:
    """Chloé proposes her own actor (same form as ``propose``, another name)."""
    from tests.e2e.helpers import choose_with_mouse, open_section, open_tab, settle

    open_url(page, f"{base}/acteurs?carnet={token}")
    open_tab(page, "Proposer à l’annuaire")
    page.get_by_role("heading", name="Proposer à l’annuaire").wait_for()
    open_section(page, "Proposer un de mes acteurs")
    choose_with_mouse(page, page.locator('[data-testid="stMain"]'), "Acteur à proposer", HIDDEN)
    page.get_by_text(re.compile("J’accepte que ces informations soient publiées")).click()
    settle(page)
    page.get_by_role("button", name="Envoyer à la modération").click()
    settle(page)
    page.get_by_text("Proposition envoyée").wait_for()


def test_a_proposal_reaches_the_board_is_preapproved_and_badged(chromium, server, request):
    from tests.e2e.test_accessibility import AXE, Audit, assert_no_serious, run_axe

    running, database_url = server
    base = running.url
    audit = Audit()

    def audit_page(page, where: str, audit: Audit) -> None:
        """axe-core on the page (skipped without axe: npm ci --prefix tests/e2e)."""
        if AXE.exists():
            run_axe(page, where, audit)

    trainer_token, alice_token, chloe_token = setup_class(database_url)
    context = chromium.new_context(viewport={"width": 1280, "height": 1000}, locale="fr-FR")
    context.set_default_timeout(STEP_TIMEOUT)
    watch = ScriptWatch().attach(context)
    shots = FailureShots(request)
    try:
        alice = context.new_page()
        propose(alice, base, alice_token, description="Un lieu d’entraide.")
        alice.get_by_text("Proposition envoyée").wait_for()
        chloe = context.new_page()
        propose_other(chloe, base, chloe_token)

        board = context.new_page()
        open_url(board, f"{base}/?formateur={trainer_token}")
        board.get_by_role(
            "heading", name=re.compile(r"Propositions à l’annuaire\s*:\s*1")
        ).wait_for(timeout=60_000)
        card = board.locator('[class*="st-key-class_proposal_"]').filter(has_text=NAME)
        card.wait_for()
        assert "Alice" in card.inner_text() and "en attente" in card.inner_text()
        page_html = board.content()
        assert HIDDEN not in page_html  # Chloé does not share her actors
        no_private_text(page_html, "the board's HTML")
        card.get_by_role("button", name="Pré-approuver pour les modérateurs").click()
        board.get_by_text("Proposition pré-approuvée").wait_for()
        card.get_by_role("button", name="Annuler la pré-approbation").wait_for()
        assert "pré-approuvée par vous" in card.inner_text()
        wait_idle(board)
        audit_page(board, "tableau de classe, propositions", audit)

        mod = context.new_page()
        open_url(mod, f"{base}/moderation?cle={KEY}")
        badge = mod.locator(".preapproved-badge")
        badge.first.wait_for()
        assert badge.count() == 1
        assert Translator("fr")("moderation.preapproved", name=CLASS_NAME) in badge.inner_text()
        text = body(mod)
        assert text.index(NAME) < text.index(HIDDEN)  # pre-approved first
        no_private_text(text, "the moderation page")
        # Pre-approval published nothing: both are still to decide.
        assert mod.get_by_role("button", name="Publier", exact=True).count() == 2
        audit_page(mod, "modération, badge de pré-approbation", audit)
        watch.assert_clean()
    finally:
        shots.take(*context.pages)
        context.close()
    if audit.pages:
        assert_no_serious(audit)
