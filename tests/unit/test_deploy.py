"""The deployment recipe stays true: the settings the code reads are all in the table of
docs/deploy.md (and README's), the Streamlit options of the systemd unit and of the container
exist, the container's health check polls /_stcore/health. (nginx's configuration is started
for real by tests/e2e/test_several_servers.py.)"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from streamlit import config as streamlit_config

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SETTING = re.compile(r"\"((?:CARNET|ALLIANCES|CLASS)_[A-Z_]+|DATABASE_URL)\"")
CODE_FOLDERS = ("adapters", "components", "domain", "app_pages", "services", "scripts")


def settings_read_by_the_code() -> set[str]:
    found = set()
    for folder in CODE_FOLDERS:
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(SETTING.findall(path.read_text(encoding="utf-8")))
    return found


def table_variables(markdown: str) -> set[str]:
    return set(re.findall(r"^\| `([A-Z_]+)` \|", markdown, flags=re.M))


def test_every_setting_the_code_reads_is_documented():
    read = settings_read_by_the_code()
    assert {"DATABASE_URL", "CARNET_DB_PATH", "CARNET_RETENTION_DAYS"} <= read
    documented = table_variables((ROOT / "docs" / "deploy.md").read_text(encoding="utf-8"))
    assert read - documented == set(), "missing from the table of docs/deploy.md"
    readme = table_variables((ROOT / "README.md").read_text(encoding="utf-8"))
    assert read - readme == set(), "missing from README's configuration table"


def streamlit_options(arguments: list[str]) -> dict[str, str]:
    options = {}
    for flag, value in zip(arguments, arguments[1:], strict=False):
        if flag.startswith("--"):
            options[flag[2:]] = value
    return options


def check_options(options: dict[str, str]) -> None:
    known = streamlit_config.get_config_options()
    assert options, "no Streamlit option found"
    unknown = sorted(set(options) - set(known))
    assert unknown == [], f"not Streamlit options: {unknown}"
    assert options["server.headless"] == "true"
    assert options["server.enableStaticServing"] == "true"  # the map's Leaflet is served


def test_the_systemd_unit_runs_the_app_with_real_options():
    unit = (DEPLOY / "alliances@.service").read_text(encoding="utf-8").replace("\\\n", " ")
    exec_start = re.search(r"^ExecStart=(.*)$", unit, flags=re.M).group(1)
    command = shlex.split(exec_start)
    assert command[1:5] == ["-m", "streamlit", "run", "app.py"]
    options = streamlit_options(command[5:])
    check_options(options)
    assert options["server.port"] == "%i" and options["server.address"] == "127.0.0.1"
    assert "EnvironmentFile=-/etc/alliances/env" in unit


def test_the_container_runs_the_app_with_real_options_and_a_health_check():
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    joined = text.replace("\\\n", " ")
    command = json.loads(re.search(r"^CMD (\[.*\])$", joined, flags=re.M).group(1))
    assert command[:4] == ["python", "-m", "streamlit", "run"]
    check_options(streamlit_options(command[5:]))
    assert "/_stcore/health" in re.search(r"HEALTHCHECK.*", joined).group(0)
    for copied in re.findall(r"^COPY (\S+) ", text, flags=re.M):
        if copied != ".":
            assert (ROOT / copied).exists(), copied


@pytest.mark.parametrize("unit", ["alliances-purge.service"])
def test_the_purge_unit_runs_the_purge_command(unit):
    text = (DEPLOY / unit).read_text(encoding="utf-8")
    script = re.search(r"^ExecStart=\S+ (\S+)$", text, flags=re.M).group(1)
    assert (ROOT / script).is_file()
