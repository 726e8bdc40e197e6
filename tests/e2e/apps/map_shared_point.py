"""E2E test app: the territory map with four actors at one point (a commune's centre) and one
elsewhere; tiles as ``ALLIANCES_TILES`` says. Run by tests/e2e/test_map_outlines.py."""

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
ROMANS = (45.0433, 5.0514)  # the commune's centre: where actors without an address go
ACTORS = [
    Actor(
        id="a1a1a1a1", name="Asso du centre", category="association", lat=ROMANS[0], lon=ROMANS[1]
    ),
    Actor(id="b2b2b2b2", name="Mairie", category="collectivite", lat=ROMANS[0], lon=ROMANS[1]),
    Actor(
        id="c3c3c3c3", name="Scop du centre", category="entreprise", lat=ROMANS[0], lon=ROMANS[1]
    ),
    Actor(id="d4d4d4d4", name="Asso bis", category="association", lat=ROMANS[0], lon=ROMANS[1]),
    Actor(id="e5e5e5e5", name="Scop Valence", category="entreprise", lat=44.9334, lon=4.8924),
]
LABELS = {"legend": "Légende", "territory": "Votre territoire", "no_tiles": "Sans fond."}


@st.fragment
def map_fragment() -> None:
    territory_map(
        center=ROMANS,
        zoom=10,
        actors=ACTORS,
        styles=STYLES,
        key="e2e_shared_map",
        height=420,
        labels=LABELS,
        territory=Territory(
            commune="Romans-sur-Isère", departement_code="26", lat=ROMANS[0], lon=ROMANS[1]
        ),
    )


map_fragment()
