"""The README's two set-up commands stay true: CI runs the README's test command, and the
requirements pin every package the app imports."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)


def test_readme_has_the_two_commands():
    app_command, test_command = readme_commands()
    assert (
        "pip install -r requirements.txt" in app_command and "streamlit run app.py" in app_command
    )
    assert test_command == "bash scripts/test.sh"


def test_ci_runs_the_readme_test_command():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert readme_commands()[1] in ci_lines
    assert any("chromium" in line and "postgresql" in line for line in ci_lines)


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{name}: {line} is not pinned"
