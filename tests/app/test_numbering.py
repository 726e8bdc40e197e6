"""One number per actor, the same everywhere (issue 14): on the interactive map's markers, in
the Actors page's table, in the summary's table (Synthèse, share page), in the HTML export (its
map and its table) and in the PDF; actors at one point are spread around it on the map.

A carnet with four actors at one point (the commune's centre, where an actor without an address
goes), added in an order that is not the catalogue's, one elsewhere and one not placed.
"""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from pypdf import PdfReader

from adapters.exports.html import summary_html
from adapters.exports.pdf import summary_pdf
from adapters.mapping import NO_TILES
from components import map_view, resources, state
from domain.models import Actor, Carnet, Project, Territory
from services.summary import carnet_summary
from tests.app.support import open_page

ROMANS = (45.0433, 5.0514)
NAMES = ("Zeta incubateur", "Alpha CRESS", "Beta PTCE", "Gamma CCI", "Delta PTCE", "Sans lieu")


def carnet() -> Carnet:
    at_centre = {"lat": ROMANS[0], "lon": ROMANS[1], "commune": "Romans-sur-Isère"}
    return Carnet(
        project=Project(
            name="Recyclerie",
            territory=Territory(commune="Romans-sur-Isère", lat=ROMANS[0], lon=ROMANS[1]),
        ),
        actors=[
            Actor(id="a00000000001", name=NAMES[0], category="incubateur_social", **at_centre),
            Actor(id="a00000000002", name=NAMES[1], category="cress", **at_centre),
            Actor(id="a00000000003", name=NAMES[2], category="ptce", **at_centre),
            Actor(id="a00000000004", name=NAMES[3], category="cci", **at_centre),
            Actor(id="a00000000005", name=NAMES[4], category="ptce", lat=44.93, lon=4.89),
            Actor(id="a00000000006", name=NAMES[5], category="cress"),
        ],
    )


@pytest.fixture(autouse=True)
def empty_map_cache():
    map_view._rendered.clear()
    yield
    map_view._rendered.clear()


def numbers_on_the_map(the_carnet: Carnet) -> tuple[dict[str, int], list[list[float]]]:
    rendered = map_view.render_map(
        map_view.MapSpec(
            center=ROMANS,
            zoom=11,
            actors=the_carnet.actors,
            styles=resources.category_styles("fr"),
            key="numbers",
            height=400,
            labels={},
            territory=the_carnet.project.territory,
            tiles=NO_TILES,
        )
    )
    names = {a.id: a.name for a in the_carnet.actors}
    numbers = {names[f["id"]]: f["properties"]["k"] for f in rendered.features}
    return numbers, [f["geometry"]["coordinates"] for f in rendered.features]


def test_every_place_gives_each_actor_the_same_number():
    the_carnet = carnet()
    summary, t = carnet_summary(the_carnet, lang="fr")
    expected = {a.name: a.number for a in summary.actors}
    # catalogue order (PTCE, CRESS, ..., incubator, CCI), then the carnet's order
    assert expected == {
        "Beta PTCE": 1,
        "Delta PTCE": 2,
        "Alpha CRESS": 3,
        "Sans lieu": 4,
        "Zeta incubateur": 5,
        "Gamma CCI": 6,
    }

    on_map, _ = numbers_on_the_map(the_carnet)
    assert on_map == {name: n for name, n in expected.items() if name != "Sans lieu"}

    html = unescape(summary_html(summary, t))
    on_html_map = {m[2]: int(m[1]) for m in re.finditer(r"<title>(\d+)\. ([^<(]+?) \(", html)}
    assert on_html_map == on_map
    in_html_table = {
        name: int(n)
        for n, name in re.findall(
            r'<td class="num">(\d+)</td>\s*<th scope="row">([^<]+)</th>', html
        )
    }
    assert in_html_table == expected

    pdf = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(summary_pdf(summary, t))).pages
    )
    in_pdf = {name: int(re.search(rf"^(\d+) {name}\b", pdf, re.M)[1]) for name in NAMES}
    assert in_pdf == expected


def test_actors_at_one_point_are_spread_around_it_on_the_map():
    _, points = numbers_on_the_map(carnet())
    assert len({tuple(p) for p in points}) == len(points)  # no two markers at one place
    centre = [p for p in points if abs(p[1] - ROMANS[0]) < 0.01 and abs(p[0] - ROMANS[1]) < 0.01]
    assert len(centre) == 4  # the four stay around the commune's centre (within ~1 km)


def test_the_actors_page_table_and_map_show_the_same_numbers(make_app):
    the_carnet = carnet()
    at = make_app()
    token = state.stores().carnets.create(the_carnet).token
    at = make_app(carnet=token)
    open_page(at, "acteurs")
    summary, _ = carnet_summary(the_carnet, lang="fr")
    expected = {a.name: a.number for a in summary.actors}
    table = next(df.value for df in at.dataframe if "Nom" in df.value.columns)
    shown = dict(zip(table["Nom"], map(int, table["N°"]), strict=True))
    assert shown == expected
    names = {a.id: a.name for a in the_carnet.actors}
    drawn = {names[f["id"]]: f["properties"]["k"] for f in at.fake_map.features()}
    assert drawn == {name: n for name, n in expected.items() if name != "Sans lieu"}
