"""The files directly in pages/ that Streamlit's legacy navigation runs on a new server's first
deep link (components/cold_start.py): one per page reachable by URL, each running app.py."""

from __future__ import annotations

import ast
from pathlib import Path

from components import cold_start, shell
from components.classroom import BOARD_PAGE

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "pages"


def routable_ids() -> set[str]:
    ids = {spec.id for spec in (*shell.ALL_PAGES, BOARD_PAGE)}
    ids.discard(shell.JOURNEY[0].id)  # the home page is app.py itself for that navigation
    return ids


def test_every_page_reachable_by_url_has_its_cold_start_file():
    files = {path.stem for path in PAGES.glob("*.py")} - {"__init__"}
    assert files == routable_ids()


def test_each_cold_start_file_only_runs_the_entrypoint():
    for path in set(PAGES.glob("*.py")) - {PAGES / "__init__.py"}:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node.value.func.id
            for node in tree.body
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
        ]
        assert calls == ["run_entrypoint"], path.name


def test_the_entrypoint_it_runs_is_the_app():
    assert cold_start.ENTRYPOINT == ROOT / "app.py"
    assert cold_start.ENTRYPOINT.is_file()
