"""Shared read-only domain resources, loaded once per server process, and their UI shapes."""

from __future__ import annotations

import streamlit as st

from adapters.mapping import CategoryStyle
from domain.catalogue import load_categories
from domain.gazetteer import Gazetteer
from domain.i18n import Translator
from domain.models import Territory
from domain.text import escape_markdown


@st.cache_resource
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def category_styles(lang: str) -> dict[str, CategoryStyle]:
    return {
        category.id: CategoryStyle(
            label=Translator(lang).pick(category.short_name), colour=category.colour
        )
        for category in load_categories()
    }


def map_labels(t: Translator) -> dict[str, str]:
    return {
        "legend": t("map.legend"),
        "territory": t("map.territory"),
        "no_tiles": t("map.no_tiles"),
    }


def territory_fields(territory: Territory) -> dict[str, object]:
    """The territory as values for Markdown messages (escaped: an imported carnet is learner text)."""
    return {
        "commune": escape_markdown(territory.commune),
        "postcode": escape_markdown(territory.postcode),
        "departement": escape_markdown(territory.departement),
        "region": escape_markdown(territory.region),
        "lat": round(territory.lat, 4) if territory.lat is not None else "",
        "lon": round(territory.lon, 4) if territory.lon is not None else "",
    }
