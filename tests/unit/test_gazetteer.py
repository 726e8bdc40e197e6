"""Tests of domain.gazetteer on the shipped data file, and of the build script's helpers."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from domain.gazetteer import DEFAULT_PATH, Commune, Gazetteer, normalize

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def build():
    """scripts/build_gazetteer.py imported as a module (no network is used)."""
    path = REPO_ROOT / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gazetteer"] = module
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------- data file


def test_data_file_is_shipped_and_compact():
    assert DEFAULT_PATH == REPO_ROOT / "data" / "communes.csv.gz"
    assert DEFAULT_PATH.is_file()
    assert DEFAULT_PATH.stat().st_size < 1_000_000


def test_count_is_plausible(gaz):
    # 34,875 communes of metropolitan France and the DROM + 45 arrondissements municipaux
    assert 34_000 < len(gaz) < 36_000
    insees = [c.insee for c in gaz]
    assert len(insees) == len(set(insees))


def test_departements_and_regions_are_complete(gaz):
    deps = {c.departement_code for c in gaz}
    assert len(deps) == 101
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= deps
    regions = {c.region_code: c.region for c in gaz}
    assert len(regions) == 18
    assert regions["53"] == "Bretagne"
    assert regions["11"] == "Île-de-France"
    assert regions["04"] == "La Réunion"
    # a département belongs to one région only
    dep_region = {}
    for c in gaz:
        assert dep_region.setdefault(c.departement_code, c.region_code) == c.region_code


@pytest.mark.parametrize(
    "insee, name, postcode, dep_code, dep, region, lat, lon",
    [
        ("35219", "Pipriac", "35550", "35", "Ille-et-Vilaine", "Bretagne", 47.81, -1.95),
        ("26281", "Romans-sur-Isère", "26100", "26", "Drôme", "Auvergne-Rhône-Alpes", 45.04, 5.05),
        ("42218", "Saint-Étienne", "42000", "42", "Loire", "Auvergne-Rhône-Alpes", 45.43, 4.39),
        ("94018", "Charenton-le-Pont", "94220", "94", "Val-de-Marne", "Île-de-France", 48.82, 2.41),
        ("44109", "Nantes", "44000", "44", "Loire-Atlantique", "Pays de la Loire", 47.22, -1.55),
        ("75056", "Paris", "75001", "75", "Paris", "Île-de-France", 48.86, 2.35),
        ("2A004", "Ajaccio", "20000", "2A", "Corse-du-Sud", "Corse", 41.92, 8.74),
        ("97411", "Saint-Denis", "97400", "974", "La Réunion", "La Réunion", -20.88, 55.45),
    ],
)
def test_known_communes(gaz, insee, name, postcode, dep_code, dep, region, lat, lon):
    c = gaz.get(insee)
    assert c is not None
    assert c.name == name
    assert postcode in c.postcodes
    assert c.departement_code == dep_code
    assert c.departement == dep
    assert c.region == region
    assert c.lat == pytest.approx(lat, abs=0.05)
    assert c.lon == pytest.approx(lon, abs=0.05)
    assert not c.approximate
    assert c.population > 0


def test_commune_fields_and_label(gaz):
    c = gaz.get("35219")
    assert isinstance(c, Commune)
    assert c.postcodes == ("35550",)
    assert c.region_code == "53"
    assert 3000 < c.population < 5000
    assert c.label == "Pipriac (35550, Ille-et-Vilaine)"
    assert gaz.get("00000") is None
    assert gaz.get(" 2a004 ").name == "Ajaccio"


def test_paris_has_all_its_postcodes_and_arrondissements(gaz):
    paris = gaz.get("75056")
    assert {f"750{n:02d}" for n in range(1, 21)} <= set(paris.postcodes)
    arr = gaz.get("75115")
    assert arr.name.startswith("Paris 15")
    assert arr.lat == pytest.approx(48.84, abs=0.03)


METRO = (41.0, 52.0, -5.5, 10.0)
DROM = {
    "971": (15.8, 16.6, -61.9, -60.9),  # Guadeloupe
    "972": (14.3, 14.95, -61.3, -60.75),  # Martinique
    "973": (2.0, 6.0, -54.7, -51.5),  # Guyane
    "974": (-21.5, -20.8, 55.1, 55.9),  # La Réunion
    "976": (-13.1, -12.6, 44.9, 45.4),  # Mayotte
}


def test_every_commune_has_coordinates_in_its_territory(gaz):
    seen = set()
    for c in gaz:
        lat_min, lat_max, lon_min, lon_max = DROM.get(c.departement_code, METRO)
        assert lat_min <= c.lat <= lat_max, c
        assert lon_min <= c.lon <= lon_max, c
        assert round(c.lat, 4) == c.lat and round(c.lon, 4) == c.lon
        seen.add(c.departement_code)
    assert set(DROM) <= seen


def test_approximate_coordinates_are_a_minority_of_the_population(gaz):
    communes = list(gaz)
    exact = [c for c in communes if not c.approximate]
    assert len(exact) > 0.35 * len(communes)
    # the small communes are the approximate ones: most people live in exact ones
    total = sum(c.population for c in communes)
    assert sum(c.population for c in exact) > 0.85 * total
    big = [c for c in communes if c.population >= 100_000]
    assert big and not any(c.approximate for c in big)


# --------------------------------------------------------------------------- normalize


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Saint-Étienne", "saint etienne"),
        ("SAINT-ÉTIENNE", "saint etienne"),
        ("st etienne", "saint etienne"),
        ("St-Étienne", "saint etienne"),
        ("  Ste   Marie ", "sainte marie"),
        ("L’Haÿ-les-Roses", "l hay les roses"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("Œuilly", "oeuilly"),
        ("Bastia", "bastia"),
        ("Stenay", "stenay"),
        ("", ""),
        ("  - ' ", ""),
    ],
)
def test_normalize(text, expected):
    assert normalize(text) == expected


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize(
    "query", ["saint etienne", "SAINT-ÉTIENNE", "st etienne", "St-Etienne", "saint-etienne "]
)
def test_search_accent_case_and_abbreviation_insensitive(gaz, query):
    assert gaz.search(query)[0].insee == "42218"


def test_search_by_postcode(gaz):
    results = gaz.search("35550")
    assert results[0].insee == "35219"  # Pipriac is the largest commune of 35550
    assert all("35550" in c.postcodes for c in results)
    assert "35219" in {c.insee for c in gaz.search("35 550", limit=50)}


def test_search_by_postcode_prefix(gaz):
    results = gaz.search("350", limit=50)
    assert results and all(any(pc.startswith("350") for pc in c.postcodes) for c in results)
    results = gaz.search("35", limit=30)
    assert len(results) == 30
    assert all(any(pc.startswith("35") for pc in c.postcodes) for c in results)
    assert results[0].insee == "35238"  # Rennes, the most populous
    # exact postcode before longer ones
    assert gaz.search("75015")[0].postcodes != ()
    assert "75015" in gaz.search("75015")[0].postcodes


def test_search_ranking_exact_first(gaz):
    assert gaz.search("paris")[0].insee == "75056"
    assert gaz.search("Nantes")[0].insee == "44109"
    # exact "Romans" (two small communes) before the much bigger Romans-sur-Isère
    names = [c.name for c in gaz.search("romans")]
    assert names[:3] == ["Romans", "Romans", "Romans-sur-Isère"]


def _tier(c: Commune, q: str) -> int:
    key = normalize(c.name)
    if key == q:
        return 0
    if key.startswith(q):
        return 1
    if (" " + q) in (" " + key):
        return 2
    assert q in key
    return 3


@pytest.mark.parametrize("query", ["pont", "etienne", "ville", "mont", "sur mer", "charenton", "x"])
def test_search_ranking_tiers_then_population(gaz, query):
    results = gaz.search(query, limit=40)
    assert results
    q = normalize(query)
    keys = [(_tier(c, q), -c.population) for c in results]
    assert keys == sorted(keys)


def test_search_prefix_before_word_prefix_before_substring(gaz):
    names = [c.name for c in gaz.search("charenton", limit=10)]
    assert names[0] == "Charenton-le-Pont"
    results = gaz.search("etienne", limit=100)
    tiers = [_tier(c, "etienne") for c in results]
    assert tiers[0] == 2  # no commune is named "Étienne…": word prefix comes first
    assert results[0].insee == "42218"


def test_search_limit_and_empty_and_unknown(gaz):
    assert gaz.search("") == []
    assert gaz.search("   ") == []
    assert gaz.search("-'") == []
    assert gaz.search("xyzzyplugh") == []
    assert gaz.search("99999") == []
    assert len(gaz.search("saint", limit=5)) == 5
    assert gaz.search("saint", limit=0) == []


def test_search_abbreviation_does_not_hide_literal_prefix(gaz):
    names = [c.name for c in gaz.search("sten", limit=20)]
    assert "Stenay" in names


def test_gazetteer_from_communes():
    def commune(insee, name, pop, pcs=("01000",)):
        return Commune(
            insee, name, pcs, "01", "Ain", "84", "Auvergne-Rhône-Alpes", 46.0, 5.0, pop, False
        )

    g = Gazetteer(
        [
            commune("01001", "Bourg", 10),
            commune("01002", "Bourg-en-Bresse", 40000),
            commune("01003", "Le Bourg-d'Oisans", 3000, ("01100",)),
            commune("01004", "Strasbourg", 5000),
        ]
    )
    assert len(g) == 4
    assert [c.insee for c in g.search("bourg")] == ["01001", "01002", "01003", "01004"]
    assert [c.insee for c in g.search("011")] == ["01003"]
    assert g.get("01004").name == "Strasbourg"


def test_domain_module_does_not_import_streamlit():
    code = "import sys, domain.gazetteer; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO_ROOT)


# --------------------------------------------------------------------------- build script helpers


def test_build_match_keys(build):
    assert build.match_key("Saint-Étienne") == build.match_key("ST ETIENNE") == "saint etienne"
    assert build.loose_key("Le Bono") == build.loose_key("Bono") == "bono"
    assert build.loose_key("L'Isle-Jourdain") == "isle jourdain"
    assert build.name_prefixes("Évry-Courcouronnes") == ["evry"]
    assert build.name_prefixes("Pont-à-Mousson") == []
    assert build.name_prefixes("Saint-Martin-de-Ré") == []
    assert build.name_prefixes("Nantes") == []


def test_build_geonames_helpers(build):
    assert build.region_of_geoname({"countrycode": "FR", "admin1code": "53"}) == "53"
    assert build.region_of_geoname({"countrycode": "FR", "admin1code": "A8"}) is None
    assert build.region_of_geoname({"countrycode": "GP", "admin1code": "GP"}) == "01"
    assert build.region_of_geoname({"countrycode": "YT", "admin1code": "97611"}) == "06"
    assert build.region_of_geoname({"countrycode": "DE", "admin1code": "01"}) is None
    assert build.arrondissement_number("Paris 01 Louvre") == ("paris", 1)
    assert build.arrondissement_number("Lyon 03") == ("lyon", 3)
    assert build.arrondissement_number("Paris 10e Arrondissement") == ("paris", 10)
    assert build.arrondissement_number("Marseille 16") == ("marseille", 16)
    assert build.arrondissement_number("Marseille Endoume") is None
    assert build.arrondissement_number("Parisot") is None


def test_build_numeric_helpers(build):
    assert build.plausible_population(1000, 1900)
    assert build.plausible_population(200, 900)  # small absolute difference
    assert not build.plausible_population(200, 5000)
    assert build.plausible_population(None, 5000)
    assert build.population_distance(100, 100) == 0
    assert build.population_distance(100, 1000) == pytest.approx(
        build.population_distance(1000, 100)
    )
    assert build.haversine_km(48.8566, 2.3522, 45.7640, 4.8357) == pytest.approx(392, abs=5)
    assert build.mean_point([(0.0, 0.0), (2.0, 4.0)]) == (1.0, 2.0)
    assert build.mean_point([(0.0, 0.0), (2.0, 4.0)], [3.0, 1.0]) == (0.5, 1.0)
    assert build.mean_point([(0.0, 0.0), (2.0, 4.0)], [0.0, 0.0]) == (1.0, 2.0)


def _row(build, insee, name, dep, postcodes, pop, former=()):
    return build.Row(
        insee=insee,
        name=name,
        postcodes=list(postcodes),
        dep_code=dep,
        dep_name=f"Dep {dep}",
        region_code="99",
        region_name="Région",
        population=pop,
        arrondissement=None,
        former=list(former),
    )


def test_build_match_coordinates_on_synthetic_data(build, tmp_path):
    rows = [
        _row(build, "10001", "Alpha", "10", ["10000"], 5000),
        _row(build, "10002", "Beta", "10", ["10100"], 3000),
        _row(build, "10003", "Saint-Martin", "10", ["10100"], 800),
        _row(build, "10004", "Tiny", "10", ["10000"], 40),
        _row(build, "10005", "Lonely", "10", ["10100"], 600),
        _row(build, "10006", "Newville", "10", ["10000"], 900, former=[("10099", "Oldville")]),
        _row(build, "20001", "Gamma", "20", ["20000"], 6000),
        _row(build, "20002", "Delta", "20", ["20100"], 2500),
        _row(build, "20003", "Saint-Martin", "20", ["20000"], 900),
    ]
    places = {
        1: (45.00, 1.00, "Alpha", 5100),
        2: (45.10, 1.10, "Beta", 2900),
        3: (47.00, 3.00, "Gamma", 6100),
        4: (47.10, 3.10, "Delta", 2400),
        # homonyms: by population alone they would be swapped
        5: (45.12, 1.12, "Saint-Martin", 920),
        6: (47.02, 3.02, "Saint-Martin", 790),
        # "Lonely" of département 10 is only known as a homonym in département 20
        7: (47.05, 3.05, "Lonely", 650),
        8: (45.02, 1.03, "Oldville", 700),
    }
    places = {
        pid: {
            "name": n,
            "latitude": la,
            "longitude": lo,
            "population": p,
            "region": "99",
            "alternatenames": [],
        }
        for pid, (la, lo, n, p) in places.items()
    }
    build.match_coordinates(rows, places, epci_of={})
    by = {r.insee: r for r in rows}
    assert (by["10001"].lat, by["10001"].lon, by["10001"].approximate) == (45.0, 1.0, False)
    assert (by["10003"].lat, by["10003"].lon) == (45.12, 1.12)
    assert (by["20003"].lat, by["20003"].lon) == (47.02, 3.02)
    newville = by["10006"]
    assert (newville.lat, newville.approximate, newville.how) == (45.02, False, "former-commune")
    # no GeoNames point: mean of the placed communes sharing the postcode
    assert by["10004"].approximate
    assert by["10004"].lat == pytest.approx((45.00 + 45.02) / 2)
    assert by["10004"].lon == pytest.approx((1.00 + 1.03) / 2)
    # the far homonym is refused; the estimate comes from its postcode neighbours
    assert by["10005"].approximate
    assert by["10005"].lat == pytest.approx((45.10 + 45.12) / 2)

    out = tmp_path / "communes.csv.gz"
    build.to_csv_gz(rows, out)
    g = Gazetteer.load(out)
    assert len(g) == len(rows)
    assert g.get("10004").approximate and not g.get("10001").approximate
    assert g.search("saint martin")[0].insee == "20003"  # larger population first
    assert g.get("10001").label == "Alpha (10000, Dep 10)"
