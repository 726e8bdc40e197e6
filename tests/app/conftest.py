"""AppTest fixtures shared by the page tests (tests/app/test_<page>.py).

- ``app_test()`` → a fresh ``AppTest`` of ``app.py`` (``default_timeout=60``) in an isolated
  world: its own SQLite file (``CARNET_DB_PATH``, no ``DATABASE_URL``), no tiles
  (``ALLIANCES_TILES=none``), no online geocoder (``ALLIANCES_GEOCODER=off``), and
  ``st.cache_resource`` cleared (the carnet store is a cache_resource: each test gets its DB).
  Call it again in the same test for a second, independent session on the same DB (e.g. to
  reopen a carnet with ``?carnet=<token>``).
- ``fake_folium``: ``components.map_view.st_folium`` replaced by ``FakeStFolium``, which records
  each call and returns what the real component would (``st.session_state[key]`` or the
  defaults). ``fake_folium.click(lat, lng)`` simulates a click: on the next run, at the map,
  it stores ``{"last_clicked": ...}`` under the map's key, calls the ``on_change`` callback
  (as st_folium does) and asks for a rerun, so the page is drawn again after the callback,
  as in the browser.
- Helpers: ``start_carnet(at)`` clicks « Nouveau carnet » on the home page and returns the
  token; ``open_page(at, "acteurs")`` switches to the page's file (``pages/acteurs.py``, as
  listed in ``components.shell.JOURNEY``) and runs it;
  ``set_territory(at, insee)`` chooses the territory through « Mon projet »'s search.
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

APP = ROOT / "app.py"
_DEFAULTS = {"last_clicked": None}


@dataclass
class FakeStFolium:
    """Stands in for ``streamlit_folium.st_folium`` (AppTest has no browser to draw it)."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    _clicks: list[tuple[str | None, float, float]] = field(default_factory=list)

    def __call__(self, fig, key=None, on_change=None, returned_objects=None, **kwargs):
        self.calls.append({"fig": fig, "key": key, "on_change": on_change,
                           "returned_objects": returned_objects, **kwargs})
        pending = [c for c in self._clicks if c[0] in (None, key)]
        if pending:
            click = pending[0]
            self._clicks.remove(click)
            _, lat, lng = click
            value = {**_DEFAULTS, "last_clicked": {"lat": lat, "lng": lng}}
            if key is not None:
                st.session_state[key] = value
            if on_change is not None:
                on_change()
            st.rerun()  # the browser sends the click, callbacks run, then a fresh run
        value = st.session_state.get(key) if key is not None else None
        defaults = {k: v for k, v in _DEFAULTS.items()
                    if returned_objects is None or k in returned_objects}
        return dict(value) if isinstance(value, dict) else defaults

    def click(self, lat: float, lng: float, *, key: str | None = None) -> None:
        """Queue a click, handled by the next run that draws the map (``key``: which map)."""
        self._clicks.append((key, lat, lng))

    @property
    def last(self) -> dict[str, Any]:
        return self.calls[-1]

    def features(self, call: dict[str, Any] | None = None) -> list[dict]:
        """The actors' GeoJSON features sent to the map in a call (default: the last one)."""
        call = call or self.last
        groups = call.get("feature_group_to_add") or []
        features = []
        for group in groups:
            for child in group._children.values():
                data = getattr(child, "data", None)
                if isinstance(data, dict) and data.get("type") == "FeatureCollection":
                    features.extend(data["features"])
        return features


@pytest.fixture
def fake_folium(monkeypatch) -> FakeStFolium:
    from components import map_view

    fake = FakeStFolium()
    monkeypatch.setattr(map_view, "st_folium", fake)
    return fake


@pytest.fixture
def app_env(tmp_path, monkeypatch) -> Path:
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
def app_test(app_env, fake_folium) -> Iterator[Callable[..., AppTest]]:
    """Factory: ``app_test(lang="fr", query=None)`` → a new AppTest of app.py (not run yet)."""

    def make(lang: str | None = "fr", query: dict[str, str] | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        if lang:
            at.query_params["lang"] = lang
        for name, value in (query or {}).items():
            at.query_params[name] = value
        return at

    yield make


def start_carnet(at: AppTest) -> str:
    """Click « Nouveau carnet » on the home page; returns the carnet's token."""
    at.run()
    assert not at.exception, at.exception
    at.button[[b.label for b in at.button].index(_new_label(at))].click().run()
    assert not at.exception, at.exception
    token = at.session_state["carnet_token"]
    assert token
    return token


def _new_label(at: AppTest) -> str:
    from domain.i18n import Translator

    return Translator(at.session_state["lang"]).__call__("home.new")


def page_file(page_id: str) -> str:
    """The page's file as the navigation knows it (``components.shell.JOURNEY``)."""
    from components.shell import JOURNEY

    return next(spec.file for spec in JOURNEY if spec.id == page_id)


def open_page(at: AppTest, page_id: str) -> AppTest:
    """Switch to a page of the journey by its id (« acteurs » → pages/acteurs.py) and run it."""
    at.switch_page(page_file(page_id)).run()
    assert not at.exception, at.exception
    return at


def set_territory(at: AppTest, query: str = "Charenton-le-Pont") -> AppTest:
    """Choose the first commune found for ``query`` on « Mon projet »."""
    open_page(at, "projet")
    at.text_input(key="territory_query").input(query).run()
    assert not at.exception, at.exception
    from domain.i18n import Translator

    label = Translator(at.session_state["lang"])("project.choose")
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at
