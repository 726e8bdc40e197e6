"""The seed of the shared directory of support actors: reproducible from its curated sources,
sourced entry by entry, covering every région, placed only where a source says so, and clean
(French typography, no HTML). No network: everything is read from the repository."""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from domain.gazetteer import Commune, Gazetteer, normalize
from scripts.data_checks import walk_strings

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "data" / "directory-seed.json"
SOURCES = REPO / "data" / "sources" / "directory-sources.json"
CATEGORIES = REPO / "data" / "categories.json"
BUILD_SCRIPT = REPO / "scripts" / "build_directory_seed.py"

METROPOLITAN = {
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
}
OVERSEAS = {"Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"}
ALL_REGIONS = METROPOLITAN | OVERSEAS

# What the public lists gave, category by category (see data/README.md). Changing the seed means
# changing this table on purpose.
EXPECTED_COVERAGE = {
    "cress": ALL_REGIONS,
    # The 13 metropolitan and the 5 overseas chambers of région.
    "cci": ALL_REGIONS,
    "cma": ALL_REGIONS,
    "ptce": {
        "Auvergne-Rhône-Alpes",
        "Bourgogne-Franche-Comté",
        "Centre-Val de Loire",
        "Grand Est",
        "Hauts-de-France",
        "Île-de-France",
        "Normandie",
        "Nouvelle-Aquitaine",
        "Occitanie",
        "Pays de la Loire",
        "Provence-Alpes-Côte d'Azur",
        "Guadeloupe",
        "Guyane",
        "La Réunion",
        "Mayotte",
    },
    "incubateur_social": {
        "Auvergne-Rhône-Alpes",
        "Bourgogne-Franche-Comté",
        "Bretagne",
        "Centre-Val de Loire",
        "Grand Est",
        "Hauts-de-France",
        "Île-de-France",
        "Nouvelle-Aquitaine",
        "Occitanie",
        "Pays de la Loire",
        "Provence-Alpes-Côte d'Azur",
        "Martinique",
    },
    "fondation_territoriale": {
        "Auvergne-Rhône-Alpes",
        "Grand Est",
        "Hauts-de-France",
        "Île-de-France",
        "Nouvelle-Aquitaine",
        "Pays de la Loire",
        "Provence-Alpes-Côte d'Azur",
    },
    # Regional groups of the former Mouves named by a public page (no national list, and no page
    # read says they are still active); the national movement has no page stating its seat.
    "mouves": {"Hauts-de-France", "Île-de-France", "Nouvelle-Aquitaine", "Occitanie", "La Réunion"},
}
EXPECTED_NETWORK_COVERAGE = {
    "DLA": {
        "Auvergne-Rhône-Alpes",
        "Bretagne",
        "Centre-Val de Loire",
        "Grand Est",
        "Hauts-de-France",
        "Île-de-France",
        "Normandie",
        "Nouvelle-Aquitaine",
        "Occitanie",
        "Provence-Alpes-Côte d'Azur",
        "Guyane",
        "La Réunion",
    },
    "France Active": {
        "Auvergne-Rhône-Alpes",
        "Bourgogne-Franche-Comté",
        "Bretagne",
        "Grand Est",
        "Hauts-de-France",
        "Île-de-France",
        "Occitanie",
        "Provence-Alpes-Côte d'Azur",
        "La Réunion",
    },
}

FRENCH_FIELDS = ("name", "description_fr", "source_title", "seat_source_title", "address")


def _load_build_module():
    spec = importlib.util.spec_from_file_location("build_directory_seed", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_module():
    return _load_build_module()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def seed() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(seed) -> list[dict]:
    return seed["entries"]


@pytest.fixture(scope="module")
def categories() -> dict:
    return json.loads(CATEGORIES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sources() -> dict:
    return json.loads(SOURCES.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- reproducible


def test_committed_seed_equals_build_output(build_module, gazetteer):
    built = build_module.build_text(SOURCES, CATEGORIES, gazetteer)
    assert SEED.read_text(encoding="utf-8") == built, (
        "data/directory-seed.json is stale: run python scripts/build_directory_seed.py"
    )


def test_build_is_deterministic(build_module, gazetteer, sources, categories):
    first = build_module.render(build_module.build(sources, categories, gazetteer))
    second = build_module.render(build_module.build(copy.deepcopy(sources), categories, gazetteer))
    assert first == second


def test_check_mode(build_module, tmp_path, capsys):
    assert build_module.main(["--check"]) == 0
    stale = tmp_path / "seed.json"
    stale.write_text("{}\n", encoding="utf-8")
    assert build_module.main(["--check", "--out", str(stale)]) == 1
    assert "stale" in capsys.readouterr().err


def test_entries_are_sorted_by_region_category_name(entries, categories):
    order = {c["id"]: i for i, c in enumerate(categories["categories"])}
    keys = [(normalize(e["region"]), order[e["category"]], normalize(e["name"])) for e in entries]
    assert keys == sorted(keys)


# ----------------------------------------------------------------------------- coverage


def test_at_least_100_entries(seed, entries):
    assert len(entries) >= 100
    assert seed["meta"]["entry_count"] == len(entries)


def test_all_metropolitan_regions_covered(entries):
    regions = {e["region"] for e in entries}
    assert METROPOLITAN <= regions
    assert regions <= ALL_REGIONS


def test_one_cress_per_region(entries):
    cress = [e for e in entries if e["category"] == "cress"]
    assert len(cress) == 18
    assert sorted(e["region"] for e in cress) == sorted(ALL_REGIONS)
    # The five overseas régions have their CRESS.
    assert OVERSEAS <= {e["region"] for e in cress}


@pytest.mark.parametrize("category", sorted(EXPECTED_COVERAGE))
def test_category_coverage_matches_the_public_lists(entries, category):
    found = {e["region"] for e in entries if e["category"] == category}
    assert found == EXPECTED_COVERAGE[category]


def test_cci_and_cma_one_per_region(entries):
    for category in ("cci", "cma"):
        regions = [e["region"] for e in entries if e["category"] == category]
        assert sorted(regions) == sorted(ALL_REGIONS), category


# Entries placed at a commune because a public page states it (their own page or a
# seat_source_url page). Changing the seed means changing this set on purpose.
EXPECTED_PLACED = {
    "ad-normandie": "Caen",
    "alter-incub-occitanie": "Montpellier",
    "catalis": "Toulouse",
    "cci-guadeloupe": "Pointe-à-Pitre",
    "cci-la-reunion": "Saint-Denis",
    "cci-martinique": "Fort-de-France",
    "cci-occitanie": "Blagnac",
    "cma-hauts-de-france": "Lille",
    "cma-la-reunion": "Saint-Denis",
    "cma-mayotte": "Mamoudzou",
    "cress-provence-alpes-cote-d-azur": "Marseille",
    "dla-pays-de-rennes-reso-solidaire": "Rennes",
    "finkela-singa-lyon": "Lyon",
    "fondation-de-france-centre-est": "Lyon",
    "fondation-de-lille": "Lille",
    "france-active-lorraine": "Nancy",
    "inter-made": "Marseille",
    "la-ruche-bordeaux": "Bordeaux",
    "les-ecossolies": "Nantes",
    "ptce-labsport": "Saint-Nazaire",
    "ptce-pope-bobigny": "Bobigny",
    "ronalpia": "Lyon",
}


def test_entries_placed_at_a_commune(entries):
    placed = {e["id"]: e["commune"] for e in entries if e["commune"] is not None}
    assert placed == EXPECTED_PLACED


@pytest.mark.parametrize("network", sorted(EXPECTED_NETWORK_COVERAGE))
def test_parapublic_network_coverage(entries, network):
    found = {e["region"] for e in entries if e["network"] == network}
    assert found == EXPECTED_NETWORK_COVERAGE[network]
    assert all(e["category"] == "parapublic_innovation" for e in entries if e["network"] == network)


def test_categories_are_the_eight_ids(entries, categories):
    ids = {c["id"] for c in categories["categories"]}
    assert len(ids) == 8
    assert {e["category"] for e in entries} <= ids


# ----------------------------------------------------------------------------- sourced


def _is_http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


def test_every_entry_is_sourced_and_dated(entries):
    for e in entries:
        assert _is_http_url(e["source_url"]), e["id"]
        assert e["source_title"].strip(), e["id"]
        dt.date.fromisoformat(e["checked_on"])
        if e["website"] is not None:
            assert _is_http_url(e["website"]), e["id"]


def test_seat_sources_are_paired_and_place_a_commune(entries):
    for e in entries:
        if e["seat_source_url"] is None:
            assert e["seat_source_title"] is None, e["id"]
            continue
        assert _is_http_url(e["seat_source_url"]), e["id"]
        assert e["seat_source_title"].strip(), e["id"]
        assert e["seat_source_url"] != e["source_url"], e["id"]
        assert e["commune"] is not None, e["id"]


def test_meta_lists_the_distinct_sources(seed, entries):
    titles = {e["source_url"]: e["source_title"] for e in entries}
    titles |= {
        e["seat_source_url"]: e["seat_source_title"] for e in entries if e["seat_source_url"]
    }
    assert [s["url"] for s in seed["meta"]["sources"]] == sorted(titles)
    assert all(s["title"] == titles[s["url"]] for s in seed["meta"]["sources"])
    assert seed["meta"]["licence"]
    assert seed["meta"]["generated"] == max(e["checked_on"] for e in entries)


def test_ids_are_unique_slugs(entries):
    ids = [e["id"] for e in entries]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


def test_descriptions_are_one_short_sentence_in_each_language(entries):
    for e in entries:
        for key in ("description_fr", "description_en"):
            text = e[key]
            assert text.endswith("."), (e["id"], key)
            assert len(text) <= 240, (e["id"], key)


# ----------------------------------------------------------------------------- places


def test_coordinates_only_from_a_commune_and_inside_france(build_module, entries, gazetteer):
    for e in entries:
        if e["commune"] is None:
            assert e["lat"] is None and e["lon"] is None and e["insee"] is None, e["id"]
            assert e["location"] == "region", e["id"]
            continue
        assert e["location"] == "commune", e["id"]
        assert build_module.in_france(e["lat"], e["lon"]), e["id"]
        commune = gazetteer.get(e["insee"])
        assert commune is not None and commune.name == e["commune"], e["id"]
        assert (commune.lat, commune.lon) == (e["lat"], e["lon"]), e["id"]
        assert commune.departement_code == e["departement"], e["id"]
        assert commune.region == e["region"], e["id"]
        assert commune.region_code == e["region_code"], e["id"]


def test_region_codes_match_the_gazetteer(entries, gazetteer):
    codes = {c.region: c.region_code for c in gazetteer}
    for e in entries:
        assert codes[e["region"]] == e["region_code"], e["id"]


def test_no_two_entries_with_the_same_name_in_the_same_place(entries):
    seen = set()
    for e in entries:
        key = (normalize(e["name"]), e["insee"] or e["region_code"])
        assert key not in seen, e["id"]
        seen.add(key)


def test_communes_and_addresses_come_from_the_curated_sources(entries, sources):
    curated = {s["id"]: s for s in sources["entries"]}
    for e in entries:
        raw = curated[e["id"]]
        assert e["address"] == raw.get("address"), e["id"]
        assert e["website"] == raw.get("website"), e["id"]
        assert e["seat_source_url"] == raw.get("seat_source_url"), e["id"]
        if raw.get("commune") is None:
            assert e["commune"] is None, e["id"]
        else:
            assert normalize(e["commune"]) == normalize(raw["commune"]), e["id"]


# ----------------------------------------------------------------------------- clean text


def test_no_html_in_any_field(build_module, seed):
    for _, text in walk_strings(seed):
        assert not build_module.has_html(text), text


def test_french_typography(build_module, entries):
    for e in entries:
        for key in FRENCH_FIELDS:
            if e.get(key):
                assert build_module.french_typography_problems(e[key]) == [], (e["id"], key)


# ----------------------------------------------------------------------------- validation


def _commune(insee, name, dep, region_code, region, lat, lon) -> Commune:
    return Commune(insee, name, (), dep, dep, region_code, region, lat, lon, 1000, False)


@pytest.fixture(scope="module")
def tiny_gazetteer() -> Gazetteer:
    return Gazetteer(
        [
            _commune("44109", "Nantes", "44", "52", "Pays de la Loire", 47.2172, -1.5534),
            _commune("44184", "Saint-Nazaire", "44", "52", "Pays de la Loire", 47.2751, -2.2179),
            _commune("30288", "Saint-Nazaire", "30", "76", "Occitanie", 44.1978, 4.6292),
            _commune("35238", "Rennes", "35", "53", "Bretagne", 48.1119, -1.6743),
        ]
    )


def _good_entry(**changes) -> dict:
    entry = {
        "id": "exemple",
        "name": "Exemple d’acteur",
        "category": "cress",
        "network": "CRESS",
        "commune": "Nantes",
        "region": "Pays de la Loire",
        "description_fr": "Un acteur d’exemple pour les tests.",
        "description_en": "An example actor for the tests.",
        "source_url": "https://example.org/page",
        "source_title": "Exemple – une page",
        "checked_on": "2026-12-06",
    }
    entry.update(changes)
    return entry


def _problems(build_module, categories, tiny_gazetteer, *entries) -> list[str]:
    try:
        build_module.build({"entries": list(entries)}, categories, tiny_gazetteer)
    except build_module.BuildError as err:
        return err.problems
    return []


def test_a_good_entry_builds(build_module, categories, tiny_gazetteer):
    doc = build_module.build({"entries": [_good_entry()]}, categories, tiny_gazetteer)
    (entry,) = doc["entries"]
    assert (entry["insee"], entry["departement"], entry["region_code"]) == (
        "44109",
        "44",
        "52",
    )
    regional = build_module.build(
        {"entries": [_good_entry(commune=None)]}, categories, tiny_gazetteer
    )["entries"][0]
    assert regional["lat"] is None and regional["location"] == "region"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"category": "chamber"}, "unknown category"),
        ({"source_url": "ftp://example.org/x"}, "not an http(s) URL"),
        ({"website": "javascript:alert(1)"}, "not an http(s) URL"),
        ({"region": "Bretagne"}, "is in Pays de la Loire"),
        ({"region": "Région inconnue"}, "unknown région"),
        ({"commune": "Atlantis"}, "unknown commune"),
        ({"commune": "Saint-Nazaire", "commune_insee": None}, "ambiguous commune"),
        ({"name": "Exemple d'acteur"}, "straight apostrophe"),
        ({"description_fr": "Un acteur : pour les tests."}, "ordinary space before ':'"),
        ({"description_fr": "Un acteur « exemple » pour les tests."}, "after '«'"),
        ({"description_en": "An <b>example</b>."}, "contains HTML"),
        ({"name": "Tom &amp; Jerry"}, "contains HTML"),
        ({"id": "Pas Un Slug"}, "lowercase slug"),
        ({"checked_on": "06/12/2026"}, "YYYY-MM-DD"),
        ({"description_en": "One. Two sentences."}, "single sentence"),
        ({"description_fr": ""}, "required"),
        ({"extra": "x"}, "unknown fields"),
        (
            {"seat_source_url": "ftp://example.org/seat", "seat_source_title": "Siège"},
            "seat_source_url is not an http(s) URL",
        ),
        ({"seat_source_url": "https://example.org/seat"}, "go together"),
        ({"seat_source_title": "Siège"}, "go together"),
        (
            {
                "commune": None,
                "seat_source_url": "https://example.org/seat",
                "seat_source_title": "Siège",
            },
            "without a commune",
        ),
        (
            {"seat_source_url": "https://example.org/page", "seat_source_title": "Siège"},
            "repeats source_url",
        ),
        (
            {"seat_source_url": "https://example.org/seat", "seat_source_title": "Siège : ici"},
            "seat_source_title: French typography",
        ),
    ],
)
def test_invalid_entries_are_refused(build_module, categories, tiny_gazetteer, changes, expected):
    problems = _problems(build_module, categories, tiny_gazetteer, _good_entry(**changes))
    assert any(expected in p for p in problems), problems


def test_a_seat_source_builds_and_is_listed(build_module, categories, tiny_gazetteer):
    seat = {"seat_source_url": "https://example.org/siege", "seat_source_title": "Le siège"}
    doc = build_module.build({"entries": [_good_entry(**seat)]}, categories, tiny_gazetteer)
    (entry,) = doc["entries"]
    assert (entry["seat_source_url"], entry["seat_source_title"]) == tuple(seat.values())
    assert {s["url"] for s in doc["meta"]["sources"]} == {
        "https://example.org/page",
        "https://example.org/siege",
    }
    plain = build_module.build({"entries": [_good_entry()]}, categories, tiny_gazetteer)
    assert plain["entries"][0]["seat_source_url"] is None


def test_ambiguous_commune_resolved_by_insee(build_module, categories, tiny_gazetteer):
    doc = build_module.build(
        {"entries": [_good_entry(commune="Saint-Nazaire", commune_insee="44184")]},
        categories,
        tiny_gazetteer,
    )
    assert doc["entries"][0]["insee"] == "44184"


def test_duplicates_are_refused(build_module, categories, tiny_gazetteer):
    problems = _problems(
        build_module, categories, tiny_gazetteer, _good_entry(), _good_entry(name="Autre")
    )
    assert any("duplicate id" in p for p in problems)
    problems = _problems(
        build_module, categories, tiny_gazetteer, _good_entry(), _good_entry(id="exemple-2")
    )
    assert any("same name and place" in p for p in problems)
    problems = _problems(
        build_module,
        categories,
        tiny_gazetteer,
        _good_entry(),
        _good_entry(id="autre", name="Autre", source_title="Un autre titre"),
    )
    assert any("two titles" in p for p in problems)
    problems = _problems(
        build_module,
        categories,
        tiny_gazetteer,
        _good_entry(),
        _good_entry(
            id="autre",
            name="Autre",
            seat_source_url="https://example.org/page",
            seat_source_title="Un autre titre",
            source_url="https://example.org/autre",
            source_title="Autre page",
        ),
    )
    assert any("two titles" in p for p in problems)
