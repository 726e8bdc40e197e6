"""The alliance's network as an interactive plotly figure (no Streamlit here).

The alliance sits in the centre, its members around it (positions from ``domain.network.layout``),
one trace per family so that the legend names the families. Plotly renders labels, legend entries
and hover labels as (a subset of) HTML, so every string goes through ``escape_html``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from domain.models import Family, Member
from domain.network import FAMILY_COLOURS, FAMILY_ORDER, layout
from domain.text import escape_html, shorten

CENTRE_COLOUR = "#222222"
EDGE_COLOUR = "#9A9A9A"
LABEL_CHARS = 28  # a node's label; the full name is in the hover
HOVER_ROLE_CHARS = 240
HOVER_LINE_CHARS = 60

_SIZES = {
    # normal, projection
    "font": (13, 20),
    "hover": (13, 20),
    "node": (18, 28),
    "centre": (30, 44),
    "height": (560, 760),
    "edge": (1.2, 2.0),
}


def _size(name: str, projection: bool) -> float:
    return _SIZES[name][1 if projection else 0]


def _wrap(text: str, width: int = HOVER_LINE_CHARS) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def hover_text(member: Member, family_label: str) -> str:
    """Name (bold), family and role, each escaped, joined with <br>."""
    parts = [f"<b>{escape_html(member.name)}</b>", escape_html(family_label)]
    role = shorten(member.role, HOVER_ROLE_CHARS, one_line=True)
    if role:
        parts += [escape_html(line) for line in _wrap(role)]
    return "<br>".join(parts)


def _text_position(x: float, y: float) -> str:
    if x > 0.2:
        return "middle right"
    if x < -0.2:
        return "middle left"
    return "top center" if y >= 0 else "bottom center"


def network_figure(
    alliance_name: str,
    members: Sequence[Member],
    family_labels: Mapping[Family, str],
    *,
    projection: bool = False,
) -> go.Figure:
    """The alliance in the centre, an edge to each member, members coloured by family.

    Traces: "edges" (lines, no hover), "alliance" (the centre), then one "markers+text" trace per
    family present, in FAMILY_ORDER, named by its label (legend), with ``customdata`` = member
    ids and ``meta`` = the family code. ``projection`` makes everything larger for a classroom.
    """
    by_id = {member.id: member for member in members}
    nodes = layout(list(members))
    font = _size("font", projection)

    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for node in nodes:
        edge_x += [0.0, node.x, None]
        edge_y += [0.0, node.y, None]

    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=edge_x,
            y=edge_y,
            mode="lines",
            line={"color": EDGE_COLOUR, "width": _size("edge", projection)},
            hoverinfo="skip",
            showlegend=False,
            name="edges",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[0.0],
            y=[0.0],
            mode="markers+text",
            marker={
                "size": _size("centre", projection),
                "color": CENTRE_COLOUR,
                "symbol": "diamond",
            },
            text=[f"<b>{escape_html(shorten(alliance_name, LABEL_CHARS + 12, one_line=True))}</b>"],
            textposition="bottom center",
            textfont={"size": font + 1},
            hovertext=[f"<b>{escape_html(alliance_name)}</b>"],
            hoverinfo="text",
            showlegend=False,
            name="alliance",
        )
    )
    for family in FAMILY_ORDER:
        group = [node for node in nodes if node.family == family]
        if not group:
            continue
        label = family_labels.get(family, family.value)
        figure.add_trace(
            go.Scatter(
                x=[node.x for node in group],
                y=[node.y for node in group],
                mode="markers+text",
                marker={
                    "size": _size("node", projection),
                    "color": FAMILY_COLOURS[family],
                    "line": {"color": "#FFFFFF", "width": 1.5},
                },
                text=[
                    escape_html(shorten(node.name, LABEL_CHARS, one_line=True)) for node in group
                ],
                textposition=[_text_position(node.x, node.y) for node in group],
                textfont={"size": font},
                hovertext=[hover_text(by_id[node.member_id], label) for node in group],
                hoverinfo="text",
                customdata=[node.member_id for node in group],
                name=escape_html(label),
                legendgroup=family.value,
                meta=family.value,
                showlegend=True,
            )
        )

    axis = {"visible": False, "range": [-1.9, 1.9], "fixedrange": True}
    figure.update_layout(
        xaxis=axis,
        yaxis={**axis, "range": [-1.35, 1.35], "scaleanchor": "x", "scaleratio": 1},
        height=_size("height", projection),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"size": font},
        hoverlabel={"font": {"size": _size("hover", projection)}, "align": "left"},
        legend={"font": {"size": font}, "orientation": "h", "yanchor": "top", "y": -0.02, "x": 0},
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        showlegend=bool(nodes),
        dragmode=False,
    )
    return figure
