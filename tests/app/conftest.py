"""AppTest fixtures shared by the page tests (tests/app/test_<page>.py); helpers in ``support.py``.

- ``app_env``: an isolated world for the app: its own SQLite file (``CARNET_DB_PATH``, no
  ``DATABASE_URL``), no tiles (``ALLIANCES_TILES=none``), no online geocoder
  (``ALLIANCES_GEOCODER=off``), and Streamlit's caches cleared (the carnet store is a
  ``cache_resource``: each test gets its own database).
- ``fake_map``: ``components.map_view.draw_map`` replaced by ``FakeMap`` (AppTest cannot draw a
  custom component). The map is still rendered for real (``render_map``: folium, st_folium's
  own preparation); only the hand-over to the browser is faked. ``FakeMap`` records each map
  drawn (key, centre, features), ``fake_map.click(lat, lng)`` simulates a click, and a map
  that reports when it is drawn (``adapters.mapping.DrawnReport``) reports as the browser
  does (``fake_map.reports = False``: a browser where it never does).
- ``app_test(lang="fr", query=None)``: a new ``AppTest`` of ``app.py``, not run yet. Call it
  again in the same test for a second, independent session on the same database (e.g. to
  reopen a carnet with ``query={"carnet": token}``).
- ``make_app(**query_params)``: the same, already run, e.g. ``make_app(lang="en")``,
  ``make_app(carnet=token)``, ``make_app(share=token)``, ``make_app(projection="1")``; the
  fake map is at ``at.fake_map``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st
from streamlit.testing.v1 import AppTest

from adapters import mapping
from components import map_view

APP = ROOT / "app.py"


@dataclass
class FakeMap:
    """Stands in for ``components.map_view.draw_map``: records the maps and plays clicks."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    _clicks: list[tuple[str | None, float, float]] = field(default_factory=list)
    reports: bool = True  # maps that report when drawn do (False: their report never comes)

    def __call__(self, rendered, *, key: str, on_change: Callable[[], None]) -> None:
        self.calls.append(
            {
                "key": key,
                "on_change": on_change,
                "rendered": rendered,
                "location": list(rendered.location),
                "zoom": rendered.zoom,
                "features": list(rendered.features),
            }
        )
        if (
            self.reports
            and mapping.DRAWN_SENT in str(rendered.arguments.get("feature_group") or "")
            and not map_view.reported_drawn(key)
        ):
            # The browser's report once the map is on screen: st_folium's value and the flag.
            st.session_state[key] = mapping.drawn_report_value()
            on_change()  # reruns the page if it waits for its map (st.rerun raises here)
        pending = [c for c in self._clicks if c[0] in (None, key)]
        if pending:
            click = pending[0]
            self._clicks.remove(click)
            _, lat, lng = click
            # What draw_map's callback finds: the component's value copied under the map's key.
            st.session_state[key] = {"last_clicked": {"lat": lat, "lng": lng}}
            on_change()
            st.rerun()  # the browser sends the click, callbacks run, then a fresh run

    def click(self, lat: float, lng: float, *, key: str | None = None) -> None:
        """Queue a click, handled by the next run that draws the map (``key``: which map)."""
        self._clicks.append((key, lat, lng))

    @property
    def last(self) -> dict[str, Any]:
        return self.calls[-1]

    def features(self, call: dict[str, Any] | None = None) -> list[dict]:
        """The actors' GeoJSON features sent to the map in a call (default: the last one)."""
        return (call or self.last)["features"]


@pytest.fixture
def fake_map(monkeypatch) -> FakeMap:
    from components import map_view

    fake = FakeMap()
    monkeypatch.setattr(map_view, "draw_map", fake)
    return fake


@pytest.fixture
def app_env(tmp_path, monkeypatch) -> Iterator[Path]:
    db = tmp_path / "carnets.sqlite3"
    monkeypatch.setenv("CARNET_DB_PATH", str(db))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ALLIANCES_TILES", "none")
    monkeypatch.setenv("ALLIANCES_GEOCODER", "off")
    st.cache_resource.clear()
    st.cache_data.clear()
    yield db
    st.cache_resource.clear()


@pytest.fixture
def app_test(app_env, fake_map) -> Callable[..., AppTest]:
    """Factory: ``app_test(lang="fr", query=None)`` → a new AppTest of app.py (not run yet)."""

    def make(lang: str | None = "fr", query: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        if lang:
            at.query_params["lang"] = lang
        for name, value in (query or {}).items():
            at.query_params[name] = value
        at.fake_map = fake_map
        return at

    return make


@pytest.fixture
def make_app(app_test) -> Callable[..., AppTest]:
    """Factory: ``make_app(**query_params)`` → a new AppTest of app.py, already run."""

    def make(**query_params: str) -> AppTest:
        return app_test(lang=None, query=query_params).run()

    return make
