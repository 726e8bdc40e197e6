"""The shipped lines of a map of France: light, documented, and read by one pure function."""

from __future__ import annotations

from domain.outlines import OUTLINES_PATH, load_outlines

CHARENTON = (2.38, 48.80, 2.45, 48.84)
OVERSEAS = {"guadeloupe", "martinique", "guyane", "reunion", "mayotte"}


def test_the_file_is_light_and_documented():
    assert OUTLINES_PATH.stat().st_size < 1_000_000
    readme = (OUTLINES_PATH.parent / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme


def test_metropolitan_and_overseas_france_have_their_lines():
    outlines = load_outlines()
    assert {"metropole"} | OVERSEAS <= set(outlines.areas)
    for name, box in outlines.areas.items():
        kinds = {line.kind for line in outlines.lines_in(box)}
        assert "coast" in kinds, name  # every area has a coast (Guyane too)
    assert {"coast", "border", "admin"} <= {line.kind for line in outlines.lines}
    for line in outlines.lines:
        assert len(line.points) >= 2
        assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in line.points)


def test_a_box_gets_the_limits_of_its_departements():
    # Charenton-le-Pont sits on the limit between Paris and the Val-de-Marne
    outlines = load_outlines()
    admin = outlines.lines_in(CHARENTON, kinds=["admin"])
    assert admin and outlines.covers(CHARENTON)
    assert not outlines.lines_in((-150.0, -10.0, -149.0, -9.0))  # the Pacific: nothing
    assert not outlines.covers((-150.0, -10.0, -149.0, -9.0))


def test_a_line_is_cut_to_the_segments_that_may_cross_a_box():
    from domain.outlines import MapLine

    line = MapLine("admin", ((0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 0.0)), (0.0, 0.0, 3.0, 0.0))
    assert line.runs_in((1.5, -1.0, 1.8, 1.0)) == [((1.0, 0.0), (2.0, 0.0))]  # no vertex inside
    assert line.runs_in((10.0, 10.0, 11.0, 11.0)) == []
    assert line.runs_in((-1.0, -1.0, 4.0, 1.0)) == [line.points]


def test_the_html_map_draws_the_same_lines_under_its_markers():
    from adapters.exports.html import map_picture, outline_paths, summary_html
    from tests.unit.test_exports import example_summary

    summary, t = example_summary()
    paths = outline_paths(map_picture(summary))
    assert paths and {kind for kind, *_ in paths} <= {"admin", "border", "coast"}
    html = summary_html(summary, t)
    assert html.count('<g class="outlines"') == 1
    assert html.index('<g class="outlines"') < html.index('<g class="actor">')
