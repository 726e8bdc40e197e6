"""The layers, enforced: what each folder may import (see CONTRIBUTING.md, « Layout »).

pages → components → services → domain; adapters at the edges. The domain holds the model and
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
    "domain": UI | INFRASTRUCTURE | {"adapters", "services", "components", "pages"},
    "services": UI | {"components", "pages"},
    "adapters": {"components", "pages", "services"},
    "pages": {"sqlalchemy", "alembic", "psycopg", "adapters.storage"},
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
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.py").write_text("from adapters.storage.carnets import CarnetStore\n")
    assert violations("domain", tmp_path) == [
        "domain/bad.py imports sqlalchemy",
        "domain/bad.py imports sqlalchemy.text",
        "domain/bad.py imports streamlit",
    ]
    assert violations("pages", tmp_path) == [
        "pages/p.py imports adapters.storage.carnets",
        "pages/p.py imports adapters.storage.carnets.CarnetStore",
    ]
