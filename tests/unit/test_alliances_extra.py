"""The alliances added from data/sources/alliances-extra.json: every région covered, every fact
sourced and dated, coordinates that are commune centres of the gazetteer; and the ordering of
the catalogue for a learner's région.

Nothing here needs the research facts (../shared): the extra file lives in the repository."""

from __future__ import annotations

import copy
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from domain.catalogue import (
    get_alliance,
    load_alliances,
    neighbouring_regions,
    normalize_search,
    order_for_region,
)
from domain.gazetteer import Gazetteer
from scripts.data_checks import in_france, is_url

REPO = Path(__file__).resolve().parents[2]
EXTRA = REPO / "data" / "sources" / "alliances-extra.json"
BUILD_SCRIPT = REPO / "scripts" / "build_catalogue.py"

# INSEE codes of the 13 régions of metropolitan France and of the 5 overseas ones.
METROPOLITAN = ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94")
OVERSEAS = ("01", "02", "03", "04", "06")


def extra_facts() -> dict:
    return json.loads(EXTRA.read_text(encoding="utf-8"))


EXTRA_IDS = [a["id"] for a in extra_facts()["alliances"]]


def load_build_module():
    spec = importlib.util.spec_from_file_location("build_catalogue", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXTRA_REQUIRED = load_build_module().EXTRA_REQUIRED  # the schema the build checks


# ----------------------------------------------------------------------------- coverage


def test_every_metropolitan_region_has_two_alliances_and_overseas_has_one():
    per_region = Counter(a.region_code for a in load_alliances())
    short = {code: per_region[code] for code in METROPOLITAN if per_region[code] < 2}
    assert not short, f"régions with fewer than 2 alliances: {short}"
    assert sum(per_region[code] for code in OVERSEAS) >= 1
    assert set(per_region) <= set(METROPOLITAN) | set(OVERSEAS)


def test_the_regions_without_alliances_are_covered_by_the_extra_ones():
    regions = {get_alliance(aid).region_code for aid in EXTRA_IDS}
    assert {"32", "94", "28", "75", "76", "24"} <= regions
    assert {"02", "04", "06"} <= regions  # Martinique, La Réunion, Mayotte


# ----------------------------------------------------------------------------- the extra file


def test_extra_file_has_the_shared_schema_plus_checked_on():
    assert "checked_on" in EXTRA_REQUIRED
    for fa in extra_facts()["alliances"]:
        assert set(fa) == set(EXTRA_REQUIRED), fa["id"]
        assert fa["checked_on"] == "2026-12-06"
        for member in fa["members"]:
            assert set(member) == {"name", "family", "role", "sources", "family_code"}
        for fact in fa["key_facts"]:
            assert set(fact) == {"fact", "sources"}
        assert all(isinstance(u, str) and u for u in fa["unverified"])


@pytest.mark.parametrize("fa", extra_facts()["alliances"], ids=lambda fa: fa["id"])
def test_every_extra_fact_has_its_source_urls(fa):
    assert fa["members"] and len(fa["members"]) >= 2
    for member in fa["members"]:
        assert member["sources"] and all(is_url(u) for u in member["sources"]), member["name"]
        assert member["role"].strip()
    assert fa["vision_fr"] and fa["vision_sources"]
    assert all(is_url(u) for u in fa["vision_sources"])
    assert fa["key_facts"]
    for fact in fa["key_facts"]:
        assert fact["sources"] and all(is_url(u) for u in fact["sources"]), fact["fact"]
    # year: a number only when a source gives it; otherwise None and said so in the notes
    assert fa["year_founded"] is None or isinstance(fa["year_founded"], int)
    assert fa["year_notes"].strip()


@pytest.mark.parametrize("fa", extra_facts()["alliances"], ids=lambda fa: fa["id"])
def test_extra_coordinates_are_commune_centres_in_france(fa):
    assert in_france(fa["lat"], fa["lon"])
    assert fa["coords_source"] == "commune centre, data/communes.csv.gz"
    name = fa["commune"].split(" (")[0]
    hits = [c for c in Gazetteer.load().search(name, limit=50) if c.name == name]
    assert any((c.lat, c.lon) == (fa["lat"], fa["lon"]) for c in hits), name


@pytest.mark.parametrize("aid", EXTRA_IDS)
def test_extra_alliances_reach_the_app_with_sources_and_date(aid):
    fa = next(a for a in extra_facts()["alliances"] if a["id"] == aid)
    alliance = get_alliance(aid)
    assert alliance is not None
    assert alliance.checked_on == fa["checked_on"]
    assert alliance.coords_basis == "commune_gazetteer" and alliance.coords_source is None
    assert (alliance.lat, alliance.lon) == (fa["lat"], fa["lon"])
    assert [m.name for m in alliance.members] == [m["name"] for m in fa["members"]]
    for member, fm in zip(alliance.members, fa["members"], strict=True):
        assert list(member.sources) == fm["sources"]
        assert member.family == fm["family_code"]
    assert alliance.year == fa["year_founded"]
    assert len(alliance.unverified) == len(fa["unverified"])
    assert alliance.vision_verified


def test_unverified_items_are_not_shown_as_facts():
    havre = get_alliance("pole_mobilite_havre")
    assert havre.year is None  # founding year not found in any source
    assert any("non vérifi" in note.fr or "pas été vérifi" in note.fr for note in havre.unverified)
    assert get_alliance("ptce_sud_aquitaine").year is None
    # a member whose legal form no source gives is filed under « other », not guessed
    lab = next(m for m in get_alliance("tzcld_riviere_pilote").members if "Odyssea" in m.name)
    assert lab.family == "other"


# ----------------------------------------------------------------------------- the build


def test_check_extra_passes_on_the_committed_file():
    module = load_build_module()
    assert module.check_extra(extra_facts()) == []
    assert module.main(["--check-extra"]) == 0


def test_check_extra_catches_unsourced_or_misplaced_alliances():
    module = load_build_module()
    broken = copy.deepcopy(extra_facts())
    first, second, third, fourth = broken["alliances"][:4]
    first["members"][0]["sources"] = []
    second["lat"] += 0.05  # no longer the commune centre
    third["region"] = "Picardie"
    del fourth["checked_on"]
    problems = "\n".join(module.check_extra(broken))
    assert first["members"][0]["name"] in problems and "without source" in problems
    assert "not the centre of" in problems
    assert "unknown région 'Picardie'" in problems
    assert "missing checked_on" in problems


def test_merge_refuses_an_id_already_in_the_research_facts():
    module = load_build_module()
    extra = extra_facts()
    facts = {"alliances": [{"id": extra["alliances"][0]["id"]}]}
    with pytest.raises(module.BuildError):
        module.merge_facts(facts, extra)
    merged = module.merge_facts({"alliances": [{"id": "other"}]}, extra)
    assert [a["id"] for a in merged["alliances"]] == ["other", *EXTRA_IDS]


# ----------------------------------------------------------------------------- région first


def test_order_for_region_puts_the_region_then_its_neighbours_first():
    alliances = load_alliances()
    ordered = order_for_region(alliances, "32")  # Hauts-de-France
    assert sorted(a.id for a in ordered) == sorted(a.id for a in alliances)
    groups = [
        0 if a.region_code == "32" else 1 if a.region_code in neighbouring_regions("32") else 2
        for a in ordered
    ]
    assert groups == sorted(groups)
    assert {a.id for a in ordered[:2]} == {"tzcld_loos", "ecopole_audruicq"}
    assert ordered[2].region_code in {"11", "28", "44"}
    # by name within a group, accents and case ignored
    for group in (0, 1, 2):
        names = [
            normalize_search(a.name) for a, g in zip(ordered, groups, strict=True) if g == group
        ]
        assert names == sorted(names)


def test_order_for_region_overseas_and_unknown():
    alliances = load_alliances()
    assert order_for_region(alliances, "04")[0].id == "tzcld_le_port"
    assert order_for_region(alliances, 2)[0].id == "tzcld_riviere_pilote"
    by_name = order_for_region(alliances, None)
    assert [normalize_search(a.name) for a in by_name] == sorted(
        normalize_search(a.name) for a in alliances
    )
    assert order_for_region(alliances, "99") == by_name
    assert order_for_region([], "32") == []


def test_neighbouring_regions_are_symmetric():
    for code in METROPOLITAN + OVERSEAS:
        for other in neighbouring_regions(code):
            assert code in neighbouring_regions(other), (code, other)
    assert neighbouring_regions("94") == {"93"}  # Corse: across the sea from Provence
    assert neighbouring_regions("53") == {"28", "52"}


# ----------------------------------------------------------------------------- data/README.md


def test_data_readme_lists_every_added_alliance_and_the_counts():
    readme = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for fa in extra_facts()["alliances"]:
        assert f"(`{fa['id']}`)" in readme, fa["id"]
        assert fa["vision_sources"][0] in readme
    per_region = Counter(a.region_code for a in load_alliances())
    for code in METROPOLITAN + OVERSEAS:
        section = readme.split("## Alliances by région", 1)[1].split("\n## ", 1)[0]
        row = next(line for line in section.splitlines() if f"| {code} |" in line)
        assert row.rstrip(" |").endswith(f"| {per_region[code]}"), row
