"""Layout of an alliance's network: the alliance in the centre, its members around it, grouped
by family. Shared by the interactive picture (plotly) and the exports (inline SVG, PDF)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from domain.models import Family, Member

FAMILY_ORDER = list(Family)

# Okabe–Ito based palette: distinguishable with the common colour-vision deficiencies.
FAMILY_COLOURS = {
    Family.COMPANY: "#E69F00",
    Family.ASSOCIATION: "#009E73",
    Family.LOCAL_AUTHORITY: "#0072B2",
    Family.PUBLIC_BODY: "#56B4E9",
    Family.RESEARCH: "#CC79A7",
    Family.FOUNDATION: "#D55E00",
    Family.CITIZENS: "#8C6D00",
    Family.MULTI: "#6A3D9A",
    Family.OTHER: "#595959",
}


@dataclass(frozen=True)
class Node:
    member_id: str
    name: str
    family: Family
    x: float
    y: float


def layout(members: list[Member]) -> list[Node]:
    """Members on a unit circle, families kept together, in a stable order."""
    ordered = sorted(
        enumerate(members), key=lambda item: (FAMILY_ORDER.index(item[1].family), item[0])
    )
    count = len(ordered)
    nodes = []
    for position, (_, member) in enumerate(ordered):
        angle = math.pi / 2 - 2 * math.pi * position / max(count, 1)
        nodes.append(
            Node(
                member.id,
                member.name,
                member.family,
                round(math.cos(angle), 4),
                round(math.sin(angle), 4),
            )
        )
    return nodes
