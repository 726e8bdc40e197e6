"""The carnet as one standalone, printable HTML page.

Self-contained: inline CSS, two inline SVG pictures (the actors' map in a plain equirectangular
projection fitted to their points, no tiles; the alliance's network laid out by
domain.network.layout), no script, no external font, stylesheet or image — opening it offline
makes no request. Each picture has a <title>, a description and a table next to it with the
same information.

Rendered by Jinja2 with autoescape on; in addition every value printed by the template passes
through domain.text.escape_html (the project's one HTML escaper) via the environment's finalize
hook, and links are written only for URLs accepted by safe_url. Colours reach SVG attributes only
after a hex-colour check.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from domain.dates import long_date
from domain.models import Family, Member
from domain.network import FAMILY_COLOURS, layout
from domain.summary import ActorSummary, Summary, TranslatorLike, safe_colour
from domain.text import escape_html, safe_url

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# map picture (SVG user units)
MAP_WIDTH = 640
MAP_MIN_HEIGHT = 260
MAP_MAX_HEIGHT = 460
MAP_PADDING = 28
MAP_MARGIN = 0.08  # share of the points' extent added on each side
MAP_MIN_SPAN = 0.02  # degrees: one point, or points in one street, still get a sensible frame
MARKER_RADIUS = 9
MAX_SPREAD = 300  # markers pushed apart only up to this many

# network picture
NET_WIDTH = 960
NET_HEIGHT = 440
NET_RX = 250
NET_RY = 150
LABEL_CHARS = 30


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """One line, cut with an ellipsis: for labels inside pictures (full text in the tables)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    number: int
    name: str
    category_label: str
    colour: str


@dataclass(frozen=True)
class MapPicture:
    width: int
    height: int
    points: tuple[MapPoint, ...]
    territory: tuple[float, float] | None  # the project's commune, drawn as a square
    legend: tuple[tuple[str, str], ...]  # (label, colour) of the categories on the map


def project_points(
    coords: list[tuple[float, float]],
    *,
    width: int = MAP_WIDTH,
    min_height: int = MAP_MIN_HEIGHT,
    max_height: int = MAP_MAX_HEIGHT,
    padding: int = MAP_PADDING,
) -> tuple[list[tuple[float, float]], int]:
    """Equirectangular projection of (lat, lon) points fitted to their bounding box.

    x = lon · cos(mean latitude), y = lat, scaled uniformly (shapes are not stretched) so the
    box plus a margin fills the picture; north is up. Returns the SVG points and the height.
    """
    if not coords:
        return [], min_height
    lats = [lat for lat, _ in coords]
    lons = [lon for _, lon in coords]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))
    xs = [lon * k for lon in lons]
    span_x = max(max(xs) - min(xs), MAP_MIN_SPAN) * (1 + 2 * MAP_MARGIN)
    span_y = max(max(lats) - min(lats), MAP_MIN_SPAN) * (1 + 2 * MAP_MARGIN)
    centre_x = (max(xs) + min(xs)) / 2
    centre_y = (max(lats) + min(lats)) / 2
    scale = (width - 2 * padding) / span_x
    height = span_y * scale + 2 * padding
    if height > max_height:
        scale = (max_height - 2 * padding) / span_y
        height = max_height
    height = max(height, min_height)
    points = [
        (
            round(width / 2 + (x - centre_x) * scale, 1),
            round(height / 2 - (lat - centre_y) * scale, 1),
        )
        for x, lat in zip(xs, lats, strict=True)
    ]
    return points, round(height)


def _spread(
    points: list[tuple[float, float]], gap: float = 2 * MARKER_RADIUS + 2
) -> list[tuple[float, float]]:
    """Push apart markers closer than `gap` (same commune, neighbouring towns) so that each
    number stays readable; deterministic (a few relaxation rounds, fixed directions)."""
    moved = [list(p) for p in points]
    if len(moved) > MAX_SPREAD:  # quadratic: a crowded map stays as it is
        return [(round(x, 1), round(y, 1)) for x, y in moved]
    for _ in range(40):
        changed = False
        for i in range(len(moved)):
            for j in range(i + 1, len(moved)):
                dx = moved[j][0] - moved[i][0]
                dy = moved[j][1] - moved[i][1]
                distance = math.hypot(dx, dy)
                if distance >= gap:
                    continue
                if distance < 1e-6:  # same place: split along a direction fixed by the index
                    angle = 2 * math.pi * (j % 8) / 8
                    dx, dy, distance = math.cos(angle), math.sin(angle), 1.0
                push = (gap - distance) / 2
                ux, uy = dx / distance, dy / distance
                moved[i][0] -= ux * push
                moved[i][1] -= uy * push
                moved[j][0] += ux * push
                moved[j][1] += uy * push
                changed = True
        if not changed:
            break
    return [(round(x, 1), round(y, 1)) for x, y in moved]


def map_picture(summary: Summary) -> MapPicture | None:
    located: list[ActorSummary] = list(summary.located_actors)
    if not located:
        return None
    coords = [(a.lat, a.lon) for a in located]
    project = summary.project
    with_territory = project.lat is not None and project.lon is not None
    if with_territory:
        coords.append((project.lat, project.lon))
    points, height = project_points(coords)
    territory = points.pop() if with_territory else None
    points = _spread(points)
    legend = dict.fromkeys((a.category_label, safe_colour(a.colour)) for a in located)
    return MapPicture(
        width=MAP_WIDTH,
        height=height,
        points=tuple(
            MapPoint(x, y, a.number, a.name, a.category_label, safe_colour(a.colour))
            for (x, y), a in zip(points, located, strict=True)
        ),
        territory=territory,
        legend=tuple(legend),
    )


@dataclass(frozen=True)
class NetNode:
    x: float
    y: float
    label: str
    name: str
    family_label: str
    colour: str
    anchor: str  # text-anchor of the label
    label_x: float
    label_y: float


@dataclass(frozen=True)
class NetworkPicture:
    width: int
    height: int
    cx: float
    cy: float
    centre_label: str
    nodes: tuple[NetNode, ...]
    legend: tuple[tuple[str, str], ...]


def network_picture(summary: Summary) -> NetworkPicture | None:
    alliance = summary.alliance
    if alliance is None or not alliance.members:
        return None
    by_id = {m.id: m for m in alliance.members}
    members = [Member(id=m.id, name=m.name, family=Family(m.family)) for m in alliance.members]
    cx, cy = NET_WIDTH / 2, NET_HEIGHT / 2
    nodes = []
    for node in layout(members):
        member = by_id[node.member_id]
        x = round(cx + NET_RX * node.x, 1)
        y = round(cy - NET_RY * node.y, 1)
        if node.x > 0.2:
            anchor, lx, ly = "start", x + 18, y + 4
        elif node.x < -0.2:
            anchor, lx, ly = "end", x - 18, y + 4
        else:
            anchor, lx, ly = "middle", x, (y - 20 if node.y > 0 else y + 28)
        nodes.append(
            NetNode(
                x,
                y,
                short_label(member.name),
                member.name,
                member.family_label,
                safe_colour(FAMILY_COLOURS[node.family]),
                anchor,
                round(lx, 1),
                round(ly, 1),
            )
        )
    legend = dict.fromkeys((n.family_label, n.colour) for n in nodes)
    return NetworkPicture(
        NET_WIDTH, NET_HEIGHT, cx, cy, short_label(alliance.name, 40), tuple(nodes), tuple(legend)
    )


def _finalize(value: object) -> object:
    """Every {{ value }} goes through escape_html (Markup made by the template stays as is)."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup(escape_html(value))


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["safe_url"] = safe_url
    env.globals["long_date"] = long_date
    return env


_ENV = _environment()


def summary_html(summary: Summary, t: TranslatorLike) -> str:
    template = _ENV.get_template("summary.html.j2")
    return template.render(
        s=summary,
        t=t,
        map=map_picture(summary),
        network=network_picture(summary),
        unlocated=[a for a in summary.actors if not a.located],
    )
