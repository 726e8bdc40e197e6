"""The GeoJSON export read as uMap reads it: its popup shows exactly the learner's text.

`umap_popup_text` reimplements, in Python, what uMap (umap-project/umap,
umap/static/umap/js/modules/rendering/template.js and utils.js) does with a feature's properties
for its default popup: `greedyTemplate` on the description (every `{key}` replaced by that
property), then on the popup template "# {name}\\n{description}", then `toHTML` (uMap's own
markup: `{{url}}` images, `{{{url}}}` iframes, `[[url|text]]` links, `**bold**`, `*em*`,
headings, `---`, "h_t_t_p"), the result inserted as HTML. The text a reader sees is the HTML's
text content; an <img> or <iframe> made of learner text is counted as a change.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from adapters.exports.geojson import actors_geojson
from domain.models import Actor
from tests.corpus import hostile_strings
from tests.fixtures import sample_carnet
from tests.unit.test_exports import make_summary

DEFAULT_POPUP_TEMPLATE = "# {name}\n{description}"
_GREEDY = re.compile(r'\{ *([^{}/\-]+)(?:\|("[^"]*"))? *\}')


def greedy_template(text: str, data: dict) -> str:
    """uMap's Utils.greedyTemplate (ignore=False)."""

    def value_of(match: re.Match[str]) -> str:
        keys = match.group(1).split("|")
        if match.group(2) is not None:
            keys.append(match.group(2))
        value = None
        for path in keys:
            if path.startswith('"') and path.endswith('"'):
                value = path[1:-1]
            else:
                value = data
                for part in path.split("."):
                    value = value.get(part) if isinstance(value, dict) else None
                    if value is None:
                        break
            if value is not None:
                break
        return "" if value is None else str(value)

    return _GREEDY.sub(value_of, text)


def to_html(r: str) -> str:
    """uMap's Utils.toHTML, in the order of its rules (DOMPurify left out: it removes, never adds)."""
    r = re.sub(r"^\*\* (.*)", r"<ul><ul><li>\1</li></ul></ul>", r, flags=re.M)
    r = re.sub(r"^\* (.*)", r"<ul><li>\1</li></ul>", r, flags=re.M)
    for _ in range(3):
        r = re.sub(r"</ul>(\r\n|\r|\n)<ul>", "", r)
    r = re.sub(r"^### (.*)(\r\n|\r|\n)?", r"<h6>\1</h6>", r, flags=re.M)
    r = re.sub(r"^## (.*)(\r\n|\r|\n)?", r"<h5>\1</h5>", r, flags=re.M)
    r = re.sub(r"^# (.*)(\r\n|\r|\n)?", r"<h4>\1</h4>", r, flags=re.M)
    r = re.sub(r"^---", "<hr>", r, flags=re.M)
    r = re.sub(r"\*\*(.*?)\*\*", r"<strong>\1</strong>", r)
    r = re.sub(r"\*(.*?)\*", r"<em>\1</em>", r)
    r = re.sub(r"(^|\s|>|\()(https?:[^ <)\n]*)", r'\1<a href="\2">\2</a>', r)
    r = re.sub(r"\[\[(https?:[^\]|]*?)\]\]", r'<a href="\1">\1</a>', r)
    r = re.sub(r"\[\[(https?:[^|]*?)\|(.*?)\]\]", r'<a href="\1">\2</a>', r)
    r = re.sub(r"\[\[([^\]|]*?)\]\]", r'<a href="\1">\1</a>', r)
    r = re.sub(r"\[\[([^|]*?)\|(.*?)\]\]", r'<a href="\1">\2</a>', r)
    r = re.sub(r"{{{(https?[^|{]*)}}}", r'<iframe src="\1"></iframe>', r)
    r = re.sub(r"{{([^\]|]*?)}}", r'<img src="\1">', r)
    r = re.sub(r"{{([^|]*?)\|(\d*?)(px)?}}", r'<img src="\1">', r)
    return r.replace("h_t_t_p", "http")


class _Text(HTMLParser):
    """Text content; a heading ends a line; img/iframe/hr/other tags are reported."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "h4":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def umap_popup(properties: dict) -> tuple[str, list[str]]:
    """(text a reader sees, tags made) for uMap's default popup of a feature."""
    props = dict(properties)
    props["description"] = greedy_template(properties.get("description", ""), props)
    parser = _Text()
    parser.feed(to_html(greedy_template(DEFAULT_POPUP_TEMPLATE, props)))
    parser.close()
    return "".join(parser.parts), parser.tags


def test_the_reader_is_uMaps_rule():
    """The reader itself: uMap's templating would change these raw strings."""
    props = {"name": "A {{https://x.test/i.png}}", "description": "in {name} **b**"}
    text, tags = umap_popup(props)
    assert "img" in tags and "strong" in tags
    assert text != "A {{https://x.test/i.png}}\nin {name} **b**"


PAYLOADS = [
    "Tiers-lieu {{https://evil.test/pixel.png}}",
    "{{{https://evil.test/frame}}} cadre",
    'La {name} de {commune} {category|"x"}',
    "**gras** et *italique* [[https://evil.test|clic]] [[page]]",
    "# titre",
    "--- règle",
    "* liste",
    "h_t_t_ps://x &amp; <b>gras</b> &lt;",
    "Café « L’Alliance » — 100 % ESS",
]


ALL_PAYLOADS = PAYLOADS + [p for p in hostile_strings() if "\n" not in p]


@pytest.mark.parametrize("payload", ALL_PAYLOADS, ids=[str(i) for i in range(len(ALL_PAYLOADS))])
def test_umap_popup_shows_exactly_the_learners_text(payload: str):
    carnet = sample_carnet()
    actor = carnet.actors[0]
    try:
        carnet.actors[0] = Actor.model_validate(
            actor.model_dump() | {"name": payload[:150] or "x", "address": payload[:300]}
        )
    except ValueError:
        pytest.skip("not a valid actor name")
    actor = carnet.actors[0]
    summary, _ = make_summary(carnet)
    data = json.loads(actors_geojson(summary))
    feature = next(f for f in data["features"] if f["id"] == actor.id)
    mine = next(a for a in summary.actors if a.id == actor.id)
    text, tags = umap_popup(feature["properties"])
    place = ", ".join(p for p in (mine.address, mine.commune) if p)
    expected_lines = [mine.name, mine.category_label, place]
    if mine.website:
        expected_lines.append(mine.website)
    assert text == "\n".join(expected_lines)
    # our heading, and uMap's links of URLs found in the text (their text unchanged)
    assert tags[0] == "h4" and set(tags[1:]) <= {"a"}, tags
