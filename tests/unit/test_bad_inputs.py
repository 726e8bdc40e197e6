"""Bad files for every input of the app: a clear, translated refusal, and nothing changed.

The corpora are real files in tests/corpus/bad_inputs/<kind>/ (see build_corpus.py there and
each folder's manifest.json for what every file is and what it must produce):

- carnet_json: a carnet file uploaded on the home page. Path of the UI (pages' « Importer un
  carnet »): ``services.carnets.import_json(session, data)`` in the learner's tab; a refusal
  (``ImportRefused``) shows ``import.error.<code>`` and the refused fields (``details``); a
  success opens a NEW carnet. The learner's open carnet, saved in the store, must come out
  equal and no carnet be created.
- actors_csv: an actors list uploaded on the actors page. Path of the UI:
  ``components.actor_import.import_report(data, lang, file_name)`` (the report, or the whole-file problem
  already translated), then ``report_frame`` (the reasons, translated) and, only when actors
  were accepted, the confirm step (``services.actors.add_imported`` in the learner's tab). The
  learner's saved carnet must come out equal.
- geocoder_geojson: the only GeoJSON the app reads is the address service's answer (GeoCodeJSON);
  there is no GeoJSON file import (the GeoJSON export is checked for re-reading in
  test_hostile_exports.py). A bad answer, served by a fake service on 127.0.0.1, must end as a
  degraded search (communes from the offline gazetteer) with a problem code whose message
  ``actors.search.degraded.<problem>`` exists, never as an exception.

Every message is rendered in French and in English: the key exists in both locale files and
the text keeps neither the key nor a ``{placeholder}``.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from adapters.geocoding import FallbackGeocoder, GazetteerGeocoder, GeoplateformeGeocoder
from adapters.storage.carnets import CarnetStore
from domain import actors as domain_actors
from domain.actors_import import ActorsImportProblem, import_actors_csv
from domain.catalogue import load_categories
from domain.gazetteer import Gazetteer
from domain.i18n import LANGUAGES, Translator
from services import actors as actor_services
from services import carnets
from services.carnet_session import CarnetSession
from tests.corpus import BadInput, bad_inputs

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
LEFTOVER_KEY = re.compile(r"\b(?:import|validation|field|actors_import|actors)\.[a-z_.]+\b")
MIN_FILES = 10


def cases(kind: str) -> list:
    params = []
    for item in bad_inputs(kind):
        params.append(pytest.param(item, id=item.name))
    return params


def assert_message(key: str, params: dict, lang: str) -> str:
    """The message exists in both locale files and renders completely in ``lang``."""
    for language in LANGUAGES:
        assert Translator(language).has(key), f"{key} missing from the {language} locale files"
    text = Translator(lang)(key, **params)
    assert_rendered(text, key)
    return text


def assert_rendered(text: str, key: str = "") -> None:
    assert text and text != key, f"{key!r} shown as its key"
    assert not PLACEHOLDER.search(text), f"placeholder left in {text!r}"
    assert not LEFTOVER_KEY.search(text), f"a locale key left in {text!r}"


@pytest.mark.parametrize("kind", ["carnet_json", "actors_csv", "geocoder_geojson", "map_files"])
def test_each_corpus_has_enough_real_files(kind):
    items = bad_inputs(kind)
    assert len(items) >= MIN_FILES
    for item in items:
        assert item.path.is_file()
        assert {"code", "row_codes", "problem"} & set(item.expect), item.name


# ------------------------------------------------------------------------------- carnet JSON


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> CarnetStore:
    path = tmp_path_factory.mktemp("bad-inputs") / "carnets.sqlite3"
    return CarnetStore(f"sqlite:///{path}")


def learners_tab(store: CarnetStore) -> CarnetSession:
    """A tab with the learner's carnet open and saved, as before an upload."""
    tab = CarnetSession({}, store)
    carnets.open_example(tab, "fr")
    return tab


@pytest.mark.parametrize("item", cases("carnet_json"))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_carnet_json_is_refused_clearly_and_changes_nothing(item: BadInput, lang, store):
    tab = learners_tab(store)
    before = store.load(tab.token)
    count = store.count()
    t = Translator(lang)

    with pytest.raises(carnets.ImportRefused) as refused:
        carnets.import_json(tab, item.data())
    problem = refused.value.problem

    assert problem.code == item.expect["code"], item.what
    headline = assert_message(f"import.error.{problem.code}", problem.params, lang)
    assert refused.value.explain(t) == [headline]  # what the home page shows
    details = refused.value.details(t)
    if problem.code == "invalid":
        assert details, "an invalid carnet says which values are wrong"
    for line in details:
        assert_rendered(line)
    assert tab.token == before.token and tab.carnet == before.carnet  # still the open one
    after = store.load(before.token)
    assert after.carnet == before.carnet
    assert after.version == before.version
    assert store.count() == count


# ------------------------------------------------------------------------------- actors CSV


@pytest.fixture(scope="module")
def import_report():
    from components.actor_import import import_report

    return import_report


@pytest.fixture(scope="module")
def report_frame():
    from components.actor_import import report_frame

    return report_frame


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def confirm_like_actors_page(tab: CarnetSession, outcome) -> None:
    """« Ajouter ces acteurs »: the button is there only when actors were accepted."""
    if outcome.ok and outcome.report.actors:
        actor_services.add_imported(tab, outcome.report.actors)


@pytest.mark.parametrize("item", cases("actors_csv"))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_actors_csv_is_refused_clearly_and_changes_nothing(
    item: BadInput, lang, import_report, report_frame, gazetteer, store
):
    data = item.data()
    tab = learners_tab(store)
    before = store.load(tab.token)
    t = Translator(lang)

    outcome = import_report(data, lang, item.name.removesuffix(".gz"))  # as uploaded

    if "code" in item.expect:
        assert not outcome.ok, f"{item.name} ({item.what}) was read as a CSV"
        with pytest.raises(ActorsImportProblem) as raised:
            import_actors_csv(data, domain_actors.import_labels(load_categories()), gazetteer)
        problem = raised.value
        assert problem.code == item.expect["code"], item.what
        assert outcome.problem == assert_message(problem.key, problem.params, lang)
        assert_message("actors.import.nothing_changed", {}, lang)
    else:
        assert outcome.ok, f"{item.name}: {outcome.problem}"
        report = outcome.report
        assert report.actors == [], f"{item.name}: actors accepted from a bad file"
        assert report.rejected == len(report.rows) > 0
        assert {row.reason for row in report.rows} == set(item.expect["row_codes"]), item.what
        for row in report.rows:
            for reason in row.reasons:
                assert_message(reason.key, dict(reason.params), lang)
        table = report_frame(report, t)
        for cell in table[t("actors.import.col.reasons")]:
            assert_rendered(cell)
        assert_message("actors.import.none", {}, lang)
    confirm_like_actors_page(tab, outcome)
    after = store.load(tab.token)
    assert after.version == before.version and after.carnet == before.carnet


# --------------------------------------------------------------------- geocoder (GeoCodeJSON)


class _Service(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        body = type(self).body
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def service():
    handler = type("CorpusService", (_Service,), {})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, handler
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("item", cases("geocoder_geojson"))
def test_bad_address_service_answer_degrades_to_the_gazetteer(
    item: BadInput, service, gazetteer, store
):
    httpd, handler = service
    handler.body = item.data()
    online = GeoplateformeGeocoder(
        domain=f"127.0.0.1:{httpd.server_address[1]}/geocodage",
        scheme="http",
        timeout=3.0,
        proxies={},
    )
    geocoder = FallbackGeocoder(online, GazetteerGeocoder(gazetteer))
    tab = learners_tab(store)
    version = tab.version

    result = geocoder.search("2 place de la Mairie 35550 Pipriac", limit=5)

    assert result.degraded, f"{item.name} ({item.what}) was taken as a good answer"
    assert result.problem == item.expect["problem"], item.what
    assert result.places and all(place.source == "gazetteer" for place in result.places)
    assert result.places[0].commune == "Pipriac"
    for lang in LANGUAGES:
        assert_message(f"actors.search.degraded.{result.problem}", {}, lang)
    assert store.version(tab.token) == version  # a search never changes the carnet
    # Choosing the place the fallback found does, as a commune (no address from a bad answer).
    placed = actor_services.add_actor(
        tab, name="Mairie", category="collectivite", where="search", place=result.places[0]
    )
    assert (placed.commune, placed.placed_by, placed.address) == ("Pipriac", "gazetteer", "")
    assert store.version(tab.token) == version + 1
