"""The layers, enforced: what each folder may import (see CONTRIBUTING.md, « Layout »).

app_pages (the pages) → components → services → domain; adapters at the edges. The domain holds the model and
its rules and imports no framework, database or rendering library; the service layer imports no
Streamlit; pages never reach storage directly.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

UI = {"streamlit", "streamlit_folium"}
INFRASTRUCTURE = {
    "sqlalchemy",
    "alembic",
    "psycopg",
    "folium",
    "branca",
    "plotly",
    "fpdf",
    "jinja2",
    "markupsafe",
    "geopy",
    "requests",
    "segno",
    "pandas",
    "fastkml",
}

# folder -> top-level packages it must never import
FORBIDDEN = {
    "domain": UI | INFRASTRUCTURE | {"adapters", "services", "components", "app_pages"},
    "services": UI | {"components", "app_pages"},
    "adapters": {"components", "app_pages", "services"},
    "app_pages": {"sqlalchemy", "alembic", "psycopg", "adapters.storage"},
    "components": {"sqlalchemy", "alembic", "psycopg", "adapters.storage"},
}
# The one adapter that binds streamlit-folium (it checks the installed version) may import it.
ALLOWED = {"adapters/folium_binding.py": UI}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def violations(folder: str, root: Path = ROOT) -> list[str]:
    out = []
    for path in sorted((root / folder).rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        allowed = ALLOWED.get(relative, set())
        for module in sorted(imported_modules(path)):
            for banned in sorted(FORBIDDEN[folder] - allowed):
                if module == banned or module.startswith(banned + "."):
                    out.append(f"{relative} imports {module}")
    return out


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layer_imports(folder):
    assert (ROOT / folder).is_dir()
    assert violations(folder) == []


def test_the_rule_catches_an_offender(tmp_path):
    (tmp_path / "domain").mkdir()
    (tmp_path / "domain" / "bad.py").write_text(
        "import streamlit as st\nfrom sqlalchemy import text\n"
    )
    (tmp_path / "app_pages").mkdir()
    (tmp_path / "app_pages" / "p.py").write_text(
        "from adapters.storage.carnets import CarnetStore\n"
    )
    assert violations("domain", tmp_path) == [
        "domain/bad.py imports sqlalchemy",
        "domain/bad.py imports sqlalchemy.text",
        "domain/bad.py imports streamlit",
    ]
    assert violations("app_pages", tmp_path) == [
        "app_pages/p.py imports adapters.storage.carnets",
        "app_pages/p.py imports adapters.storage.carnets.CarnetStore",
    ]


def test_no_pages_folder_beside_the_entrypoint():
    """The pages live in ``app_pages/``, not ``pages/``: when a ``pages/`` folder sits beside the
    main script, Streamlit (1.67, ``PagesManager.uses_pages_directory``) runs a new server's first
    script run through its legacy navigation over that folder, so the first deep link a freshly
    started server serves (``/projet``) answered « Page not found » (issue 14;
    ``tests/e2e/test_cold_start.py`` opens it in Chromium)."""
    assert (ROOT / "app.py").is_file()
    assert not (ROOT / "pages").exists()
