"""« Acteurs du territoire » with AppTest: the real app.py, a throw-away SQLite file, the map
component replaced by ``FakeStFolium`` (tests/app/conftest.py), the geocoder off (gazetteer).

About the CSV import: Streamlit 1.67's AppTest drives ``st.file_uploader``
(``FileUploader.set_value((name, bytes, mime))``), so the import goes through the page's real
uploader; ``import_report`` (the widget-free part) is also tested directly.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.mapping import DRAWN_SENT as DrawnReportMark
from components import actor_map
from components.actor_import import import_report, report_frame
from components.actors import FOUND_ICON as FOUND
from components.actors import MISSING_ICON as MISSING
from domain.i18n import Translator
from tests.app.support import open_actors_part, open_page, set_territory, start_carnet

FR = Translator("fr")
EN = Translator("en")


# ------------------------------------------------------------------------------------ helpers


def button(at, label):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def carnet(at):
    return at.session_state["carnet"]


def table_rows(at) -> list[dict]:
    assert at.dataframe, "no table"
    return at.dataframe[-1].value.to_dict("records")


def ok(at):
    assert not at.exception, at.exception
    return at


def actors_page(app_test, lang="fr", territory="Charenton-le-Pont"):
    at = app_test(lang)
    start_carnet(at)
    if territory:
        set_territory(at, territory)
    return open_page(at, "acteurs")


def add_by_search(at, t, name, category, query, choice=0):
    at.text_input(key="actors_add_name").input(name)
    at.selectbox(key="actors_add_category").set_value(category)
    at.radio(key="actors_add_where").set_value("search")
    ok(at.run())
    at.text_input(key="actors_add_search:query").input(query)
    ok(button(at, t("actors.search.button")).click().run())
    if choice:
        at.radio(key="actors_add_search:choice").set_value(choice)
    return ok(button(at, t("actors.add.button")).click().run())


def edit_widget(at, kind, actor_id, field):
    widgets = getattr(at, kind)
    found = [
        w
        for w in widgets
        if (w.key or "").startswith(f"actors_edit:{actor_id}:") and w.key.endswith(f":{field}")
    ]
    assert len(found) == 1, [w.key for w in widgets]
    return found[0]


# -------------------------------------------------------------------------------------- tests


def test_page_shows_guide_checklist_map_and_empty_table(app_test, fake_map):
    at = actors_page(app_test)
    assert at.title[0].value == FR("actors.title")
    checklist = texts(at.markdown)
    assert FR("actors.checklist.summary", found=0, total=8) in checklist
    assert checklist.count(MISSING) == 8
    # The guide: what it is, where to find yours, what to ask; its reference site.
    at.selectbox(key="actors_guide_category").set_value("ptce")
    ok(at.run())
    guide = texts(at.markdown)
    assert "PTCE" in guide and FR("actors.guide.advice.2") in guide and "lelabo-ess.org" in guide
    # The map: centred on the territory, once per run, inside the page.
    assert fake_map.last["location"] == pytest.approx([48.8221, 2.4122], abs=0.01)
    assert fake_map.last["key"] == "actors_map"
    assert FR("actors.table.empty") in texts(at.caption)


def test_cress_of_the_region_is_suggested_when_verified(app_test):
    at = actors_page(app_test)  # Île-de-France: the catalogue verifies cressidf.org
    ok(at.selectbox(key="actors_guide_category").set_value("cress").run())
    guide = texts(at.markdown)
    assert "CRESS Île-de-France" in guide and "https://www.cressidf.org" in guide
    ok(button(at, FR("actors.guide.cress_add", name="CRESS Île-de-France")).click().run())
    added = carnet(at).actors[0]
    assert (added.name, added.category, added.website) == (
        "CRESS Île-de-France",
        "cress",
        "https://www.cressidf.org",
    )
    assert not added.located


def test_cress_without_a_checked_website_is_given_as_a_name_to_search(app_test):
    at = actors_page(app_test, territory="Rennes")  # Bretagne: website not verified
    ok(at.selectbox(key="actors_guide_category").set_value("cress").run())
    guide = texts(at.markdown)
    assert "CRESS Bretagne" in guide and "non vérifié" not in guide  # no research note
    assert FR("actors.guide.cress_unverified", name="CRESS Bretagne") in guide


def test_add_by_commune_search_then_edit_then_delete(app_test, fake_map):
    at = actors_page(app_test)
    add_by_search(at, FR, "Maison de l’ESS", "ptce", "Vincennes")
    # Offline classroom: the communes gazetteer answered, and the page said so.
    actor = carnet(at).actors[0]
    assert (actor.name, actor.category, actor.commune, actor.placed_by) == (
        "Maison de l’ESS",
        "ptce",
        "Vincennes",
        "gazetteer",
    )
    assert actor.lat == pytest.approx(48.85, abs=0.05)
    assert FR("actors.added", name="Maison de l’ESS") in texts(at.success)
    assert not at.dataframe[-1].value.empty == [
        {
            FR("summary.col.number"): "1",
            FR("field.name"): "Maison de l’ESS",
            FR("field.category"): "PTCE",
            FR("field.commune"): "Vincennes",
            FR("field.status"): FR("status.identified"),
            FR("actors.table.located"): FR("actors.yes"),
        }
    ]
    assert [f["id"] for f in fake_map.features()] == [actor.id]
    assert at.text_input(key="actors_add_name").value == ""  # ready for the next one

    # Edit its details (private fields included).
    ok(at.radio(key="actors_panel").set_value("edit").run())
    edit_widget(at, "text_input", actor.id, "name").input("Maison de l’ESS de Vincennes")
    edit_widget(at, "text_input", actor.id, "contact_person").input("Mme Durand")
    edit_widget(at, "text_area", actor.id, "notes").input("Rappeler en janvier")
    ok(button(at, FR("actors.edit.save")).click().run())
    edited = carnet(at).actors[0]
    assert (edited.name, edited.contact_person, edited.notes) == (
        "Maison de l’ESS de Vincennes",
        "Mme Durand",
        "Rappeler en janvier",
    )
    assert "Mme Durand" not in repr(table_rows(at))  # private: hidden by default
    ok(at.checkbox(key="actors_show_private").check().run())
    row = table_rows(at)[0]
    assert row[FR("actors.table.contact_person")] == "Mme Durand"
    assert row[FR("actors.table.notes")] == "Rappeler en janvier"
    assert "Mme Durand" not in repr(fake_map.features())  # never on the map

    # Delete, with confirmation: « Non » keeps it, « Oui » removes it.
    ok(button(at, FR("actors.delete.button")).click().run())
    assert FR("actors.delete.confirm", name="Maison de l’ESS de Vincennes") in texts(at.warning)
    ok(button(at, FR("actors.delete.no")).click().run())
    assert len(carnet(at).actors) == 1
    ok(button(at, FR("actors.delete.button")).click().run())
    ok(button(at, FR("actors.delete.yes")).click().run())
    assert carnet(at).actors == []
    assert FR("actors.delete.done", name="Maison de l’ESS de Vincennes") in texts(at.success)
    assert fake_map.features() == []


def test_search_says_when_it_is_degraded_and_when_nothing_is_found(app_test):
    at = actors_page(app_test)
    at.text_input(key="actors_add_search:query").input("Saint-Maurice")  # in a form: no run
    ok(button(at, FR("actors.search.button")).click().run())
    assert FR("actors.search.degraded.offline") in texts(at.info)
    assert len(at.radio(key="actors_add_search:choice").options) > 1  # results to choose from
    at.text_input(key="actors_add_search:query").input("zzzzqqqq")
    ok(button(at, FR("actors.search.button")).click().run())
    assert FR("actors.search.none", query="zzzzqqqq") in texts(at.warning)
    # Without a chosen place, nothing is added and the learner is told why.
    at.text_input(key="actors_add_name").input("X")
    at.selectbox(key="actors_add_category").set_value("cci")
    ok(button(at, FR("actors.add.button")).click().run())
    assert carnet(at).actors == []
    assert FR("actors.error.no_place") in texts(at.error)


def test_add_by_coordinates_and_to_place_later_with_the_keyboard(app_test, fake_map):
    at = actors_page(app_test)
    at.text_input(key="actors_add_name").input("CCI du Val-de-Marne")
    at.selectbox(key="actors_add_category").set_value("cci")
    ok(at.radio(key="actors_add_where").set_value("coords").run())
    at.text_input(key="actors_add_lat").input("48,7927")  # the French decimal comma
    at.text_input(key="actors_add_lon").input("2,4657")
    ok(button(at, FR("actors.add.button")).click().run())
    at.text_input(key="actors_add_name").input("Avise")
    at.selectbox(key="actors_add_category").set_value("parapublic_innovation")
    ok(at.radio(key="actors_add_where").set_value("later").run())
    ok(button(at, FR("actors.add.button")).click().run())
    cci, avise = carnet(at).actors
    assert (cci.lat, cci.lon, cci.placed_by) == (48.7927, 2.4657, "manual")
    assert not avise.located
    assert FR("actors.added_unplaced", name="Avise") in texts(at.success)
    assert [r[FR("actors.table.located")] for r in table_rows(at)] == [
        FR("actors.yes"),
        FR("actors.no"),
    ]
    assert len(fake_map.features()) == 1  # « à placer »: in the table, not on the map
    # A name is required: the model's message, translated.
    at.selectbox(key="actors_add_category").set_value("cci")
    ok(button(at, FR("actors.add.button")).click().run())
    assert len(carnet(at).actors) == 2
    assert FR("validation.required", field=FR("field.name")) in texts(at.error)


def test_a_click_on_the_map_adds_an_actor_there(app_test, fake_map):
    at = actors_page(app_test)
    fake_map.click(48.8301, 2.4175)
    ok(at.run())
    assert FR("actors.click.chosen", lat="48.83010", lon="2.41750") in texts(at.markdown)
    at.text_input(key="actors_click_name").input("Fondation de Charenton")
    at.selectbox(key="actors_click_category").set_value("fondation_territoriale")
    at.text_input(key="actors_click_commune").input("Charenton-le-Pont")
    ok(button(at, FR("actors.click.add")).click().run())
    actor = carnet(at).actors[0]
    assert (actor.lat, actor.lon, actor.placed_by, actor.commune) == (
        48.8301,
        2.4175,
        "click",
        "Charenton-le-Pont",
    )
    assert "actors_click_name" not in [w.key for w in at.text_input]  # the form is gone
    assert [f["id"] for f in fake_map.features()] == [actor.id]
    assert f"{FOUND} **Fondation territoriale**" in texts(at.markdown)  # the checklist follows

    # A click then « Annuler ce point » adds nothing.
    fake_map.click(48.9, 2.5)
    ok(at.run())
    ok(button(at, FR("actors.click.cancel")).click().run())
    assert len(carnet(at).actors) == 1
    assert "actors_click_name" not in [w.key for w in at.text_input]


def test_place_an_actor_by_clicking_the_map_or_typing_coordinates(app_test, fake_map):
    at = actors_page(app_test)
    at.text_input(key="actors_add_name").input("Avise")
    at.selectbox(key="actors_add_category").set_value("parapublic_innovation")
    ok(at.radio(key="actors_add_where").set_value("later").run())
    ok(button(at, FR("actors.add.button")).click().run())
    actor_id = carnet(at).actors[0].id

    ok(at.radio(key="actors_panel").set_value("edit").run())
    assert FR("actors.edit.unplaced_now") in texts(at.markdown)
    ok(button(at, FR("actors.edit.place_on_map")).click().run())
    assert FR("actors.map.placing", name="Avise") in texts(at.info)
    fake_map.click(48.8642, 2.4432)
    ok(at.run())
    avise = carnet(at).actor(actor_id)
    assert (avise.lat, avise.lon, avise.placed_by) == (48.8642, 2.4432, "click")
    assert FR("actors.map.placing", name="Avise") not in texts(at.info)
    assert "actors_click_name" not in [w.key for w in at.text_input]  # no « new actor » form
    assert table_rows(at)[0][FR("actors.table.located")] == FR("actors.yes")

    # The keyboard way: latitude / longitude fields.
    edit_widget(at, "text_input", actor_id, "lat").input("48.85, 2.35")  # a pasted pair
    edit_widget(at, "text_input", actor_id, "lon").input("")
    ok(button(at, FR("actors.edit.save_coords")).click().run())
    avise = carnet(at).actor(actor_id)
    assert (avise.lat, avise.lon, avise.placed_by) == (48.85, 2.35, "manual")
    # A new search moves it too.
    at.text_input(key=f"actors_move:{actor_id}:query").input("Montreuil 93100")
    ok(button(at, FR("actors.search.button")).click().run())
    ok(button(at, FR("actors.edit.move_here")).click().run())
    avise = carnet(at).actor(actor_id)
    assert (avise.commune, avise.placed_by) == ("Montreuil", "gazetteer")
    # A typed address is kept when the place found is only the commune (offline here).
    at.text_input(key=f"actors_move:{actor_id}:query").input("12 rue de Paris, 93100 Montreuil")
    ok(button(at, FR("actors.search.button")).click().run())
    ok(button(at, FR("actors.edit.move_here")).click().run())
    avise = carnet(at).actor(actor_id)
    assert (avise.commune, avise.address) == ("Montreuil", "12 rue de Paris, 93100 Montreuil")
    # And it can go back to « à placer ».
    ok(button(at, FR("actors.edit.unplace")).click().run())
    assert not carnet(at).actor(actor_id).located


def test_contact_status_moves_forward_with_dates(app_test):
    at = actors_page(app_test)
    add_by_search(at, FR, "CRESS Île-de-France", "cress", "Paris")
    actor_id = carnet(at).actors[0].id
    ok(at.radio(key="actors_panel").set_value("edit").run())
    status = edit_widget(at, "selectbox", actor_id, "status")
    assert status.value == "contacted"  # the next step is suggested
    edit_widget(at, "text_input", actor_id, "on").input("02/10/2026")
    ok(button(at, FR("actors.status.save")).click().run())
    edit_widget(at, "selectbox", actor_id, "status").set_value("met")
    edit_widget(at, "text_input", actor_id, "on").input("31/02/2026")  # no such day
    ok(button(at, FR("actors.status.save")).click().run())
    assert carnet(at).actors[0].status == "contacted"
    assert "06/12/2026" in texts(at.error)  # said in French, nothing saved
    edit_widget(at, "selectbox", actor_id, "status").set_value("met")
    edit_widget(at, "text_input", actor_id, "on").input("16 octobre 2026")  # in words
    ok(button(at, FR("actors.status.save")).click().run())
    actor = carnet(at).actors[0]
    assert actor.status == "met"
    assert [(s.status.value, s.on) for s in actor.contact_log] == [
        ("contacted", date(2026, 10, 2)),
        ("met", date(2026, 10, 16)),
    ]
    shown = texts(at.markdown)
    assert FR("actors.status.log_item", status=FR("status.met"), date="16 octobre 2026") in shown
    assert table_rows(at)[0][FR("field.status")] == FR("status.met")


def test_checklist_updates_as_categories_are_found(app_test):
    at = actors_page(app_test)
    for name, category in (("CRESS IDF", "cress"), ("CCI 94", "cci"), ("CMA 94", "cma")):
        at.text_input(key="actors_add_name").input(name)
        at.selectbox(key="actors_add_category").set_value(category)
        ok(at.radio(key="actors_add_where").set_value("later").run())
        ok(button(at, FR("actors.add.button")).click().run())
    checklist = texts(at.markdown)
    assert FR("actors.checklist.summary", found=3, total=8) in checklist
    assert checklist.count(FOUND) == 3 and checklist.count(MISSING) == 5
    assert f"{FOUND} **CRESS** — 1 acteur" in checklist
    options = at.selectbox(key="actors_guide_category").options
    assert FR("actors.guide.option_found", name="CRESS", count=1) in options
    assert FR("actors.guide.option_missing", name="PTCE") in options


CSV = (
    "nom;catégorie;commune;code postal;personne contact;notes\n"
    "CRESS Île-de-France;CRESS;Paris;75001;Mme A;privé\n"
    "Pôle ESS;PTCE;Nullepartville;;;\n"
    "Inconnu;Boulangerie;Paris;;;\n"
).encode()


def test_import_report_without_widgets():
    outcome = import_report(CSV, "fr")
    assert outcome.ok and outcome.problem is None
    report = outcome.report
    assert [row.status for row in report.rows] == ["imported", "warning", "rejected"]
    frame = report_frame(report, FR)
    reasons = frame[FR("actors.import.col.reasons")].tolist()
    assert "Nullepartville" in reasons[1] and "Boulangerie" in reasons[2]
    bad = import_report(b"\x89PNG\r\n\x1a\n....", "en")
    assert not bad.ok and bad.problem == EN("actors_import.error.not_csv")


def test_csv_import_reports_each_row_and_adds_only_on_confirmation(app_test, fake_map):
    at = actors_page(app_test)
    ok(at.radio(key="actors_panel").set_value("import").run())
    assert at.get("download_button"), "the CSV template can be downloaded"
    at.file_uploader[0].set_value(("acteurs.csv", CSV, "text/csv"))
    ok(at.run())
    assert FR("actors.import.summary", rows=3, imported=1, warnings=1, rejected=1) in texts(
        at.markdown
    )
    report = at.dataframe[0].value
    assert report[FR("actors.import.col.result")].tolist() == [
        FR("actors_import.status.imported"),
        FR("actors_import.status.warning"),
        FR("actors_import.status.rejected"),
    ]
    assert (
        FR("actors_import.reason.unknown_category", value="Boulangerie")
        in report[FR("actors.import.col.reasons")].tolist()[2]
    )
    assert carnet(at).actors == []  # nothing before the confirmation

    ok(button(at, FR("actors.import.cancel")).click().run())
    assert carnet(at).actors == []
    assert FR("actors.import.cancelled") in texts(at.info)

    at.file_uploader[0].set_value(("acteurs.csv", CSV, "text/csv"))
    ok(at.run())
    ok(button(at, FR("actors.import.confirm", count=2)).click().run())
    names = [a.name for a in carnet(at).actors]
    assert names == ["CRESS Île-de-France", "Pôle ESS"]
    assert FR("actors.import.done", count=2) in texts(at.success)
    assert carnet(at).actors[0].contact_person == "Mme A"  # kept, private
    assert len(fake_map.features()) == 1  # Nullepartville: imported « à placer »
    assert table_rows(at)


def test_csv_import_whole_file_problem_changes_nothing(app_test):
    at = actors_page(app_test)
    ok(at.radio(key="actors_panel").set_value("import").run())
    at.file_uploader[0].set_value(("notes.csv", b"nom;ville\nA;Paris\n", "text/csv"))
    ok(at.run())
    assert FR("actors_import.error.no_category_column") in texts(at.error)
    assert FR("actors.import.nothing_changed") in texts(at.error)
    assert carnet(at).actors == []
    assert not [b for b in at.button if b.label.startswith("Ajouter ces")]


def test_everything_survives_reopening_the_carnet(app_test, fake_map):
    at = actors_page(app_test)
    token = at.session_state["carnet_token"]
    add_by_search(at, FR, "CRESS Île-de-France", "cress", "Paris")
    fake_map.click(48.8301, 2.4175)
    ok(at.run())
    at.text_input(key="actors_click_name").input("Fondation de Charenton")
    at.selectbox(key="actors_click_category").set_value("fondation_territoriale")
    ok(button(at, FR("actors.click.add")).click().run())

    again = app_test("fr", query={"carnet": token})
    ok(again.run())
    open_page(again, "acteurs")
    names = [row[FR("field.name")] for row in table_rows(again)]
    # in the order of their numbers: the catalogue's categories (fondation first), as in
    # Synthèse and the exports
    assert names == ["Fondation de Charenton", "CRESS Île-de-France"]
    open_actors_part(again, "guide")
    assert FR("actors.checklist.summary", found=2, total=8) in texts(again.markdown)
    assert len(fake_map.features()) == 2


def test_english(app_test, fake_map):
    at = actors_page(app_test, lang="en")
    assert at.title[0].value == EN("actors.title")
    assert EN("actors.checklist.summary", found=0, total=8) in texts(at.markdown)
    add_by_search(at, EN, "Impact France", "mouves", "Lyon")
    assert EN("actors.search.degraded.offline") not in texts(at.info)  # cleared after adding
    assert EN("actors.added", name="Impact France") in texts(at.success)
    row = table_rows(at)[0]
    assert row[EN("field.category")] == "MOUVES / Impact France"
    assert row[EN("field.status")] == "Identified"


def test_without_territory_the_map_shows_france_and_points_to_my_project(app_test, fake_map):
    at = actors_page(app_test, territory=None)
    assert FR("actors.map.no_territory") in texts(at.info)
    assert fake_map.last["location"] == pytest.approx([46.6, 2.4])
    assert any(link.label == FR("nav.projet") for link in at.get("page_link"))


def test_worked_example_and_learner_text_stays_text(app_test, fake_map):
    at = app_test("fr")
    ok(at.run())
    ok(button(at, FR("home.example_button")).click().run())
    open_page(at, "acteurs")
    rows = table_rows(at)
    assert len(rows) == 5
    # the CRESS Île-de-France and the CCI du Val-de-Marne have no sourced place (data/README.md)
    assert FR("actors.table.caption", count=5, located=2, unplaced=3) in texts(at.caption)
    assert len(fake_map.features()) == 2
    assert "Chargée de mission" not in repr(rows)

    hostile = "**Gras** [lien](javascript:alert(1)) <b>x</b> $1+1$"
    at.text_input(key="actors_add_name").input(hostile)
    at.selectbox(key="actors_add_category").set_value("ptce")
    ok(at.radio(key="actors_add_where").set_value("later").run())
    ok(button(at, FR("actors.add.button")).click().run())
    message = texts(at.success)
    assert "\\*\\*Gras\\*\\*" in message and "[lien\\](" in message and "<b>" not in message
    assert hostile in [row[FR("field.name")] for row in table_rows(at)]  # the table: as typed


def test_projection_mode_never_shows_private_fields(app_test):
    at = app_test("fr", query={"projection": "1"})
    start_carnet(at)
    open_page(at, "acteurs")
    at.text_input(key="actors_add_name").input("CRESS IDF")
    at.selectbox(key="actors_add_category").set_value("cress")
    ok(at.radio(key="actors_add_where").set_value("later").run())
    ok(button(at, FR("actors.add.button")).click().run())
    assert at.checkbox(key="actors_show_private").disabled
    ok(at.radio(key="actors_panel").set_value("edit").run())
    keys = [w.key or "" for w in [*at.text_input, *at.text_area]]
    assert not [k for k in keys if k.endswith((":contact_person", ":notes"))]
    assert FR("actors.edit.private_hidden") in texts(at.caption)
    # Saving the visible fields keeps the private ones.
    actor_id = carnet(at).actors[0].id
    edit_widget(at, "text_input", actor_id, "commune").input("Paris")
    ok(button(at, FR("actors.edit.save")).click().run())
    assert carnet(at).actors[0].commune == "Paris"


class _Primary:
    """Stands in for the Géoplateforme address service (no network in tests)."""

    def __init__(self, places=None, problem=None):
        self.places, self.problem = places or [], problem

    def search(self, query, *, limit=5):
        from adapters.geocoding import GeocodingError

        if self.problem:
            raise GeocodingError(self.problem)
        return self.places[:limit]


def _online(monkeypatch, primary):
    import components.actor_forms as forms
    from adapters.geocoding import FallbackGeocoder, GazetteerGeocoder
    from components import resources

    geocoder = FallbackGeocoder(primary, GazetteerGeocoder(resources.gazetteer()))
    monkeypatch.setattr(forms, "geocoder", lambda: geocoder)


def test_online_address_search_offers_addresses_to_choose_from(app_test, monkeypatch):
    from adapters.geocoding import Place

    _online(
        monkeypatch,
        _Primary(
            [
                Place(
                    "7 Rue de Paris 94220 Charenton-le-Pont",
                    48.8215,
                    2.4128,
                    "Charenton-le-Pont",
                    "94220",
                    "94018",
                    0.93,
                    "geoplateforme",
                ),
                Place(
                    "7 Rue de Paris 75001 Paris",
                    48.86,
                    2.34,
                    "Paris",
                    "75001",
                    "75101",
                    0.61,
                    "geoplateforme",
                ),
            ]
        ),
    )
    at = actors_page(app_test)
    add_by_search(
        at,
        FR,
        "Maison des associations",
        "parapublic_innovation",
        "7 rue de Paris Charenton",
        choice=0,
    )
    actor = carnet(at).actors[0]
    assert (actor.address, actor.commune, actor.placed_by) == (
        "7 Rue de Paris 94220 Charenton-le-Pont",
        "Charenton-le-Pont",
        "search",
    )
    assert (actor.lat, actor.lon) == (48.8215, 2.4128)


def test_when_the_address_service_fails_the_gazetteer_answers_and_says_so(app_test, monkeypatch):
    _online(monkeypatch, _Primary(problem="timeout"))
    at = actors_page(app_test)
    at.text_input(key="actors_add_search:query").input("Vincennes")
    ok(button(at, FR("actors.search.button")).click().run())
    assert FR("actors.search.degraded.timeout") in texts(at.info)
    options = at.radio(key="actors_add_search:choice").options
    assert any("Vincennes" in option for option in options)


# ----------------------------------------------------------------- the map first, then the rest


def whole(at) -> bool:
    """Whether the page shows more than its map: the forms, the tabs under the table, the link
    to the next step."""
    return "actors_panel" in [r.key for r in at.radio] and bool(at.tabs)


def test_a_sessions_first_run_of_the_page_draws_the_map_alone_until_the_map_is_drawn(app_test):
    """BENCHMARKS.md « Page speed, fifth pass »: the first run sends the title and the map only
    (the browser's report that the map is drawn brings the rest)."""
    at = app_test("fr")
    start_carnet(at)
    set_territory(at)
    at.fake_map.reports = False  # a browser whose map has not said it is drawn yet
    open_page(at, "acteurs")
    assert at.title[0].value == FR("actors.title")
    drawn = [call for call in at.fake_map.calls if call["key"] == actor_map.MAP_KEY]
    assert drawn, "the map is drawn first"
    assert DrawnReportMark in drawn[-1]["rendered"].arguments["feature_group"]
    assert not whole(at)  # no forms, no table, no tabs yet
    assert at.session_state[actor_map.WAITING] is True

    # The report comes (its callback reruns the whole page), as FakeMap plays it
    at.fake_map.reports = True
    ok(at.run())
    assert at.session_state[actor_map.WAITING] is False
    assert whole(at)


def test_the_maps_report_brings_the_whole_page_in_the_same_visit(app_test):
    at = actors_page(app_test)  # FakeMap reports as the browser does
    calls = [call for call in at.fake_map.calls if call["key"] == actor_map.MAP_KEY]
    assert len(calls) == 2  # the map alone (its report reruns the page), then the whole page
    assert whole(at)
    assert at.session_state[actor_map.WAITING] is False


def test_the_page_is_drawn_whole_at_once_on_later_visits_of_the_session(app_test):
    at = actors_page(app_test)
    open_page(at, "projet")
    at.fake_map.reports = False
    before = len(at.fake_map.calls)
    open_page(at, "acteurs")
    assert whole(at)  # no waiting: the elements' code is in the browser by now
    assert len(at.fake_map.calls) == before + 1


def test_without_the_maps_report_the_rest_comes_with_the_next_run(app_test):
    """The fallback timer (``actor_map.wait_for_map``) asks for a full run; any full run draws
    the whole page (a report that never comes loses nothing)."""
    at = app_test("fr")
    start_carnet(at)
    at.fake_map.reports = False
    open_page(at, "acteurs")
    assert not whole(at)
    ok(at.run())
    assert whole(at)
