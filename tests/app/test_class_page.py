"""AppTest of the class space: create a class, join it (link, code on Accueil), choose what to
share, change it, leave; the trainer's board shows only what was shared."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from components import classroom as class_ui
from components import focus, state
from domain.models import Actor, Alliance, Answers, Carnet
from tests.app.support import click, tr
from tests.app.test_focus_and_imports import focus_moves, moves_once
from tests.corpus import hostile_strings

SENTINEL = "ZZSENTINEL"


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def sent_text(at, since: int = 0) -> str:
    """Everything the last run sent to the browser: every element's message, and the maps
    drawn since call number ``since``."""
    parts = [str(getattr(node, "proto", "")) for node in walk(at._tree)]
    for call in at.fake_map.calls[since:]:
        parts.append(repr(call["rendered"].arguments))
    return "\n".join(parts)


def create_class(at, name="Master ESS Drôme") -> tuple[str, str]:
    """On the class page: create a class; returns (code, trainer token)."""
    at.switch_page(class_ui.CLASS_PAGE.file).run()
    at.text_input(key="class_create_name").input(name)
    click(at, tr(at, "class.create.button"))
    assert not at.exception, at.exception
    created = at.session_state[class_ui.CREATED]
    return created["code"], created["token"]


def learner_carnet(tag: str) -> Carnet:
    return Carnet(
        actors=[
            Actor(
                name=f"Acteur {tag}",
                category="cress",
                commune="Valence",
                lat=44.93,
                lon=4.89,
                contact_person=f"{SENTINEL} contact {tag}",
                notes=f"{SENTINEL} notes {tag}",
            )
        ],
        alliance=Alliance(name=f"Alliance {tag}"),
        answers=Answers(vision=f"Vision de {tag}", interest=f"Intérêt de {tag}"),
    )


def join_with(at, code: str, families: tuple[str, ...], name: str = "") -> None:
    """Open the join link in this session and join with the open carnet."""
    at.query_params["classe"] = code
    at.run()
    assert not at.exception, at.exception
    for family in families:
        at.checkbox(key=f"class_join_{family}").check().run()
    if name:
        at.text_input(key="class_join_learner_name").input(name)
    click(at, tr(at, "class.join.button"))
    assert not at.exception, at.exception


def learner(app_test, carnet: Carnet, code: str, families=(), name=""):
    at = app_test()
    at.run()
    token = state.stores().carnets.create(carnet).token
    at.query_params["carnet"] = token
    at.run()
    join_with(at, code, families, name)
    return at


def test_create_a_class_shows_the_code_the_join_link_and_the_trainer_link(app_test):
    at = app_test()
    at.run()
    code, token = create_class(at)
    assert focus_moves(at) == [focus.CLASS_CREATED]  # the keyboard lands on the new class
    codes = [c.value for c in at.code]
    join = next(u for u in codes if "classe=" in u)
    board = next(u for u in codes if "formateur=" in u)
    assert parse_qs(urlsplit(join).query) == {"classe": [code]}
    assert parse_qs(urlsplit(board).query) == {"formateur": [token]}
    assert len(token) >= 43 and token != code
    assert any(code[:3] in str(h.proto) for h in at.get("html"))  # the big code
    assert tr(at, "class.created.trainer_warning") in [w.value for w in at.warning]
    click(at, tr(at, "class.created.done"))  # shown once
    assert not any("formateur=" in c.value for c in at.code)


def test_the_join_screen_asks_five_separate_choices_all_off(app_test):
    at = app_test()
    at.run()
    code, _ = create_class(at, "Classe « test »")
    other = app_test(query={"classe": code})
    other.run()
    assert not other.exception, other.exception
    assert other.title[0].value == tr(other, "class.join.title", name="Classe « test »")
    boxes = [other.checkbox(key=f"class_join_{f}") for f in class_ui.FAMILIES]
    assert [b.value for b in boxes] == [False] * 5
    assert [b.label for b in boxes] == [tr(other, f"class.family.{f}") for f in class_ui.FAMILIES]
    # No carnet open: joining makes a new one.
    click(other, tr(other, "class.join.button"))
    assert not other.exception, other.exception
    moves_once(other, focus.CLASS_JOINED)
    assert other.session_state[state.TOKEN]
    assert [
        m.class_name for m in class_ui.service().memberships(other.session_state[state.TOKEN])
    ] == ["Classe « test »"]


def test_typing_the_code_on_accueil_opens_the_join_screen(app_test):
    at = app_test()
    at.run()
    code, _ = create_class(at, "Par le code")
    home = app_test()
    home.run()
    open_join_section(home)
    home.text_input(key="class_code_input_home").input(code[:3].lower() + "-" + code[3:])
    click(home, tr(home, "class.code.button"))
    assert not home.exception, home.exception
    assert home.title[0].value == tr(home, "class.join.title", name="Par le code")


def test_a_wrong_code_says_so(app_test):
    home = app_test()
    home.run()
    open_join_section(home)
    home.text_input(key="class_code_input_home").input("AAA-AAA")
    click(home, tr(home, "class.code.button"))
    assert tr(home, "errors.class_not_found") in [e.value for e in home.error]
    # the section stays open with its message, the code typed kept to be corrected
    assert home.session_state[class_ui.HOME_OPEN] is True
    assert home.text_input(key="class_code_input_home").value == "AAA-AAA"
    home.run()
    assert [t for t in home.text_input if t.key == "class_code_input_home"]


def open_join_section(home) -> None:
    """Accueil's « Rejoindre une classe »: closed, it sends its label only; opened, its form."""
    assert [e.label for e in home.expander].count(tr(home, "class.home.title")) == 1
    assert not [t for t in home.text_input if t.key == "class_code_input_home"]
    assert not [b for b in home.button if b.label == tr(home, "class.code.button")]
    home.session_state[class_ui.HOME_OPEN] = True
    home.run()
    assert not home.exception, home.exception
    assert home.text_input(key="class_code_input_home").label == tr(home, "class.code.label")
    assert any(m.value == tr(home, "class.home.body") for m in home.markdown)


def test_the_board_shows_only_what_was_shared_and_follows_changes(app_test):
    trainer = app_test()
    trainer.run()
    code, token = create_class(trainer)
    alice = learner(app_test, learner_carnet("alice"), code, ("actors", "answers", "name"), "Alice")
    bob = learner(app_test, learner_carnet("bob"), code, ("actors", "progress"))
    assert tr(bob, "class.sidebar.manage") in [p.label for p in bob.get("page_link")]

    board = app_test(query={"formateur": token})
    board.run()
    assert not board.exception, board.exception
    text = sent_text(board)
    assert "Alice" in text and "Vision de alice" in text and "Acteur bob" in text
    assert "Vision de bob" not in text and "Alliance" + " alice" not in text
    assert SENTINEL not in text
    features = board.fake_map.last["features"]
    assert sorted(f["properties"]["n"] for f in features) == ["Acteur alice", "Acteur bob"]
    assert [f["properties"]["k"] for f in features] == [1, 2]  # numbered

    # Alice stops sharing her answers; Bob leaves: the board follows at its next run.
    class_id = class_ui.service().memberships(alice.session_state[state.TOKEN])[0].class_id
    alice.switch_page(class_ui.CLASS_PAGE.file).run()
    alice.checkbox(key=f"class_m{class_id}_answers").uncheck().run()
    click(alice, tr(alice, "class.member.save"))
    bob.switch_page(class_ui.CLASS_PAGE.file).run()
    bob.checkbox(key=f"class_m{class_id}_leave_ok").check().run()
    click(bob, tr(bob, "class.member.leave"))
    assert not bob.exception, bob.exception
    drawn = len(board.fake_map.calls)
    board.run()
    text = sent_text(board, since=drawn)
    assert "Vision de alice" not in text and "Acteur bob" not in text
    assert "Acteur alice" in text


def test_projecting_an_answer(app_test):
    trainer = app_test()
    trainer.run()
    code, token = create_class(trainer)
    learner(app_test, learner_carnet("alice"), code, ("answers",))
    board = app_test(query={"formateur": token})
    board.run()
    click(board, tr(board, "class.board.project"))
    assert not board.exception, board.exception
    spot = [str(h.proto) for h in board.get("html") if "class-spotlight" in str(h.proto)]
    assert spot and "Vision de alice" in spot[0] and tr(board, "class.anonymous") in spot[0]
    click(board, tr(board, "class.board.spotlight_close"))
    assert not [h for h in board.get("html") if "class-spotlight" in str(h.proto)]


def test_close_and_delete_from_the_board(app_test):
    trainer = app_test()
    trainer.run()
    code, token = create_class(trainer)
    board = app_test(query={"formateur": token})
    board.run()
    click(board, tr(board, "class.board.close"))
    assert tr(board, "class.board.closed") in [m.value for m in board.markdown]
    late = app_test(query={"classe": code})
    late.run()
    assert tr(late, "errors.class_closed") in [w.value for w in late.warning]
    assert next(b for b in late.button if b.key == "class_join_button").disabled
    board.checkbox(key="class_board_delete_ok").check().run()
    click(board, tr(board, "class.board.delete"))
    assert not board.exception, board.exception
    assert tr(board, "class.board.deleted") in [s.value for s in board.success]
    again = app_test(query={"formateur": token})
    again.run()
    assert tr(again, "errors.class_forbidden") in [e.value for e in again.error]


def test_a_wrong_trainer_link_opens_nothing(app_test):
    board = app_test(query={"formateur": "x" * 43})
    board.run()
    assert not board.exception
    assert tr(board, "errors.class_forbidden") in [e.value for e in board.error]


def test_hostile_learner_text_on_the_board(app_test):
    trainer = app_test()
    trainer.run()
    code, token = create_class(trainer)
    payloads = [p for p in hostile_strings() if "<" in p or "$" in p or "[" in p][:12]
    text = " ".join(p.replace("\n", " ") for p in payloads)[:140]
    carnet = Carnet(
        actors=[Actor(name=text, category="cress", commune="Valence", lat=44.9, lon=4.9)],
        alliance=Alliance(name=text),
        answers=Answers(vision=text),
    )
    learner(app_test, carnet, code, ("actors", "alliance", "answers", "name"), text[:80])
    board = app_test(query={"formateur": token})
    board.run()
    assert not board.exception, board.exception
    for md in board.markdown:
        assert "<script" not in md.value and "](javascript" not in md.value
    for html in board.get("html"):
        assert "<script>alert" not in str(html.proto)
    for feature in board.fake_map.last["features"]:
        assert "<" not in feature["properties"]["n"]
