"""Commune search as learners type it (issue 14): a name with its postcode, a postcode alone,
no hyphen or accent, an arrondissement; the typed postcode is the one kept."""

from __future__ import annotations

import pytest

from adapters.geocoding import Place
from domain.actors import parse_coordinates, place_fields, typed_address
from domain.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.load()


@pytest.mark.parametrize(
    "query, first",
    [
        ("Roubaix 59100", "Roubaix"),
        ("59100 Roubaix", "Roubaix"),
        ("Roubaix (59100)", "Roubaix"),
        ("59100", "Roubaix"),
        ("saint etienne", "Saint-Étienne"),
        ("st etienne 42100", "Saint-Étienne"),
        ("Marseille 13e", "Marseille 13e Arrondissement"),
        ("Lyon 3e", "Lyon 3e Arrondissement"),
    ],
)
def test_the_commune_a_learner_means_comes_first(gazetteer, query, first):
    assert gazetteer.search(query, 5)[0].name == first


def test_the_typed_postcode_is_kept(gazetteer):
    saint_etienne = gazetteer.search("Saint-Étienne 42100", 1)[0]
    assert len(saint_etienne.postcodes) > 1
    assert saint_etienne.postcode_for("Saint-Étienne 42100") == "42100"
    assert saint_etienne.postcode_for("Saint-Étienne") == saint_etienne.postcodes[0]
    assert saint_etienne.postcode_for("Saint-Étienne 75001") == saint_etienne.postcodes[0]


@pytest.mark.parametrize(
    "lat, lon, expected",
    [
        ("45,764", "4,8357", (45.764, 4.8357)),
        ("45.764", "4.8357", (45.764, 4.8357)),
        ("45,764 ; 4,8357", "", (45.764, 4.8357)),
        ("45.764, 4.8357", "", (45.764, 4.8357)),
        ("−1,95", "48,1", (-1.95, 48.1)),
        ("91", "0", None),
        ("abc", "1", None),
        ("", "", None),
    ],
)
def test_coordinates_with_a_decimal_comma(lat, lon, expected):
    assert parse_coordinates(lat, lon) == expected


def _commune_place(name="Roubaix", source="gazetteer"):
    return Place(
        label=f"{name} (59100, Nord)",
        lat=50.69,
        lon=3.18,
        commune=name,
        postcode="59100",
        citycode="59512",
        score=None,
        source=source,
    )


def test_a_typed_address_is_kept_when_the_place_is_only_the_commune():
    typed = "12 rue de l’Épeule, 59100 Roubaix"
    for source in ("gazetteer", "geoplateforme"):
        fields = place_fields(_commune_place(source=source), typed)
        assert fields["address"] == typed and fields["commune"] == "Roubaix"
    assert "address" not in place_fields(_commune_place(), "Roubaix 59100")
    assert not typed_address("roubaix", "Roubaix")
    assert typed_address("Hôtel de ville, Roubaix", "Roubaix")


@pytest.mark.parametrize(
    "written, expected",
    [
        ("MOUVES", "mouves"),
        ("Mouvement Impact France", "mouves"),
        ("mouvement impact FRANCE", "mouves"),
        ("Organisme d'innovation", "parapublic_innovation"),
        ("ORGANISME D’INNOVATION", "parapublic_innovation"),
        ("Appui à l’innovation", "parapublic_innovation"),
        ("Innovation support", "parapublic_innovation"),
        ("chambre de metiers", "cma"),
        ("Chamber of crafts", "cma"),
        ("PTCE", "ptce"),
        ("Social incubator", "incubateur_social"),
        ("Community foundation", "fondation_territoriale"),
    ],
)
def test_the_csv_import_accepts_category_names_as_the_app_writes_them(written, expected):
    from domain.actors import import_labels
    from domain.actors_import import import_actors_csv
    from domain.catalogue import load_categories

    data = f"nom;catégorie\nUn acteur;{written}\n".encode()
    report = import_actors_csv(data, import_labels(load_categories()))
    assert [a.category for a in report.actors] == [expected]
