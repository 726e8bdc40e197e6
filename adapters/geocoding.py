"""Geocoding: from what a learner types to places on the map, online or offline.

Pure Python (this module must never import streamlit). Three geocoders share one protocol:

* ``GeoplateformeGeocoder``: IGN's Géoplateforme address service (``data.geopf.fr/geocodage``,
  the successor of the decommissioned ``api-adresse.data.gouv.fr``), through geopy's
  ``BANFrance`` pointed at the new domain (geopy composes ``scheme://domain + "/search"``).
  It raises ``GeocodingError(code)`` when the service fails.
* ``GazetteerGeocoder``: the offline communes gazetteer (``domain.gazetteer``).
* ``FallbackGeocoder``: asks the first, falls back to the second, never raises for network
  problems and reports what happened in a ``SearchResult``.

``geocoder_from_env(gazetteer)`` builds the one the app uses; ``ALLIANCES_GEOCODER=off`` keeps a
classroom fully offline (gazetteer only). Caching belongs to the UI adapter
(``st.cache_data``): ``Place`` and ``SearchResult`` are small frozen, picklable dataclasses.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal, Protocol, TypeVar

from geopy import exc as geopy_exc
from geopy.adapters import AdapterHTTPError, RequestsAdapter, URLLibAdapter
from geopy.geocoders import BANFrance

from domain.gazetteer import normalize as normalize_place
from domain.text import clean_text

__all__ = [
    "DEFAULT_DOMAIN",
    "ENV_VAR",
    "MAX_QUERY",
    "MIN_ONLINE_QUERY",
    "PROBLEMS",
    "FallbackGeocoder",
    "GazetteerGeocoder",
    "Geocoder",
    "GeocodingError",
    "GeoplateformeGeocoder",
    "Place",
    "SearchResult",
    "clean_query",
    "geocoder_from_env",
]

DEFAULT_DOMAIN = "data.geopf.fr/geocodage"
DEFAULT_TIMEOUT = 3.0
USER_AGENT = "alliances-territoires/1.0 (educational app; geocoding on submit only)"
ENV_VAR = "ALLIANCES_GEOCODER"
_OFF_VALUES = {"off", "offline", "0", "false", "no", "non", "gazetteer"}

MAX_QUERY = 200  # the address API rejects longer queries (HTTP 400)
MIN_ONLINE_QUERY = 3  # ... and shorter ones: those go to the gazetteer only
MAX_LIMIT = 20
_MAX_LABEL = 300
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")

# Why the primary geocoder failed (SearchResult.problem). "offline" means the online service is
# switched off on purpose (ALLIANCES_GEOCODER=off), not that it failed.
Problem = Literal["timeout", "rate_limited", "unavailable", "bad_response", "offline"]
PROBLEMS: tuple[str, ...] = ("timeout", "rate_limited", "unavailable", "bad_response", "offline")


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lon: float
    commune: str
    postcode: str
    citycode: str  # INSEE code of the commune
    score: float | None  # 0..1 from the address service; None from the gazetteer
    source: str  # "geoplateforme" or "gazetteer"


class Geocoder(Protocol):
    def search(self, query: str, *, limit: int = 5) -> list[Place]: ...


class GeocodingError(Exception):
    """The online service did not give a usable answer; ``code`` is one of PROBLEMS."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class SearchResult:
    places: list[Place] = field(default_factory=list)
    degraded: bool = False  # True when the places come from the fallback instead of the primary
    problem: Problem | None = None  # set when degraded


def clean_query(query: object) -> str:
    """What is actually searched: cleaned text (no control characters), at most MAX_QUERY chars."""
    if not isinstance(query, str):
        return ""
    return clean_text(query)[:MAX_QUERY].strip()


def _clamp_limit(limit: int) -> int:
    try:
        return max(0, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        return 5


# --------------------------------------------------------------------------- online


T = TypeVar("T")


def _call_with_deadline(function: Callable[[], T], seconds: float) -> T:
    """Run ``function`` in a daemon thread and give up after ``seconds``.

    requests' timeout bounds each connect and each read, not name resolution (a broken school
    DNS can hang for many seconds) nor a server trickling bytes: the deadline bounds the whole
    call. An abandoned call finishes (or times out) in the background and its result is dropped.
    """
    outcome: dict[str, Any] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed over to the caller's thread
            outcome["error"] = error
        finally:
            finished.set()

    threading.Thread(target=run, name="geocoder-call", daemon=True).start()
    if not finished.wait(seconds):
        raise GeocodingError("timeout", f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def _problem_for(error: BaseException) -> str:
    """Map geopy / adapter exceptions to a problem code."""
    status = None
    for candidate in (error, error.__cause__, error.__context__):
        if isinstance(candidate, AdapterHTTPError):
            status = candidate.status_code
            break
    if status is not None:
        if status == 429:
            return "rate_limited"
        if status in (408, 504):
            return "timeout"
        return "unavailable"  # 5xx, and 4xx such as a school proxy's 403
    if isinstance(error, geopy_exc.GeocoderRateLimited):
        return "rate_limited"
    if isinstance(error, geopy_exc.GeocoderTimedOut):
        return "timeout"
    if isinstance(error, geopy_exc.GeocoderParseError):
        return "bad_response"
    if isinstance(error, (geopy_exc.GeocoderUnavailable, geopy_exc.GeocoderServiceError, OSError)):
        return "unavailable"
    return "bad_response"


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _text(value: object, limit: int = _MAX_LABEL) -> str:
    return clean_text(value)[:limit] if isinstance(value, str) else ""


def _place_from_feature(feature: object) -> Place | None:
    """One GeoCodeJSON feature → Place, or None when it is not usable.

    GeoJSON coordinates are [lon, lat] (the reverse of the usual spoken order).
    """
    if not isinstance(feature, dict):
        return None
    geometry = feature.get("geometry")
    properties = feature.get("properties")
    if not isinstance(geometry, dict) or not isinstance(properties, dict):
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, (list, tuple)) or len(coordinates) < 2:
        return None
    lon, lat = _number(coordinates[0]), _number(coordinates[1])
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    label = _text(properties.get("label")) or _text(properties.get("name"))
    if not label:
        return None
    score = _number(properties.get("score"))
    if score is not None and not 0 <= score <= 1:
        score = None
    return Place(
        label=label,
        lat=lat,
        lon=lon,
        commune=_text(properties.get("city"), 150),
        postcode=_text(properties.get("postcode"), 10),
        citycode=_text(properties.get("citycode"), 10),
        score=score,
        source="geoplateforme",
    )


def _places_from_response(response: object) -> list[Place]:
    """A GeoCodeJSON FeatureCollection → places; GeocodingError("bad_response") otherwise."""
    if not isinstance(response, dict) or not isinstance(response.get("features"), list):
        raise GeocodingError("bad_response", "not a FeatureCollection")
    features = response["features"]
    places = [place for place in map(_place_from_feature, features) if place is not None]
    if features and not places:
        raise GeocodingError("bad_response", "no usable feature")
    return places


def _online_query(query: str) -> str:
    """The address API wants 3..200 characters starting with a letter or a digit."""
    start = 0
    while start < len(query) and not query[start].isalnum():
        start += 1
    return query[start:]


class _RawBANFrance(BANFrance):  # type: ignore[misc]  # geopy has no type information
    """BANFrance returning the raw GeoCodeJSON: geopy's parser indexes coordinates blindly (one
    odd feature raises) and drops the properties we need; we parse one feature at a time."""

    def _parse_json(self, response: object, exactly_one: bool) -> object:
        return response


class GeoplateformeGeocoder:
    """IGN Géoplateforme address search (``/search``) through geopy's BANFrance.

    ``search`` returns places in the service's order (best first) and raises GeocodingError
    (code in PROBLEMS) when the service times out, refuses, is unreachable or answers garbage.
    The whole call never takes longer than ``timeout`` seconds.
    """

    source = "geoplateforme"

    def __init__(
        self,
        domain: str = DEFAULT_DOMAIN,
        scheme: str = "https",
        timeout: float = DEFAULT_TIMEOUT,
        user_agent: str = USER_AGENT,
        *,
        proxies: Mapping[str, str] | None = None,
    ):
        if RequestsAdapter.is_available:
            # No retries: geopy's default (2) would triple a connect timeout.
            adapter_factory = partial(RequestsAdapter, max_retries=0)
        else:  # pragma: no cover - requests is a dependency of the app
            adapter_factory = URLLibAdapter
        self.timeout = float(timeout)
        self._ban = _RawBANFrance(
            domain=domain,
            scheme=scheme,
            timeout=self.timeout,
            user_agent=user_agent,
            proxies=dict(proxies) if proxies is not None else None,  # None: system proxies
            adapter_factory=adapter_factory,
        )

    @property
    def url(self) -> str:
        return str(self._ban.geocode_api)

    def search(self, query: str, *, limit: int = 5) -> list[Place]:
        text = _online_query(clean_query(query))
        limit = _clamp_limit(limit)
        if len(text) < MIN_ONLINE_QUERY or limit == 0:
            return []

        def call() -> object:
            return self._ban.geocode(text, limit=limit, exactly_one=False, timeout=self.timeout)

        try:
            response = _call_with_deadline(call, self.timeout)
        except GeocodingError:
            raise
        except Exception as error:
            raise GeocodingError(_problem_for(error), str(error)[:200]) from error
        return _places_from_response(response)[:limit]


# --------------------------------------------------------------------------- offline


class GazetteerGeocoder:
    """Commune-level places from the offline gazetteer (``Gazetteer.search(query, limit)``).

    Learners type addresses (« 2 place de la Mairie, 35550 Pipriac »), which no commune name
    matches: when the whole query finds nothing, the commune is looked for in it, by its
    postcode and then by its last words (exact commune name only, so « rue » finds nothing).
    """

    source = "gazetteer"

    def __init__(self, gazetteer: Any):
        self.gazetteer = gazetteer

    def search(self, query: str, *, limit: int = 5) -> list[Place]:
        text = clean_query(query)
        limit = _clamp_limit(limit)
        if not text or limit == 0:
            return []
        communes = list(self.gazetteer.search(text, limit)) or self._communes_in(text, limit)
        return [self._place(commune) for commune in communes[:limit]]

    def _communes_in(self, text: str, limit: int) -> list[Any]:
        words = [word for word in re.split(r"[\s,;]+", text) if word]
        if len(words) < 2:
            return []
        postcode = _POSTCODE.search(text)
        if postcode:
            code = postcode.group(1)
            found = [c for c in self.gazetteer.search(code, 50) if code in c.postcodes]
            named = [c for c in found if normalize_place(c.name) in normalize_place(text)]
            if named or found:
                return (named or found)[:limit]
        for size in range(min(4, len(words) - 1), 0, -1):
            tail = " ".join(words[-size:])
            wanted = normalize_place(tail)
            candidates = self.gazetteer.search(tail, 50)
            found = [c for c in candidates if normalize_place(c.name) == wanted]
            if found:
                return found[:limit]
        return []

    @staticmethod
    def _place(commune: Any) -> Place:
        postcodes = tuple(getattr(commune, "postcodes", ()) or ())
        return Place(
            label=commune.label,
            lat=float(commune.lat),
            lon=float(commune.lon),
            commune=commune.name,
            postcode=postcodes[0] if postcodes else "",
            citycode=commune.insee,
            score=None,
            source="gazetteer",
        )


# --------------------------------------------------------------------------- together


class FallbackGeocoder:
    """Primary (online) first; on failure, the fallback (gazetteer) with ``degraded=True``.

    ``primary=None`` is the offline classroom: fallback only, ``problem="offline"``. Queries too
    short for the address API (under 3 characters, e.g. the commune « Y ») go to the fallback
    without counting as degraded.
    """

    def __init__(self, primary: Geocoder | None, fallback: Geocoder):
        self.primary = primary
        self.fallback = fallback

    @property
    def online(self) -> bool:
        return self.primary is not None

    def search(self, query: str, *, limit: int = 5) -> SearchResult:
        text = clean_query(query)
        if not text or _clamp_limit(limit) == 0:
            return SearchResult([], degraded=False, problem=None)
        if self.primary is None:
            return SearchResult(self.fallback.search(text, limit=limit), True, "offline")
        if len(_online_query(text)) < MIN_ONLINE_QUERY:
            return SearchResult(self.fallback.search(text, limit=limit), False, None)
        try:
            return SearchResult(self.primary.search(text, limit=limit), False, None)
        except GeocodingError as error:
            problem: Problem = error.code if error.code in PROBLEMS else "unavailable"  # type: ignore[assignment]
        except Exception:  # noqa: BLE001 - a broken primary must not break the page
            problem = "unavailable"
        return SearchResult(self.fallback.search(text, limit=limit), True, problem)


def geocoder_from_env(
    gazetteer: Any,
    *,
    environ: Mapping[str, str] | None = None,
    **online_options: Any,
) -> FallbackGeocoder:
    """The app's geocoder: Géoplateforme with the gazetteer as fallback, or the gazetteer only
    when ``ALLIANCES_GEOCODER`` is ``off`` (also: offline, 0, false, no)."""
    environ = os.environ if environ is None else environ
    fallback = GazetteerGeocoder(gazetteer)
    if environ.get(ENV_VAR, "").strip().lower() in _OFF_VALUES:
        return FallbackGeocoder(None, fallback)
    return FallbackGeocoder(GeoplateformeGeocoder(**online_options), fallback)
