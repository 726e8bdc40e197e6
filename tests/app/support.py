"""Helpers for the AppTest page tests: an isolated app per test and a few journey steps.

AppTest cannot render custom components, so st_folium is replaced by a fake that records what
the page asked for and returns no click; tests that need a click call the map's on_change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import components.map_view as map_view
from components import state

APP = Path(__file__).resolve().parents[2] / "app.py"


class FakeMap:
    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append(kwargs)
        return {"last_clicked": None}


@pytest.fixture
def make_app(tmp_path, monkeypatch):
    """make_app(**query_params) -> a fresh AppTest run on this test's database, e.g.
    make_app(lang="en"), make_app(carnet=token), make_app(share=token), make_app(projection="1")."""
    monkeypatch.setenv("CARNET_DB_PATH", str(tmp_path / "carnets.sqlite3"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("ALLIANCES_TILES", "none")
    monkeypatch.setenv("ALLIANCES_GEOCODER", "off")
    fake_map = FakeMap()
    monkeypatch.setattr(map_view, "st_folium", fake_map)
    st.cache_resource.clear()  # the carnet store must see this test's database

    def make(**query_params):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(query_params)
        at.fake_map = fake_map
        return at.run()

    yield make
    st.cache_resource.clear()


def click(at: AppTest, label: str) -> AppTest:
    """Click the button with this label (buttons, form submits) and rerun."""
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0].click().run()


def new_carnet(at: AppTest) -> str:
    click(at, "New carnet" if state.LANG in at.session_state and at.session_state[state.LANG] == "en"
          else "Nouveau carnet")
    assert not at.exception
    return at.session_state[state.TOKEN]


def open_example(at: AppTest) -> str:
    label = "Open the example carnet" if at.session_state[state.LANG] == "en" else "Ouvrir le carnet exemple"
    click(at, label)
    return at.session_state[state.TOKEN]


def carnet_of(at: AppTest):
    return at.session_state[state.CARNET]
