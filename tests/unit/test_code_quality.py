"""ruff (lint and format) and mypy find nothing; their configuration is in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_ruff_lint_is_clean():
    result = run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run("ruff", "format", "--no-cache", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    """The type checker (strict on domain/ and services/, config in pyproject.toml) over every
    layer of the app."""
    result = run("mypy", "app.py", "app_pages", "components", "services", "adapters", "domain")
    assert result.returncode == 0, result.stdout + result.stderr
