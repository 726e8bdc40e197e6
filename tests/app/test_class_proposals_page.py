"""AppTest of the class board's « Propositions à l'annuaire » and of the moderation badge: the
proposals of learners who share their actors only (never in the page sent to the trainer
otherwise), « Pré-approuver pour les modérateurs » and its undo, the moderator's « Pré-approuvée
par un formateur » badge, hostile strings escaped on both pages."""

from __future__ import annotations

import re

import pytest

from components import classroom as class_ui
from components import directory as directory_component
from components import state
from components.shell import MODERATION_PAGE
from domain.catalogue import load_categories
from domain.directory import Place
from domain.models import Actor, Carnet
from services import directory as directory_services
from tests.app.support import tr
from tests.app.test_class_page import SENTINEL, create_class, learner, sent_text
from tests.corpus import hostile_strings

KEY = "cle-de-moderation-tres-longue-0123456789abcdef"
VALENCE = Place(
    commune="Valence",
    insee="26362",
    departement="26",
    region="Auvergne-Rhône-Alpes",
    region_code="84",
    lat=44.93,
    lon=4.89,
)


@pytest.fixture
def moderated(app_env, monkeypatch):
    monkeypatch.setenv("CARNET_MODERATOR_KEY", KEY)
    monkeypatch.setenv("CARNET_DIRECTORY_SEED", "/nonexistent/seed.json")
    directory_component._rendered.clear()
    return app_env


def carnet_of(name: str) -> Carnet:
    return Carnet(
        actors=[
            Actor(
                name=name,
                category="cress",
                commune="Valence",
                lat=44.93,
                lon=4.89,
                contact_person=f"{SENTINEL} contact",
                notes=f"{SENTINEL} notes",
            )
        ]
    )


def propose_first_actor(at, description: str = "") -> int:
    """The learner of ``at`` proposes the first actor of their carnet (the service the
    Actors page calls)."""
    stored = state.stores().carnets.load(at.session_state[state.TOKEN])
    actor = stored.carnet.actors[0]
    fields = directory_services.preview(
        actor, VALENCE, description, [c.id for c in load_categories()]
    )
    return directory_services.propose(
        state.stores().directory,
        carnet_id=stored.id,
        actor_id=actor.id,
        fields=fields,
        language="fr",
        consent=True,
    ).proposal_id


def moderation_page(app_test):
    at = app_test("fr", query={"cle": KEY})
    at.run()
    at.switch_page(MODERATION_PAGE.file).run()
    assert not at.exception, at.exception
    return at


def badges(at) -> list[str]:
    return [str(h.proto) for h in at.get("html") if "preapproved-badge" in str(h.proto)]


def test_the_board_lists_shared_proposals_and_the_trainer_preapproves(moderated, app_test):
    trainer = app_test()
    trainer.run()
    code, token = create_class(trainer, "Master « ESS »")
    alice = learner(app_test, carnet_of("Ressourcerie Alice"), code, ("actors", "name"), "Alice")
    chloe = learner(app_test, carnet_of("Recyclerie Chloé"), code, ("answers", "progress"))
    alice_proposal = propose_first_actor(alice)
    propose_first_actor(chloe)

    board = app_test(query={"formateur": token})
    board.run()
    assert not board.exception, board.exception
    headers = [h.value for h in board.header]
    assert tr(board, "class.proposals.title", count=1) in headers
    text = sent_text(board)
    assert "Ressourcerie Alice" in text and "Alice" in text
    assert "Recyclerie Chloé" not in text and SENTINEL not in text  # Chloé did not consent
    status = tr(board, "class.proposal.status.pending")
    assert any(status in c.value for c in board.caption)

    board.button(key=f"class_preapprove_{alice_proposal}").click().run()
    assert not board.exception, board.exception
    assert tr(board, "class.proposal.preapproved") in [s.value for s in board.success]
    assert tr(board, "class.proposal.undo") in [b.label for b in board.button]
    stored = state.stores().directory.proposal(alice_proposal)
    assert stored.preapproved_class_id is not None and stored.status == "pending"

    mod = moderation_page(app_test)
    shown = badges(mod)
    assert len(shown) == 1
    assert "Master « ESS »" in shown[0]
    assert tr(mod, "moderation.preapproved", name="Master « ESS »") in shown[0]
    first = next(
        m.value for m in mod.markdown if "Ressourcerie" in m.value or "Recyclerie" in m.value
    )
    assert "Ressourcerie Alice" in first  # pre-approved first in the queue
    assert any(b.label == tr(mod, "moderation.publish") for b in mod.button)  # still to decide

    board.button(key=f"class_preapprove_{alice_proposal}").click().run()  # undo
    assert tr(board, "class.proposal.undone") in [s.value for s in board.success]
    assert state.stores().directory.proposal(alice_proposal).preapproved_class_id is None
    assert not badges(moderation_page(app_test))


def test_hostile_proposals_on_the_board_and_the_moderation_page(moderated, app_test):
    trainer = app_test()
    trainer.run()
    code, token = create_class(trainer, "Classe <img src=x onerror=alert(1)> `${1}`")
    payloads = [p for p in hostile_strings() if p.strip()]
    # Learner names may hold markup (a proposal may not: « no HTML », checked at the door).
    names = [p.replace("\n", " ")[:80].strip() for p in payloads if "<" in p]
    made = 0
    for payload in payloads:
        if made == 8:
            break
        text = payload.replace("\n", " ")[:120].strip()
        try:
            at = learner(app_test, carnet_of(text), code, ("actors", "name"), names[made])
            proposal = propose_first_actor(at, payload[:300])
        except (ValueError, directory_services.ServiceError):
            continue
        state.stores().directory.set_preapproval(proposal, _class_id(token))
        made += 1
    assert made >= 4
    board = app_test(query={"formateur": token})
    board.run()
    assert not board.exception, board.exception
    assert tr(board, "class.proposals.title", count=made) in [h.value for h in board.header]
    for element in list(board.markdown) + list(board.caption):
        value = str(element.value)
        assert "<script" not in value and "<img" not in value
        assert not re.search(r"(?<!\\)\]\(javascript", value), value  # no live link
    for html in board.get("html"):
        assert "<script>alert" not in str(html.proto) and "<img src=x" not in str(html.proto)
    mod = moderation_page(app_test)
    shown = badges(mod)
    assert len(shown) == made
    for badge in shown:
        assert "<img src=x" not in badge and "&lt;img src=x" in badge
    for element in list(mod.markdown) + list(mod.caption):
        value = str(element.value)
        assert "<script" not in value and "<img" not in value and "<svg" not in value


def _class_id(token: str) -> int:
    return class_ui.service().open_board(token, "test").id
