"""The carnet as one standalone, printable HTML page.

Self-contained: inline CSS, two inline SVG pictures (the actors' map in a plain equirectangular
projection fitted to their points, no tiles, markers laid out by domain.map_layout; the alliance's network laid out by
domain.network.layout), no script, no external font, stylesheet or image — opening it offline
makes no request. Each picture has a <title>, a description and a table next to it with the
same information.

Rendered by Jinja2 with autoescape on; in addition every value printed by the template passes
through domain.text.escape_html (the project's one HTML escaper) via the environment's finalize
hook, and links are written only for URLs accepted by safe_url. Colours reach SVG attributes only
after a hex-colour check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from adapters.exports import stakeholders
from domain.dates import long_date
from domain.map_layout import (
    Frame,
    fit_frame,
    marker_radius,
    spread,
)
from domain.models import Family, Member
from domain.network import FAMILY_COLOURS, layout
from domain.outlines import load_outlines
from domain.summary import ActorSummary, Summary, TranslatorLike, safe_colour
from domain.text import escape_html, safe_url, shorten

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# network picture
NET_WIDTH = 960
NET_HEIGHT = 440
NET_RX = 250
NET_RY = 150
LABEL_CHARS = 30


def short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """One line, cut with an ellipsis: for labels inside pictures (full text in the tables)."""
    return shorten(text, limit, one_line=True)


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
    radius: float  # of the markers (smaller when many)
    frame: Frame  # the projection, for what is drawn under the markers (outlines)

    @property
    def number_size(self) -> float:
        """Font size of the numbers inside the markers."""
        return round(self.radius * 1.1, 1)


def map_picture(summary: Summary) -> MapPicture | None:
    """The located actors in a frame fitted to them (and to the project's commune), markers
    sized for their number and spread apart inside the frame (domain.map_layout)."""
    located: list[ActorSummary] = list(summary.located_actors)
    if not located:
        return None
    coords = [(a.lat, a.lon) for a in located if a.lat is not None and a.lon is not None]
    project = summary.project
    territory = None
    if project.lat is not None and project.lon is not None:
        coords.append((project.lat, project.lon))
    frame = fit_frame(coords)
    if project.lat is not None and project.lon is not None:
        x, y = frame.xy(project.lat, project.lon)
        territory = (round(x, 1), round(y, 1))
        coords.pop()
    radius = marker_radius(len(located), frame.width, frame.height)
    points = spread([frame.xy(lat, lon) for lat, lon in coords], radius, frame.width, frame.height)
    legend = dict.fromkeys((a.category_label, safe_colour(a.colour)) for a in located)
    return MapPicture(
        width=frame.width,
        height=frame.height,
        points=tuple(
            MapPoint(x, y, a.number, a.name, a.category_label, safe_colour(a.colour))
            for (x, y), a in zip(points, located, strict=True)
        ),
        territory=territory,
        legend=tuple(legend),
        radius=round(radius, 1),
        frame=frame,
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


OUTLINE_STYLES = {  # kind: (stroke, width), as in the PDF
    "admin": ("#b9bec4", 1.0),
    "border": ("#6e6e6e", 1.4),
    "coast": ("#7890a8", 1.2),
}


def outline_paths(picture: MapPicture | None) -> tuple[tuple[str, str, float, str], ...]:
    """The lines of France under the markers (domain.outlines): (kind, stroke, width, SVG path
    data) in the picture's units; what lies outside the frame is clipped by the SVG viewport."""
    if picture is None:
        return ()
    frame = picture.frame
    box = frame.bbox()
    outlines = load_outlines()
    paths = []
    for kind in ("admin", "border", "coast"):
        stroke, width = OUTLINE_STYLES[kind]
        for line in outlines.lines_in(box, kinds=[kind]):
            for run in line.runs_in(box):
                xy = [frame.xy(lat, lon) for lon, lat in run]
                d = "M" + " L".join(f"{x:.1f} {y:.1f}" for x, y in xy)
                paths.append((kind, stroke, width, d))
    return tuple(paths)


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
    picture = map_picture(summary)
    return template.render(
        s=summary,
        t=t,
        map=picture,
        outlines=outline_paths(picture),
        network=network_picture(summary),
        unlocated=[a for a in summary.actors if not a.located],
        stakeholder_grid=stakeholders.grid_svg(summary, t),
        stakeholder_rows=stakeholders.html_rows(summary, t),
    )
