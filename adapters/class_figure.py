"""The class board's chart of the alliances chosen (plotly), text escaped (plotly reads labels
as a subset of HTML)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from domain.text import escape_html, shorten

LABEL_CHARS = 40
BAR_COLOUR = "#0b5394"


def alliances_figure(
    alliances: Sequence[tuple[str, int]], *, axis_title: str, projection: bool = True
) -> go.Figure:
    """Horizontal bars: one per alliance chosen, the most chosen on top."""
    names = [escape_html(shorten(name, LABEL_CHARS, one_line=True)) for name, _ in alliances]
    counts = [count for _, count in alliances]
    font = 20 if projection else 14
    figure = go.Figure(
        go.Bar(
            x=counts[::-1],
            y=names[::-1],
            orientation="h",
            marker={"color": BAR_COLOUR},
            text=[str(c) for c in counts[::-1]],
            textposition="outside",
            hovertext=[escape_html(name) for name, _ in alliances][::-1],
            hoverinfo="text+x",
        )
    )
    figure.update_layout(
        height=max(220, 70 * len(alliances) + 80),
        margin={"l": 10, "r": 30, "t": 10, "b": 40},
        font={"size": font, "color": "#000000"},
        xaxis={"title": {"text": escape_html(axis_title)}, "dtick": 1, "rangemode": "tozero"},
        yaxis={"automargin": True},
        plot_bgcolor="#ffffff",
        paper_bgcolor="#ffffff",
        showlegend=False,
    )
    return figure
