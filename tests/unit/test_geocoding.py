"""adapters.geocoding against a fake address service on 127.0.0.1 (never the network)."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from adapters.geocoding import (
    MAX_QUERY,
    FallbackGeocoder,
    GazetteerGeocoder,
    GeocodingError,
    GeoplateformeGeocoder,
    Place,
    SearchResult,
    geocoder_from_env,
)
from domain.gazetteer import Commune
from tests.fixtures import commune

# A response shaped like the Géoplateforme /geocodage/search answer (GeoCodeJSON).
PIPRIAC = {
    "type": "FeatureCollection",
    "version": "draft",
    "features": [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-1.946612, 47.809145]},
            "properties": {
                "label": "2 Place de la Mairie 35550 Pipriac",
                "score": 0.9312,
                "housenumber": "2",
                "id": "35219_0120_00002",
                "name": "2 Place de la Mairie",
                "postcode": "35550",
                "citycode": "35219",
                "x": 335204.1,
                "y": 6752313.6,
                "city": "Pipriac",
                "context": "35, Ille-et-Vilaine, Bretagne",
                "type": "housenumber",
                "importance": 0.5432,
                "street": "Place de la Mairie",
                "_type": "address",
            },
        },
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [-1.947795, 47.808428]},
            "properties": {
                "label": "Pipriac",
                "score": 0.7011,
                "id": "35219",
                "name": "Pipriac",
                "postcode": "35550",
                "citycode": "35219",
                "city": "Pipriac",
                "context": "35, Ille-et-Vilaine, Bretagne",
                "type": "municipality",
                "importance": 0.4821,
                "_type": "address",
            },
        },
    ],
    "attribution": "BAN",
    "licence": "ETALAB-2.0",
    "query": "mairie pipriac",
    "limit": 5,
}


# --------------------------------------------------------------------------- fake service


class FakeService:
    """What the fake server answers next, and what it was asked."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.status = 200
        self.body: bytes = json.dumps(PIPRIAC).encode()
        self.content_type = "application/json; charset=utf-8"
        self.delay = 0.0
        self.trickle: float | None = None  # seconds between body bytes
        self.requests: list[dict] = []


class Handler(BaseHTTPRequestHandler):
    service: FakeService  # set on the subclass made per server

    def do_GET(self) -> None:
        service = self.service
        url = urlsplit(self.path)
        service.requests.append(
            {"path": url.path, "query": parse_qs(url.query), "headers": dict(self.headers)}
        )
        if service.delay:
            time.sleep(service.delay)
        try:
            self.send_response(service.status)
            self.send_header("Content-Type", service.content_type)
            self.send_header("Content-Length", str(len(service.body)))
            if service.status == 429:
                self.send_header("Retry-After", "1")
            self.end_headers()
            if service.trickle is None:
                self.wfile.write(service.body)
            else:
                for byte in service.body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(service.trickle)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    service = FakeService()
    handler = type("BoundHandler", (Handler,), {"service": service})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, service
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def service(server):
    _, service = server
    service.reset()
    return service


def online(server, timeout: float = 2.0) -> GeoplateformeGeocoder:
    httpd, _ = server
    port = httpd.server_address[1]
    return GeoplateformeGeocoder(
        domain=f"127.0.0.1:{port}/geocodage", scheme="http", timeout=timeout, proxies={}
    )


# --------------------------------------------------------------------------- fake gazetteer


class FakeGazetteer:
    def __init__(self) -> None:
        self.queries: list[tuple[str, int]] = []
        self.communes = [
            commune(
                "35219",
                "Pipriac",
                ("35550",),
                "Ille-et-Vilaine",
                region="Bretagne",
                lat=47.8084,
                lon=-1.9478,
            ),
            commune(
                "76711", "Y", ("80190",), "Somme", region="Hauts-de-France", lat=49.8025, lon=2.9906
            ),
        ]

    def search(self, query: str, limit: int = 10) -> list[Commune]:
        self.queries.append((query, limit))
        if query.isdigit():
            return [c for c in self.communes if any(p.startswith(query) for p in c.postcodes)]
        q = query.lower()
        return [c for c in self.communes if c.name.lower().startswith(q)][:limit]


@pytest.fixture
def gazetteer() -> FakeGazetteer:
    return FakeGazetteer()


GAZETTEER_PIPRIAC = Place(
    label="Pipriac (35550, Ille-et-Vilaine)",
    lat=47.8084,
    lon=-1.9478,
    commune="Pipriac",
    postcode="35550",
    citycode="35219",
    score=None,
    source="gazetteer",
)


# --------------------------------------------------------------------------- online geocoder


def test_default_target_is_the_geoplateforme_not_the_dead_host():
    geocoder = GeoplateformeGeocoder()
    assert geocoder.url == "https://data.geopf.fr/geocodage/search"
    assert geocoder.timeout == 3.0


def test_success_parses_geocodejson_with_lon_lat_order(server, service):
    places = online(server).search("Mairie Pipriac", limit=5)

    assert places[0] == Place(
        label="2 Place de la Mairie 35550 Pipriac",
        lat=47.809145,  # coordinates[1]
        lon=-1.946612,  # coordinates[0]
        commune="Pipriac",
        postcode="35550",
        citycode="35219",
        score=0.9312,
        source="geoplateforme",
    )
    assert [p.label for p in places] == ["2 Place de la Mairie 35550 Pipriac", "Pipriac"]

    (request,) = service.requests
    assert request["path"] == "/geocodage/search"
    assert request["query"] == {"q": ["Mairie Pipriac"], "limit": ["5"]}
    assert request["headers"]["User-Agent"].startswith("alliances-territoires/")


def test_query_is_cleaned_capped_and_limit_sent(server, service):
    geocoder = online(server)
    geocoder.search("  « Mairie\u202e  de\x00 Pipriac » ", limit=3)
    geocoder.search("rue " * 100, limit=500)

    first, second = service.requests
    # control and bidi characters out, spaces collapsed, leading punctuation dropped (the API
    # wants the query to start with a letter or a digit)
    assert first["query"] == {"q": ["Mairie de Pipriac »"], "limit": ["3"]}
    assert len(second["query"]["q"][0]) <= MAX_QUERY
    assert int(second["query"]["limit"][0]) <= 20


@pytest.mark.parametrize("query", ["", "   ", "\x00\u200b", "«»", "ab", None])
def test_empty_or_too_short_queries_send_no_request(server, service, query):
    assert online(server).search(query) == []
    assert service.requests == []


def test_a_bad_feature_is_skipped_not_fatal(server, service):
    broken = {"type": "Feature", "geometry": {"coordinates": [1]}, "properties": {}}
    service.body = json.dumps({**PIPRIAC, "features": [broken, *PIPRIAC["features"]]}).encode()
    assert [p.label for p in online(server).search("pipriac")] == [
        "2 Place de la Mairie 35550 Pipriac",
        "Pipriac",
    ]


@pytest.mark.parametrize(
    ("status", "problem"),
    [
        (429, "rate_limited"),
        (500, "unavailable"),
        (502, "unavailable"),
        (503, "unavailable"),
        (504, "timeout"),
        (403, "unavailable"),
        (400, "unavailable"),
    ],
)
def test_http_errors_raise_a_problem_code(server, service, status, problem):
    service.status = status
    service.body = b'{"code": %d, "message": "nope"}' % status
    with pytest.raises(GeocodingError) as caught:
        online(server).search("pipriac")
    assert caught.value.code == problem


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Bad gateway, said the school proxy</body></html>",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"",
        b'{"type": "FeatureCollection", "features": [',
    ],
)
def test_garbage_body_is_a_bad_response(server, service, body):
    service.body = body
    service.content_type = "text/html"
    with pytest.raises(GeocodingError) as caught:
        online(server).search("pipriac")
    assert caught.value.code == "bad_response"


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "FeatureCollection"},
        {"features": "none"},
        [1, 2, 3],
        "features",
        42,
        None,
        {"features": [{"geometry": {"coordinates": ["a", "b"]}, "properties": {"label": "x"}}]},
        {"features": [{"geometry": {"coordinates": [2.0, 95.0]}, "properties": {"label": "x"}}]},
        {"features": [{"geometry": {"coordinates": [2.0, 48.0]}, "properties": {"label": ""}}]},
        {"features": [{"geometry": None, "properties": None}]},
        {"features": ["x"]},
    ],
)
def test_json_of_the_wrong_shape_is_a_bad_response(server, service, payload):
    service.body = json.dumps(payload).encode()
    with pytest.raises(GeocodingError) as caught:
        online(server).search("pipriac")
    assert caught.value.code == "bad_response"


def test_empty_result_is_an_answer(server, service):
    service.body = json.dumps({**PIPRIAC, "features": []}).encode()
    assert online(server).search("zzzz qqqq") == []


def test_connection_refused_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    geocoder = GeoplateformeGeocoder(
        domain=f"127.0.0.1:{port}/geocodage", scheme="http", timeout=1.0, proxies={}
    )
    with pytest.raises(GeocodingError) as caught:
        geocoder.search("pipriac")
    assert caught.value.code == "unavailable"


# --------------------------------------------------------------------------- with the fallback


def test_fallback_not_used_when_the_service_answers(server, service, gazetteer):
    result = FallbackGeocoder(online(server), GazetteerGeocoder(gazetteer)).search("Mairie Pipriac")
    assert result.degraded is False and result.problem is None
    assert result.places[0].source == "geoplateforme"
    assert gazetteer.queries == []


def test_timeout_falls_back_to_the_gazetteer_in_time(server, service, gazetteer):
    service.delay = 3.0
    geocoder = FallbackGeocoder(online(server, timeout=0.5), GazetteerGeocoder(gazetteer))

    result = geocoder.search("Pipriac")  # the service would answer after 3 s

    assert result == SearchResult(places=[GAZETTEER_PIPRIAC], degraded=True, problem="timeout")


def test_a_trickling_server_cannot_hold_the_page(server, service, gazetteer):
    # Each byte arrives before the socket timeout, so only the overall deadline stops it.
    service.trickle = 0.2
    service.body = b'{"features": []}'  # 16 bytes: 3.2 s in all, then the server thread ends
    geocoder = FallbackGeocoder(online(server, timeout=0.6), GazetteerGeocoder(gazetteer))

    result = geocoder.search("Pipriac")  # a valid answer, complete after 3.2 s: too late

    assert result.degraded and result.problem == "timeout"
    assert result.places == [GAZETTEER_PIPRIAC]


@pytest.mark.parametrize(
    ("status", "body", "problem"),
    [
        (429, b'{"code": 429}', "rate_limited"),
        (500, b"Internal Server Error", "unavailable"),
        (200, b"not json at all", "bad_response"),
        (200, b'{"hello": "world"}', "bad_response"),
    ],
)
def test_failures_fall_back_with_a_problem_code(server, service, gazetteer, status, body, problem):
    service.status, service.body = status, body
    result = FallbackGeocoder(online(server), GazetteerGeocoder(gazetteer)).search("Pipriac")
    assert result == SearchResult(places=[GAZETTEER_PIPRIAC], degraded=True, problem=problem)


def test_empty_answer_from_the_service_is_not_degraded(server, service, gazetteer):
    service.body = json.dumps({**PIPRIAC, "features": []}).encode()
    result = FallbackGeocoder(online(server), GazetteerGeocoder(gazetteer)).search("Pipriac")
    assert result == SearchResult(places=[], degraded=False, problem=None)


def test_unexpected_primary_error_never_escapes(gazetteer):
    class Broken:
        def search(self, query, *, limit=5):
            raise RuntimeError("boom")

    result = FallbackGeocoder(Broken(), GazetteerGeocoder(gazetteer)).search("Pipriac")
    assert result.degraded and result.problem == "unavailable"
    assert result.places == [GAZETTEER_PIPRIAC]


def test_empty_query_asks_nobody(server, service, gazetteer):
    geocoder = FallbackGeocoder(online(server), GazetteerGeocoder(gazetteer))
    assert geocoder.search("  \x00 ") == SearchResult([], False, None)
    assert service.requests == [] and gazetteer.queries == []


def test_too_short_for_the_service_goes_to_the_gazetteer(server, service, gazetteer):
    result = FallbackGeocoder(online(server), GazetteerGeocoder(gazetteer)).search("Y")
    assert service.requests == []
    assert result.degraded is False and result.problem is None
    assert [p.commune for p in result.places] == ["Y"]


# --------------------------------------------------------------------------- factory


def test_env_off_means_gazetteer_only(gazetteer, monkeypatch):
    monkeypatch.setenv("ALLIANCES_GEOCODER", "off")
    geocoder = geocoder_from_env(gazetteer)
    assert geocoder.primary is None and not geocoder.online
    result = geocoder.search("Pipriac")
    assert result == SearchResult(places=[GAZETTEER_PIPRIAC], degraded=True, problem="offline")


def test_env_default_is_the_geoplateforme(gazetteer):
    geocoder = geocoder_from_env(gazetteer, environ={})
    assert isinstance(geocoder.primary, GeoplateformeGeocoder)
    assert geocoder.primary.url == "https://data.geopf.fr/geocodage/search"
    assert geocoder_from_env(gazetteer, environ={"ALLIANCES_GEOCODER": " OFF "}).primary is None


def test_env_factory_passes_options_to_the_online_geocoder(server, service, gazetteer):
    port = server[0].server_address[1]
    geocoder = geocoder_from_env(
        gazetteer,
        environ={},
        domain=f"127.0.0.1:{port}/geocodage",
        scheme="http",
        timeout=1.0,
        proxies={},
    )
    assert geocoder.search("Mairie Pipriac").places[0].citycode == "35219"


# --------------------------------------------------------------------------- gazetteer


def test_gazetteer_geocoder_maps_communes(gazetteer):
    assert GazetteerGeocoder(gazetteer).search(" pipriac ", limit=3) == [GAZETTEER_PIPRIAC]
    assert gazetteer.queries == [("pipriac", 3)]
    assert GazetteerGeocoder(gazetteer).search("") == []


@pytest.mark.parametrize(
    "query",
    ["2 place de la Mairie, 35550 Pipriac", "2 place de la Mairie Pipriac", "Mairie, 35550"],
)
def test_gazetteer_finds_the_commune_of_an_address(gazetteer, query):
    assert GazetteerGeocoder(gazetteer).search(query) == [GAZETTEER_PIPRIAC]


def test_gazetteer_does_not_guess_from_a_street_alone(gazetteer):
    assert GazetteerGeocoder(gazetteer).search("12 rue de la Paix") == []


def test_timeout_on_an_address_still_offers_its_commune(server, service, gazetteer):
    service.delay = 2.0
    geocoder = FallbackGeocoder(online(server, timeout=0.3), GazetteerGeocoder(gazetteer))
    result = geocoder.search("2 place de la Mairie 35550 Pipriac")
    assert result == SearchResult(places=[GAZETTEER_PIPRIAC], degraded=True, problem="timeout")


def test_with_the_real_gazetteer():
    gazetteer_module = pytest.importorskip("domain.gazetteer")
    try:
        real = gazetteer_module.Gazetteer.load()
    except FileNotFoundError:
        pytest.skip("communes data file not built")
    places = GazetteerGeocoder(real).search("Pipriac", limit=3)
    assert places[0].citycode == "35219"
    assert places[0].postcode == "35550"
    assert 47 < places[0].lat < 48.5 and -2.5 < places[0].lon < -1.5
    assert places[0].source == "gazetteer" and places[0].score is None
    address = GazetteerGeocoder(real).search("8 rue du Breil, 35000 Rennes", limit=3)
    assert address[0].commune == "Rennes"
