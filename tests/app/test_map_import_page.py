"""Importing a map made elsewhere on « Acteurs du territoire » (AppTest, the page's real
uploader): a uMap export and a Google My Maps KML, the row-by-row report, the category asked
per row, nothing in the carnet before « Ajouter », and a bad KML refused in the learner's
language."""

from __future__ import annotations

from pathlib import Path

from components import state
from domain.i18n import Translator
from tests.app.support import click, open_page, start_carnet
from tests.corpus import bad_inputs

FR = Translator("fr")
EN = Translator("en")
IMPORTS = Path(__file__).resolve().parents[1] / "corpus" / "imports"


def carnet(at):
    return at.session_state[state.CARNET]


def import_panel(app_test, lang="fr"):
    at = app_test(lang=lang)
    start_carnet(at)
    open_page(at, "acteurs")
    at.radio(key="actors_panel").set_value("import").run()
    assert not at.exception, at.exception
    return at


def upload(at, name: str, data: bytes):
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_umap_export_is_reported_then_added_after_choosing_its_category(app_test, fake_map):
    at = import_panel(app_test)
    upload(at, "carte.umap", (IMPORTS / "umap_map_export.umap").read_bytes())
    summary = FR(
        "actors_import.map_summary",
        format=FR("actors_import.format.umap"),
        rows=3,
        kept=1,
        rejected=2,
        to_choose=1,
    )
    assert summary in [m.value for m in at.markdown]
    report = at.dataframe[0].value
    reasons = report[FR("actors.import.col.reasons")].tolist()
    assert FR("actors_import.reason.not_a_point", geometry="Polygon") in reasons[0]
    assert FR("actors_import.reason.not_a_point", geometry="LineString") in reasons[2]
    assert carnet(at).actors == []
    # « Ajouter » before choosing the category: refused, nothing added
    click(at, FR("actors.import.confirm", count=1))
    assert any("ligne(s) 2" in e.value for e in at.error)
    assert carnet(at).actors == []
    choose = at.selectbox(key=next(s.key for s in at.selectbox if ":2" in (s.key or "")))
    choose.set_value("cress").run()
    click(at, FR("actors.import.confirm", count=1))
    assert not at.exception, at.exception
    (place,) = carnet(at).actors
    assert (place.name, place.category, place.description) == (
        "Tiers-lieu de la gare",
        "cress",
        "Café associatif et ateliers partagés",
    )
    assert FR("actors.import.done", count=1) in [s.value for s in at.success]
    assert len(fake_map.features()) == 1


def test_a_my_maps_kml_round_trips_into_the_carnet(app_test):
    at = import_panel(app_test)
    upload(at, "Ma carte.kml", (IMPORTS / "mymaps_export.kml").read_bytes())
    summary = FR(
        "actors_import.map_summary",
        format=FR("actors_import.format.kml"),
        rows=2,
        kept=2,
        rejected=0,
        to_choose=1,
    )
    assert summary in [m.value for m in at.markdown]
    # only the placemark without a « Catégorie » asks for one
    (select,) = [s for s in at.selectbox if (s.key or "").startswith("actors_map_import:")]
    assert select.label == FR(
        "actors_import.choose_label", line=1, name="Épicerie solidaire du Viaduc"
    )
    select.set_value("incubateur_social").run()
    click(at, FR("actors.import.confirm", count=2))
    assert not at.exception, at.exception
    epicerie, pole = carnet(at).actors
    assert (epicerie.name, epicerie.category, epicerie.lat, epicerie.lon) == (
        "Épicerie solidaire du Viaduc",
        "incubateur_social",
        48.5778241,
        -3.8275468,
    )
    assert (pole.name, pole.category, pole.lat, pole.lon) == (
        "Pôle coopératif de la baie",
        "ptce",
        48.7264373,
        -3.9698012,
    )


def test_an_xml_bomb_is_refused_in_the_learners_language(app_test):
    bomb = next(i for i in bad_inputs("map_files") if i.name == "billion_laughs.kml")
    at = import_panel(app_test, lang="en")
    upload(at, "map.kml", bomb.data())
    errors = " ".join(e.value for e in at.error)
    assert EN("actors_import.error.xml_forbidden") in errors
    assert EN("actors.import.nothing_changed") in errors
    assert carnet(at).actors == []
