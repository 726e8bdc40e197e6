"""E2E test app: the territory map alone, 3 actors (one with a hostile name), click-to-place.

Run by tests/e2e/test_map_offline.py with ALLIANCES_TILES=none.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st

from adapters.mapping import CategoryStyle
from components.map_view import territory_map
from domain.models import Actor, Territory

STYLES = {
    "association": CategoryStyle(label="Association", colour="#1b9e77"),
    "collectivite": CategoryStyle(label="Collectivité", colour="#d95f02"),
    "entreprise": CategoryStyle(label="Entreprise", colour="#7570b3"),
}
ACTORS = [
    Actor(
        id="a0a0a0a0",
        name="<img src=x onerror=alert(1)> `${alert(2)}`",
        category="association",
        lat=48.39,
        lon=-4.49,
        commune="Brest",
        website="https://example.org",
    ),
    Actor(
        id="b1b1b1b1",
        name="Mairie {{ 7*7 }}",
        category="collectivite",
        lat=48.58,
        lon=7.75,
        commune="Strasbourg",
    ),
    Actor(id="c2c2c2c2", name="Scop Bois", category="entreprise", lat=43.30, lon=5.37),
]
LABELS = {
    "legend": "Légende",
    "territory": "Votre territoire",
    "website": "Site web",
    "no_tiles": "Fond de carte désactivé.",
}

st.session_state.setdefault("clicks", [])


def remember(lat: float, lon: float) -> None:
    st.session_state["clicks"].append((lat, lon))


@st.fragment
def map_fragment() -> None:
    territory_map(
        center=(46.6, 2.4),
        zoom=5,
        actors=ACTORS,
        styles=STYLES,
        key="e2e_map",
        on_click=remember,
        height=420,
        labels=LABELS,
        territory=Territory(commune="Bourges", lat=47.08, lon=2.40),
    )
    clicks = st.session_state["clicks"]
    st.text(f"clicks: {len(clicks)}")
    for lat, lon in clicks:
        st.text(f"click at {lat:.3f} {lon:.3f}")


map_fragment()
