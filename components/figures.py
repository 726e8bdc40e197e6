"""Figures shared by every session that shows the same thing: built once per content for the
whole server, not once per session and saved version (typing an answer on « Analyse » saves a
new version of the carnet but does not change its network picture; many learners of a class
choose the same catalogue alliance)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st
from _plotly_utils.utils import convert_to_base64

from adapters.network_figure import network_figure
from domain.models import Family, Member


class FrozenFigure(go.Figure):  # type: ignore[misc]  # (plotly has no type hints)
    """A figure that is shown again and again and never changed: its dict is made once.

    ``st.plotly_chart`` asks a figure for ``to_dict()`` on every rerun, and plotly deep-copies
    the whole figure for it (then walks it again to encode its arrays): most of the chart's
    cost on a rerun that changes nothing. This figure makes that dict once (arrays already
    encoded) and hands it over every time. Never mutate it, nor the dict it gives (they are
    shared by every session that shows the same content).
    """

    def __init__(self, figure: go.Figure) -> None:
        super().__init__(figure)
        frozen: dict[str, Any] = super().to_dict()
        convert_to_base64(frozen)  # what plotly.io.to_json does, done once, here
        self._frozen: dict[str, Any] = frozen

    def to_dict(self) -> dict[str, Any]:
        return self._frozen


def frozen(figure: go.Figure) -> FrozenFigure:
    return FrozenFigure(figure)


def show(figure: go.Figure, *, key: str | None = None) -> None:
    """A figure across the page's width, without plotly's toolbar (its text alternative, a
    caption or a table, is the caller's)."""
    st.plotly_chart(figure, width="stretch", config={"displayModeBar": False}, key=key)


@st.cache_resource(max_entries=512, show_spinner=False)
def _network(
    alliance_name: str,
    members_json: tuple[str, ...],
    labels: tuple[tuple[Family, str], ...],
    projection: bool,
) -> go.Figure:
    members = [Member.model_validate_json(item) for item in members_json]
    return FrozenFigure(network_figure(alliance_name, members, dict(labels), projection=projection))


def alliance_network(
    alliance_name: str,
    members: Sequence[Member],
    family_labels: Mapping[Family, str],
    *,
    projection: bool = False,
) -> go.Figure:
    """``adapters.network_figure.network_figure``, cached by content (never mutate the figure
    returned: other sessions get the same object)."""
    return _network(
        alliance_name,
        tuple(member.model_dump_json() for member in members),
        tuple(sorted(family_labels.items())),
        projection,
    )
