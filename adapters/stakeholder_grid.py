"""The power / interest grid of the project's stakeholders as a plotly figure (no Streamlit).

Interest along x, power along y, each from 1 to ``GRID_LEVELS``; the four quadrants are shaded
and named in the figure (« Acteurs clés », « À satisfaire », « À informer », « À surveiller »).
Stakeholders sharing a cell are spread on a small circle around it (``spread``), so none hides
another. The table under the figure is its accessible alternative (the page shows both).
Plotly renders text as (a subset of) HTML: every learner string goes through ``escape_html``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import plotly.graph_objects as go

from domain.models import GRID_LEVELS
from domain.stakeholders import HIGH_FROM, GridRow, Quadrant, around_cells
from domain.text import escape_html, shorten

LABEL_CHARS = 24
SPREAD_RADIUS = 0.28  # share of a cell; cells are 1 unit wide

QUADRANT_COLOURS: dict[Quadrant, str] = {
    Quadrant.KEY_PLAYERS: "#fde2e1",
    Quadrant.KEEP_SATISFIED: "#fff1d6",
    Quadrant.KEEP_INFORMED: "#dff0ff",
    Quadrant.MONITOR: "#eef0f2",
}
# Marker colours by quadrant: dark enough on their background (contrast ≥ 3:1 for graphics).
MARKER_COLOURS: dict[Quadrant, str] = {
    Quadrant.KEY_PLAYERS: "#b3261e",
    Quadrant.KEEP_SATISFIED: "#8a5300",
    Quadrant.KEEP_INFORMED: "#0b5394",
    Quadrant.MONITOR: "#4a5259",
}
_SIZES = {"font": (13, 20), "marker": (16, 24), "height": (520, 720), "quadrant": (15, 22)}


def _size(name: str, projection: bool) -> int:
    return _SIZES[name][1 if projection else 0]


def spread(rows: Sequence[GridRow]) -> dict[str, tuple[float, float]]:
    """(x, y) of each stakeholder: its (interest, power) cell, spread when several share it."""
    cells = ((row.id, (row.interest_level, row.power_level)) for row in rows)
    positions: dict[str, tuple[float, float]] = {}
    for stakeholder_id, ((x, y), angle) in around_cells(cells, start=math.pi / 2).items():
        if angle is None:
            positions[stakeholder_id] = (float(x), float(y))
        else:
            positions[stakeholder_id] = (
                round(x + SPREAD_RADIUS * math.cos(angle), 4),
                round(y + SPREAD_RADIUS * math.sin(angle), 4),
            )
    return positions


def grid_figure(
    rows: Sequence[GridRow],
    *,
    t: Callable[..., str],
    family_labels: Mapping[str, str],
    projection: bool = False,
) -> go.Figure:
    """The grid: the four named quadrants, one trace per quadrant (so the legend names them)."""
    low, high = 0.5, GRID_LEVELS + 0.5
    middle = HIGH_FROM - 0.5
    figure = go.Figure()
    quadrant_boxes = {
        Quadrant.KEY_PLAYERS: (middle, high, middle, high),
        Quadrant.KEEP_SATISFIED: (low, middle, middle, high),
        Quadrant.KEEP_INFORMED: (middle, high, low, middle),
        Quadrant.MONITOR: (low, middle, low, middle),
    }
    for quadrant, (x0, x1, y0, y1) in quadrant_boxes.items():
        figure.add_shape(
            type="rect",
            x0=x0,
            x1=x1,
            y0=y0,
            y1=y1,
            fillcolor=QUADRANT_COLOURS[quadrant],
            line={"width": 0},
            layer="below",
        )
        figure.add_annotation(
            x=(x0 + x1) / 2,
            y=y1 - 0.08,
            text=f"<b>{escape_html(t(f'stakeholders.quadrant.{quadrant.value}'))}</b>",
            showarrow=False,
            yanchor="top",
            font={"size": _size("quadrant", projection), "color": MARKER_COLOURS[quadrant]},
        )
    positions = spread(rows)
    for quadrant in Quadrant:
        members = [row for row in rows if row.quadrant == quadrant]
        if not members:
            continue
        figure.add_trace(
            go.Scatter(
                x=[positions[row.id][0] for row in members],
                y=[positions[row.id][1] for row in members],
                mode="markers+text",
                name=escape_html(t(f"stakeholders.quadrant.{quadrant.value}")),
                text=[
                    escape_html(shorten(row.name, LABEL_CHARS, one_line=True)) for row in members
                ],
                textposition="bottom center",
                hovertext=[
                    "<br>".join(
                        [
                            f"<b>{escape_html(row.name)}</b>",
                            escape_html(family_labels.get(row.family, row.family)),
                            escape_html(
                                t(
                                    "stakeholders.grid.hover_levels",
                                    power=row.power_level,
                                    interest=row.interest_level,
                                )
                            ),
                        ]
                    )
                    for row in members
                ],
                hoverinfo="text",
                marker={
                    "size": _size("marker", projection),
                    "color": MARKER_COLOURS[quadrant],
                    "line": {"width": 1.5, "color": "#ffffff"},
                },
                textfont={"size": _size("font", projection)},
            )
        )
    ticks = list(range(1, GRID_LEVELS + 1))
    axis = {
        "range": [low, high],
        "tickvals": ticks,
        "showgrid": False,
        "zeroline": False,
        "fixedrange": True,
    }
    figure.update_layout(
        height=_size("height", projection),
        margin={"l": 60, "r": 20, "t": 20, "b": 60},
        xaxis={**axis, "title": {"text": escape_html(t("stakeholders.grid.x_axis"))}},
        yaxis={**axis, "title": {"text": escape_html(t("stakeholders.grid.y_axis"))}},
        plot_bgcolor="#ffffff",
        legend={"orientation": "h", "y": -0.18},
        font={"size": _size("font", projection)},
        dragmode=False,
    )
    return figure
