"""Actors from maps made elsewhere: uMap exports, GeoJSON, KML from Google My Maps.

Sample exports (tests/corpus/imports/, described in its README) go through the service into a
carnet; the bad files (tests/corpus/bad_inputs/map_files/) get a clear, translated refusal and
change nothing; hostile strings stay text.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from adapters.geo_files import GeoFileProblem, read_geo_file
from domain import actors as domain_actors
from domain.catalogue import load_categories
from domain.example import example_carnet
from domain.geo_import import MapFeature, import_map_features
from domain.i18n import LANGUAGES, Translator
from domain.models import MAX_NOTE, Carnet
from domain.text import clean_text
from services import map_import
from services.errors import Invalid
from tests.corpus import BadInput, bad_inputs, hostile_strings

IMPORTS = Path(__file__).resolve().parents[1] / "corpus" / "imports"
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


@pytest.fixture(scope="module")
def labels():
    return domain_actors.import_labels(load_categories())


@pytest.fixture(scope="module")
def category_ids():
    return [c.id for c in load_categories()]


def rendered(key: str, params: dict, lang: str) -> str:
    for language in LANGUAGES:
        assert Translator(language).has(key), f"{key} missing in {language}"
    text = Translator(lang)(key, **params)
    assert text and text != key and not PLACEHOLDER.search(text), text
    return text


def into_carnet(carnet: Carnet, actors) -> Carnet:
    draft = carnet.model_copy(deep=True)
    domain_actors.add_imported(draft, actors)
    return Carnet.model_validate(draft.model_dump())


# ------------------------------------------------------------------------------- map exports


def test_a_umap_map_export_round_trips_into_a_carnet(labels, category_ids):
    """A full uMap map export: a polygon and a point in one layer, a line in another."""
    report = map_import.read_map_file((IMPORTS / "umap_map_export.umap").read_bytes(), labels)
    assert report.format == "umap"
    assert [(r.line, r.name, r.status, r.reason) for r in report.rows] == [
        (1, "Quartier de la gare", "rejected", "not_a_point"),
        (2, "Tiers-lieu de la gare", "warning", "category_to_choose"),
        (3, "Tournée de collecte de la recyclerie", "rejected", "not_a_point"),
    ]
    assert [r.reasons[0].params for r in report.rows] == [
        {"geometry": "Polygon"},
        {},
        {"geometry": "LineString"},
    ]
    (candidate,) = report.candidates
    assert candidate.category is None  # « Lieux repérés » names no category
    with pytest.raises(Invalid) as refused:  # the category is asked before anything is added
        map_import.actors_to_add(report, {}, category_ids)
    assert refused.value.key == "actors_import.error.category_missing"
    actors = map_import.actors_to_add(report, {2: "cress"}, category_ids)
    carnet = into_carnet(Carnet(), actors)
    (place,) = carnet.actors
    assert (place.name, place.category, place.description, place.commune) == (
        "Tiers-lieu de la gare",
        "cress",
        "Café associatif et ateliers partagés",
        "Redon",
    )
    assert (place.lat, place.lon, place.placed_by) == (47.6521, -2.0843, "import")


def test_a_umap_export_with_a_label_key(labels, category_ids):
    """A uMap export whose features have no ``name`` property: the layer's ``labelKey``
    (« enseigne ») names the property to read."""
    report = map_import.read_map_file((IMPORTS / "umap_labelkey_layer.umap").read_bytes(), labels)
    assert report.format == "umap"
    assert [(c.name, c.category) for c in report.candidates] == [
        ("Recyclerie du quartier", None),
        ("Atelier vélo partagé", None),
    ]
    assert [r.reason for r in report.rows] == ["category_to_choose", "category_to_choose"]
    actors = map_import.actors_to_add(report, {1: "ptce", 2: "ptce"}, category_ids)
    carnet = into_carnet(Carnet(), actors)
    assert [(a.name, a.address, a.commune) for a in carnet.actors] == [
        ("Recyclerie du quartier", "12 rue des Remparts", "Crest"),
        ("Atelier vélo partagé", "avenue de la Clairette", "Die"),
    ]
    assert [(a.lat, a.lon) for a in carnet.actors] == [(44.728391, 5.022514), (44.753607, 5.370182)]


def test_a_my_maps_kml_round_trips_into_a_carnet(labels, category_ids):
    """A KML exported from Google My Maps: Document → Folder (layer) → Placemark, with
    ExtendedData and an HTML description."""
    report = map_import.read_map_file((IMPORTS / "mymaps_export.kml").read_bytes(), labels)
    assert report.format == "kml"
    assert [(c.line, c.name, c.category) for c in report.candidates] == [
        (1, "Épicerie solidaire du Viaduc", None),  # « Calque sans titre » says nothing
        (2, "Pôle coopératif de la baie", "ptce"),  # its « Catégorie » data says PTCE
    ]
    assert [(r.status, r.reason) for r in report.rows] == [
        ("warning", "category_to_choose"),
        ("imported", "category_from_property"),
    ]
    assert report.rows[1].reasons[0].params == {"value": "PTCE"}
    carnet = into_carnet(
        Carnet(), map_import.actors_to_add(report, {1: "incubateur_social"}, category_ids)
    )
    epicerie, pole = carnet.actors
    assert (epicerie.name, epicerie.category, epicerie.address, epicerie.commune) == (
        "Épicerie solidaire du Viaduc",
        "incubateur_social",
        "5 place des Otages",
        "Morlaix",
    )
    assert epicerie.description == (
        "Épicerie associative, ouverte aux adhérents\nAdresse: 5 place des Otages\nCommune: Morlaix"
    )
    assert (epicerie.lat, epicerie.lon) == (48.5778241, -3.8275468)
    assert (pole.name, pole.category, pole.website) == (
        "Pôle coopératif de la baie",
        "ptce",
        "https://pole-baie.example.org",
    )
    assert (pole.lat, pole.lon) == (48.7264373, -3.9698012)


def test_a_plain_kml_keeps_the_point_and_names_the_other_geometries(labels):
    """Placemarks right under the root (no Document, no Folder): a point, a path, a polygon."""
    report = map_import.read_map_file((IMPORTS / "plain_shapes.kml").read_bytes(), labels)
    assert [(r.name, r.status) for r in report.rows] == [
        ("Jardin partagé des Lilas", "warning"),
        ("Parcours du vélo-cargo", "rejected"),
        ("Friche de l’ancienne filature", "rejected"),
    ]
    assert [r.reasons[0].params.get("geometry") for r in report.rows[1:]] == [
        "LineString",
        "Polygon",
    ]
    (candidate,) = report.candidates
    assert candidate.fields["description"] == "Parcelles cultivées par l’association du quartier."
    assert (candidate.fields["lat"], candidate.fields["lon"]) == (45.7603118, 4.8467213)


# ------------------------------------------------------------------------- category guessing


def test_the_category_comes_from_a_property_or_the_layer_name(labels):
    kml = (
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder><name>PTCE</name>'
        b"<Placemark><name>Le Pont</name><Point><coordinates>-1.9,47.8</coordinates></Point>"
        b"</Placemark>"
        b'<Placemark><name>CRESS</name><ExtendedData><Data name="Cat\xc3\xa9gorie">'
        b'<value>cress</value></Data><Data name="site web"><value>cress.example.org</value>'
        b"</Data></ExtendedData><Point><coordinates>-1.6,48.1</coordinates></Point></Placemark>"
        b"</Folder></Document></kml>"
    )
    report = map_import.read_map_file(kml, labels)
    assert [(c.name, c.category) for c in report.candidates] == [
        ("Le Pont", "ptce"),
        ("CRESS", "cress"),
    ]
    assert [r.reasons[-1].code for r in report.rows] == [
        "category_from_layer",
        "category_from_property",
    ]
    assert report.candidates[1].fields["website"] == "cress.example.org"
    actors = map_import.actors_to_add(report, {}, [c.id for c in load_categories()])
    assert actors[1].website == "https://cress.example.org"


def test_a_umap_layer_export_is_recognised_by_its_options(labels):
    layer = {
        "type": "FeatureCollection",
        "_umap_options": {"name": "Incubateur social"},
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Antropia", "description": "Incubateur de l’ESSEC"},
                "geometry": {"type": "Point", "coordinates": [2.07, 49.03]},
            }
        ],
    }
    report = map_import.read_map_file(json.dumps(layer).encode(), labels)
    assert report.format == "umap"
    assert report.candidates[0].category == "incubateur_social"


def test_a_long_description_is_cut_with_a_warning(labels):
    feature = MapFeature(
        1, name="A", description="d" * (MAX_NOTE + 50), geometry="Point", coordinates=(2, 48)
    )
    report = import_map_features("geojson", [feature], labels)
    assert len(report.candidates[0].fields["description"]) == MAX_NOTE
    assert "description_cut" in [r.code for r in report.rows[0].reasons]


# --------------------------------------------------------------------------------- bad files


def cases() -> list:
    return [pytest.param(item, id=item.name) for item in bad_inputs("map_files")]


def test_the_corpus_has_both_formats_and_the_xml_bombs():
    names = {item.name for item in bad_inputs("map_files")}
    assert len(names) >= 20
    assert {"billion_laughs.kml", "external_entity.kml", "external_dtd.kml"} <= names
    assert any(n.endswith(".kml") for n in names) and any(".geojson" in n for n in names)
    for item in bad_inputs("map_files"):
        assert {"code", "row_codes"} & set(item.expect), item.name


@pytest.mark.parametrize("item", cases())
@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_map_files_are_refused_clearly_and_change_nothing(item: BadInput, lang, labels):
    from components.actor_import import import_report, report_frame

    data = item.data()
    carnet = example_carnet(lang)
    before = carnet.model_copy(deep=True)
    name = item.name.removesuffix(".gz")
    started = time.perf_counter()
    outcome = import_report(data, lang, name)
    assert time.perf_counter() - started < 5, "a bad file must be refused quickly"
    if "code" in item.expect:
        assert not outcome.ok, f"{item.name} ({item.what}) was read"
        with pytest.raises(GeoFileProblem) as raised:
            read_geo_file(data)
        assert raised.value.code == item.expect["code"], item.what
        assert outcome.problem == rendered(raised.value.key, raised.value.params, lang)
    else:
        assert outcome.ok, f"{item.name}: {outcome.problem}"
        report = outcome.report
        assert report.candidates == [], f"{item.name}: actors accepted from a bad file"
        assert report.rejected == len(report.rows) > 0
        assert {row.reason for row in report.rows} == set(item.expect["row_codes"]), item.what
        for row in report.rows:
            for reason in row.reasons:
                rendered(reason.key, dict(reason.params), lang)
        t = Translator(lang)
        assert all(report_frame(report, t)[t("actors.import.col.reasons")])
    assert carnet == before


def test_an_entity_bomb_is_not_expanded_and_no_external_file_is_read():
    bomb = next(i for i in bad_inputs("map_files") if i.name == "billion_laughs.kml")
    started = time.perf_counter()
    with pytest.raises(GeoFileProblem) as raised:
        read_geo_file(bomb.data())
    assert raised.value.code == "xml_forbidden"
    assert time.perf_counter() - started < 1


# --------------------------------------------------------------------------- hostile strings


def test_hostile_strings_stay_text(labels, category_ids):
    payloads = hostile_strings()
    features = [
        {
            "type": "Feature",
            "properties": {"name": payload, "description": payload, "commune": payload},
            "geometry": {"type": "Point", "coordinates": [2.35, 48.85]},
        }
        for payload in payloads
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    report = map_import.read_map_file(data, labels)
    assert len(report.rows) == len(payloads)
    for row in report.rows:
        for reason in row.reasons:
            rendered(reason.key, dict(reason.params), "fr")
    chosen = {c.line: "cress" for c in report.candidates}
    actors = map_import.actors_to_add(report, chosen, category_ids)
    carnet = into_carnet(Carnet(), actors)
    by_line = {c.line: c for c in report.candidates}
    for actor, line in zip(carnet.actors, sorted(by_line), strict=True):
        assert actor.name == clean_text(payloads[line - 1])


def test_kml_hostile_names_are_kept_as_typed(labels):
    kml = (
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>'
        b'&lt;script&gt;alert(1)&lt;/script&gt; ${alert(1)} =HYPERLINK("x")'
        b"</name><Point><coordinates>2,48</coordinates></Point></Placemark></kml>"
    )
    report = map_import.read_map_file(kml, labels)
    assert report.candidates[0].name == '<script>alert(1)</script> ${alert(1)} =HYPERLINK("x")'


def test_file_kind_is_told_by_extension_then_content():
    assert map_import.is_map_file("carte.kml", b"")
    assert map_import.is_map_file("export.umap", b"")
    assert not map_import.is_map_file("acteurs.csv", b'{"type": "umap"}')
    assert map_import.is_map_file("sans-extension", b'  {"type": "FeatureCollection"}')
    assert map_import.is_map_file("upload", b'<?xml version="1.0"?><kml/>')
    assert not map_import.is_map_file("upload", "nom;catégorie\n".encode())


def test_the_apps_own_geojson_export_comes_back_with_its_categories(labels, category_ids):
    """What « Acteurs (GeoJSON pour uMap) » downloads, once edited in uMap, re-imports: the
    ``category`` property is the category id, matched like a CSV column."""
    from adapters.exports.geojson import actors_geojson
    from domain.summary import build_summary, category_infos

    carnet = example_carnet("fr")
    t = Translator("fr")
    summary = build_summary(carnet, t=t, categories=category_infos(load_categories(), t))
    report = map_import.read_map_file(actors_geojson(summary).encode("utf-8"), labels)
    assert report.to_choose == []
    located = [a for a in summary.actors if a.located]
    assert [(c.name, c.category) for c in report.candidates] == [
        (a.name, a.category) for a in located
    ]
    actors = map_import.actors_to_add(report, {}, category_ids)
    assert [(a.commune, a.website) for a in actors] == [(a.commune, a.website) for a in located]


def test_my_maps_html_descriptions_become_text(labels):
    kml = (
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Tiers-lieu</name>'
        b"<description><![CDATA[Adresse : 1 rue de la Gare<br>Ouvert le <b>mardi</b>"
        b'<br><img src="https://example.org/x.png">]]></description>'
        b"<Point><coordinates>2,48</coordinates></Point></Placemark></kml>"
    )
    (candidate,) = map_import.read_map_file(kml, labels).candidates
    assert candidate.fields["description"] == "Adresse : 1 rue de la Gare\nOuvert le mardi"


def test_a_my_maps_kmz_is_read_like_its_kml(labels, tmp_path):
    """Google My Maps downloads a KMZ by default: a zip holding doc.kml (and icons)."""
    import zipfile

    kml = (IMPORTS / "mymaps_export.kml").read_bytes()
    path = tmp_path / "carte.kmz"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml)
        archive.writestr("images/icon-1.png", b"\x89PNG\r\n\x1a\n")
    data = path.read_bytes()
    assert map_import.is_map_file("carte.kmz", data)
    from_kmz = map_import.read_map_file(data, labels)
    from_kml = map_import.read_map_file(kml, labels)
    assert from_kmz.format == "kml"
    assert len(from_kmz.candidates) == 2
    assert from_kmz.candidates == from_kml.candidates
