"""The directory's seed files as the directory imports them: the small test seed (always), and the shipped
``data/directory-seed.json`` when present (it arrives with the seed research): every entry
imports under the directory's rules, with its source URL and check date; the issue's coverage
(at least 100 entries, all 13 régions of metropolitan France, the CRESS of every région)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from adapters.storage.directory import DirectoryStore
from domain.catalogue import load_categories
from scripts.directory_coverage import METROPOLITAN, coverage
from services import directory as svc
from tests.databases import sqlite_engine

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "seed" / "directory_seed_small.json"
SHIPPED = ROOT / "data" / "directory-seed.json"
CATEGORIES = tuple(c.id for c in load_categories())
FIELDS = {
    "id",
    "name",
    "category",
    "network",
    "commune",
    "insee",
    "departement",
    "region",
    "region_code",
    "address",
    "website",
    "lat",
    "lon",
    "description_fr",
    "description_en",
    "source_url",
    "source_title",
    "checked_on",
}


def check_format(path: Path) -> list[dict]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert {"generated", "licence", "sources"} <= set(document["meta"])
    entries = document["entries"]
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids)), "seed ids must be unique"
    for entry in entries:
        assert FIELDS <= set(entry), entry["id"]  # the shipped seed says more (seat sources...)
        assert entry["category"] in CATEGORIES, entry["id"]
        assert entry["source_url"].startswith(("http://", "https://")), entry["id"]
        date.fromisoformat(entry["checked_on"])
        assert (entry["lat"] is None) == (entry["lon"] is None), entry["id"]
        if entry["commune"] is None:
            assert entry["lat"] is None, f"{entry['id']}: a point without a commune"
    return entries


def imports_cleanly(path: Path, tmp_path: Path) -> svc.SeedReport:
    with sqlite_engine(tmp_path) as engine:
        report = svc.import_seed(DirectoryStore(engine=engine), CATEGORIES, path)
    assert report.invalid == (), f"entries refused by the directory's rules: {report.invalid}"
    return report


def test_the_small_test_seed(tmp_path):
    entries = check_format(SMALL)
    assert 15 <= len(entries) <= 30
    assert imports_cleanly(SMALL, tmp_path).added == len(entries)
    assert "19 entries" in coverage(json.loads(SMALL.read_text(encoding="utf-8")))


@pytest.mark.skipif(not SHIPPED.is_file(), reason="data/directory-seed.json not shipped yet")
def test_the_shipped_seed_covers_the_issue(tmp_path):
    entries = check_format(SHIPPED)
    assert len(entries) >= 100
    assert METROPOLITAN <= {e["region_code"] for e in entries}
    cress_regions = {e["region_code"] for e in entries if e["category"] == "cress"}
    assert METROPOLITAN <= cress_regions
    assert imports_cleanly(SHIPPED, tmp_path).added == len(entries)
