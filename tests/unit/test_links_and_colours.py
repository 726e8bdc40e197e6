"""The alliance's source link is a plain http(s) URL, escaped in every export; a category has
one colour on the map, in its legend and in every export (issue 14)."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from adapters.exports.forum import forum_post_markdown, forum_post_text
from adapters.exports.geojson import actors_geojson as export_geojson
from adapters.exports.html import map_picture, summary_html
from adapters.exports.markdown import summary_markdown
from adapters.exports.pdf import summary_pdf
from adapters.mapping import CategoryStyle, actors_geojson, legend_entries
from domain.catalogue import load_categories, load_typologies
from domain.example import example_carnet
from domain.i18n import Translator
from domain.models import Actor, Alliance
from domain.summary import build_summary, category_infos, typology_labels

HOSTILE = 'https://example.org/a b"><script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "https://"]
)
def test_the_source_link_refuses_anything_but_http(bad):
    with pytest.raises(ValidationError):
        Alliance(name="A", source_url=bad)


def _summary(carnet, lang="fr"):
    t = Translator(lang)
    return (
        build_summary(
            carnet,
            t=t,
            categories=category_infos(load_categories(), t),
            typologies=typology_labels(load_typologies(), t),
        ),
        t,
    )


def test_a_hostile_source_link_is_inert_in_every_export():
    carnet = example_carnet("fr")
    carnet.alliance = Alliance(name="A", source_url=HOSTILE, members=carnet.alliance.members)
    carnet = type(carnet).model_validate(carnet.model_dump())
    assert " " not in carnet.alliance.source_url and "<" not in carnet.alliance.source_url
    summary, t = _summary(carnet)
    texts = {
        "markdown": summary_markdown(summary, t),
        "forum_md": forum_post_markdown(summary, t),
        "forum_text": forum_post_text(summary, t),
        "html": summary_html(summary, t),
    }
    for name, text in texts.items():
        assert "<script" not in text and "<img" not in text, name
        assert "https://example.org/a%20b%22%3E%3Cscript%3E" in text, name
    pdf = summary_pdf(summary, t)
    assert b"<script" not in pdf


def test_one_colour_per_category_on_the_map_its_legend_and_every_export():
    t = Translator("fr")
    categories = load_categories()
    carnet = example_carnet("fr")
    carnet.actors = [
        Actor(name=f"Acteur {c.id}", category=c.id, lat=45.0 + i / 100, lon=5.0)
        for i, c in enumerate(categories)
    ] + [Actor(name="Inconnu", category="not_a_category", lat=45.5, lon=5.0)]
    carnet = type(carnet).model_validate(carnet.model_dump())
    styles = {c.id: CategoryStyle(t.pick(c.short_name), c.colour) for c in categories}
    on_map = {
        f["properties"]["category"]: f["properties"]["colour"]
        for f in actors_geojson(carnet.actors, styles)["features"]
    }
    legend = {label: colour for label, colour, _ in legend_entries(styles, on_map)}
    summary, _ = _summary(carnet)
    in_summary = {a.category: a.colour for a in summary.actors}
    umap = {
        f["properties"]["category"]: f["properties"]["_umap_options"]["color"]
        for f in json.loads(export_geojson(summary))["features"]
    }
    by_number = {a.number: a.category for a in summary.actors}
    in_html = {by_number[p.number]: p.colour for p in map_picture(summary).points}
    assert on_map == in_summary == umap == in_html
    assert legend[styles["cress"].label] == on_map["cress"]
    assert on_map["not_a_category"] == legend["not_a_category"] == in_summary["not_a_category"]


def test_the_map_has_a_metric_scale_bar_only():
    from adapters.mapping import TilesSetting, build_base_map

    html = build_base_map((45.0, 5.0), 9, tiles=TilesSetting(kind="none")).get_root().render()
    assert "L.control.scale({metric: true, imperial: false})" in html
    assert "L.control.scale()" not in html
