"""The load test, short (``bench/bench_load.py`` is the full one): 3 learners at once walk the
journey through the websocket protocol (no browser) on ``streamlit run app.py`` and on the bare
app with the same pages and labels, stress profile; no error, nothing typed is lost, and the
private link reopens on the name typed before. The figures are printed, not asserted (the box
is shared): the full bench reports them against their targets."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.e2e.helpers import hard_timeout  # noqa: F401 - autouse: this module's BUDGET

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "bench") not in sys.path:
    sys.path.insert(0, str(ROOT / "bench"))

import bench_load  # noqa: E402

BUDGET = 240


@pytest.mark.parametrize("kind", ["app", "bare"])
def test_three_learners_at_once_lose_nothing(kind, tmp_path):
    with bench_load.serve(kind, servers=1, database="sqlite", workdir=tmp_path) as target:
        result = bench_load.run_load(target, "stress", 3, seed=3)
    print("\n" + bench_load.report([result]))
    assert result.errors == []
    assert len(result.timings["reopen"]) == 3  # every learner went to the end
    assert len(result.all_timings()) == 3 * 19
    if kind == "app":
        assert result.checked == 3 * 7 and result.lost == 0
    assert result.cores > 0 and result.peak_rss > 0


def test_the_protocol_client_sees_what_the_server_draws(tmp_path):
    """The client finds widgets by label, and an unknown label is an error, not a pass."""
    from st_protocol import Client, ProtocolError

    with bench_load.serve("bare", servers=1, database="sqlite", workdir=tmp_path) as target:
        client = Client(target.url)
        try:
            client.connect()
            assert "projet" in client.pages
            client.open_page("projet")
            assert bench_load.t("project.title") in client.page.texts()
            assert client.type("text_input", "Nom du projet", "Épicerie « Le Panier »") > 0
            with pytest.raises(ProtocolError):
                client.type("text_input", "Pas un champ", "x")
            with pytest.raises(ProtocolError):
                client.open_page("nowhere")
            # A tab drawn only when open: its text areas come with the tab's rerun.
            client.open_page("analyse")
            vision = bench_load.t("analyse.q.vision.label")
            assert vision not in [w.label for w in client.page.widgets("text_area")]
            assert client.open_tab(bench_load.t("analyse.part.questions")) > 0
            assert vision in [w.label for w in client.page.widgets("text_area")]
            with pytest.raises(ProtocolError):
                client.open_tab("Pas un onglet")
        finally:
            client.close()


@pytest.mark.parametrize("kind", ["app", "bare"])
def test_learners_join_a_class_while_its_board_refreshes(kind, tmp_path):
    """``bench_load.py --board``, short: 2 learners join a class (through its page) while a
    trainer client keeps the board's live fragment refreshing on the period the server
    announced; nothing lost, every learner a member sharing everything, the board shows them."""
    with bench_load.serve(kind, servers=1, database="sqlite", workdir=tmp_path) as target:
        result = bench_load.run_load(target, "stress", 2, seed=5, board=True)
    print("\n" + bench_load.report([result]))
    assert result.errors == []
    assert len(result.timings["join"]) == 2 * 8  # code, five choices, name, « Rejoindre »
    assert result.board is not None and result.board.period == 4
    assert len(result.board.timings) >= 1  # the fragment was rerun by the client's timer
    if kind == "app":
        assert result.checked == 2 * 8 and result.lost == 0
        assert bench_load.t("class.board.learners", count=2) in result.board.texts


def test_the_load_picks_among_eleven_alliances_when_the_app_shows_fewer_cards(tmp_path):
    """« Alliance exemple » shows its first cards only: ``bench_load.choose_alliance`` opens
    « Afficher les N autres alliances » when the card picked (of 11) is not among them, and the
    alliance chosen is that card's."""
    from st_protocol import Client

    from domain.catalogue import load_alliances

    with bench_load.serve("app", servers=1, database="sqlite", workdir=tmp_path) as target:
        client = Client(target.url)
        try:
            client.connect()
            client.click(bench_load.t("home.new"))
            client.open_page("alliance")
            choose = bench_load.t("alliance.choose")
            shown = [w for w in client.page.widgets("button") if w.label == choose]
            assert 0 < len(shown) < 11  # the case this helper is for
            assert bench_load.choose_alliance(client, 10) > 0
            chosen = [
                w
                for w in client.page.widgets("button")
                if w.label == bench_load.t("alliance.current")
            ]
            assert len(chosen) == 1
            assert chosen[0].proto.id.endswith(f"-choose_{load_alliances()[10].id}")
            assert not client.page.exceptions()
        finally:
            client.close()
