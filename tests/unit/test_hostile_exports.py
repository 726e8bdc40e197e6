"""Every learner text field filled with each hostile string: every export stays inert.

For each payload of tests/corpus/hostile_strings.txt, the worked example carnet gets the payload
in every text field (project name and description, territory commune; each actor's name,
address, commune, website, contact person and notes; the alliance's name, place, description
and source URL; each member's name, role, expertise and interest; the three answers). Where the
model refuses the value (too long, not a URL, empty once cleaned...), the refusal must be a
pydantic ValidationError that domain.validation explains in French and in English; the field
then gets the payload cut to the field's limit, or for URLs the payload as a query string,
whichever the model takes.

Then every export is built (Markdown, forum text, forum Markdown, HTML, PDF, CSV, GeoJSON,
JSON, and the map's HTML from adapters.mapping) and checked:

- HTML: parsed with html.parser, no element or attribute comes from learner text: no element
  the template (summary.html.j2) does not write (script, img, iframe...), no more svg, style,
  meta or comment than the same export of the unmodified example, no attribute name the
  example does not have, no on* attribute, every href an http(s) link or a fragment, no
  javascript: or expression() in a style; and the learner's text is there, as text;
- CSV: the same rows and columns as actors, and no text cell starts with = + - @ tab CR LF;
- Markdown (summary and forum post): no active link, image, autolink or reference to anything
  but http(s), no raw HTML tag but <br>;
- map HTML: no learner value with HTML/JS-special characters appears raw more often than in
  the map of the unmodified example;
- GeoJSON re-reads (RFC 7946 shape, the names as typed, links only http(s)); JSON re-imports to
  the same carnet; the PDF's text is extractable;
- template syntax is never evaluated: with "{{ 7*7 }}" no export has more "49" than with
  "{{ 7*8 }}", and "{% for %}" never repeats anything.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime
from functools import cache
from html import unescape as html_unescape
from html.parser import HTMLParser

import pytest
from annotated_types import MaxLen
from pydantic import ValidationError
from pypdf import PdfReader

from adapters.exports import carnet_json
from adapters.exports.csv_export import COLUMNS, PRIVATE_COLUMNS, actors_csv
from adapters.exports.forum import forum_post_markdown, forum_post_text
from adapters.exports.geojson import actors_geojson
from adapters.exports.html import TEMPLATES_DIR, summary_html
from adapters.exports.markdown import summary_markdown
from adapters.exports.pdf import summary_pdf
from adapters.mapping import (
    NO_TILES,
    CategoryStyle,
    actors_layer,
    build_base_map,
    legend_html,
    territory_layer,
    used_categories,
)
from domain import validation
from domain.carnet_io import parse_carnet_json
from domain.catalogue import load_categories
from domain.example import example_carnet
from domain.i18n import LANGUAGES, Translator
from domain.models import Actor, Carnet
from domain.text import escape_html, safe_url
from services.summary import carnet_summary
from tests.corpus import hostile_strings

PAYLOADS = hostile_strings()
LANG = "fr"
FIXED = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
URL_FIELDS = {"website", "source_url"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
SPECIAL = re.compile("[<>&\"'`$\\\\{}]")
TEMPLATE_TAGS = frozenset(
    re.findall(r"<([a-z][a-z0-9]*)", (TEMPLATES_DIR / "summary.html.j2").read_text("utf-8"))
)

PROJECT_FIELDS = ("name", "description")
ACTOR_FIELDS = ("name", "address", "commune", "website", "contact_person", "notes")
ALLIANCE_FIELDS = ("name", "place", "description", "source_url")
MEMBER_FIELDS = ("name", "role", "expertise", "interest")
ANSWER_FIELDS = ("vision", "expertise", "interest")


def payload_id(payload: str) -> str:
    index = PAYLOADS.index(payload)
    words = re.sub(r"[^0-9A-Za-z]+", "_", payload[:24]).strip("_") or "x"
    return f"{index:02d}-{words}"


def payload_params(filter_=None) -> list:
    return [pytest.param(p, id=payload_id(p)) for p in PAYLOADS if filter_ is None or filter_(p)]


# ------------------------------------------------------------------------- the hostile carnet


def _limit(model, field: str) -> int | None:
    for item in type(model).model_fields[field].metadata:
        if isinstance(item, MaxLen):
            return item.max_length
    return None


def _candidates(model, field: str, payload: str) -> list[str]:
    limit = _limit(model, field)
    values = [payload]
    if limit is not None and len(payload) > limit:
        values.append(payload[:limit])
    if field in URL_FIELDS:
        values.append(("https://example.org/?q=" + payload)[: limit or None])
    return values


def _targets(carnet: Carnet):
    for field in PROJECT_FIELDS:
        yield carnet.project, field
    yield carnet.project.territory, "commune"
    for actor in carnet.actors:
        for field in ACTOR_FIELDS:
            yield actor, field
    for field in ALLIANCE_FIELDS:
        yield carnet.alliance, field
    for member in carnet.alliance.members:
        for field in MEMBER_FIELDS:
            yield member, field
    for field in ANSWER_FIELDS:
        yield carnet.answers, field


def example() -> Carnet:
    """The worked example, dated once (exports print dates: they must not differ by run)."""
    return example_carnet(LANG).model_copy(update={"created_at": FIXED, "updated_at": FIXED})


@cache
def hostile(payload: str) -> tuple[Carnet, tuple[tuple[str, str, ValidationError], ...]]:
    """The example with the payload in every text field, and the refusals met on the way."""
    carnet = example()
    refusals = []
    for model, field in _targets(carnet):
        for value in _candidates(model, field, payload):
            before = getattr(model, field)
            try:
                setattr(model, field, value)  # validate_assignment: the model's own checks
                # components.state.update validates the whole draft again before saving
                type(model).model_validate(model.model_dump())
                break
            except ValidationError as refused:
                refusals.append((type(model).__name__, field, refused))
                setattr(model, field, before)
    return Carnet.model_validate(carnet.model_dump()), tuple(refusals)


@cache
def plain() -> Carnet:
    return example()


def carnet_for(payload: str | None) -> Carnet:
    """The hostile carnet of a payload; None: the unmodified example (the baseline)."""
    return plain() if payload is None else hostile(payload)[0]


def summary_of(carnet: Carnet, include_private: bool):
    return carnet_summary(carnet, include_private=include_private, generated_at=FIXED)


@cache
def text_exports(payload: str | None, include_private: bool) -> dict[str, str]:
    carnet = carnet_for(payload)
    summary, t = summary_of(carnet, include_private)
    return {
        "markdown": summary_markdown(summary, t),
        "forum_text": forum_post_text(summary, t),
        "forum_markdown": forum_post_markdown(summary, t),
        "html": summary_html(summary, t),
        "csv": actors_csv(summary).decode("utf-8-sig"),
        "geojson": actors_geojson(summary),
        "json": carnet_json(carnet, include_private=include_private),
    }


def styles(lang: str) -> dict[str, CategoryStyle]:
    t = Translator(lang)
    return {
        c.id: CategoryStyle(label=t.pick(c.short_name), colour=c.colour) for c in load_categories()
    }


@cache
def map_html(payload: str | None) -> str:
    """The map as components.map_view builds it (base map, actors layer, ring), rendered."""
    carnet = carnet_for(payload)
    t = Translator(carnet.language)
    labels = {
        "legend": t("map.legend"),
        "territory": t("map.territory"),
        "website": t("field.website"),
        "other_category": "?",
    }
    territory = carnet.project.territory
    m = build_base_map((territory.lat, territory.lon), 10, tiles=NO_TILES)
    actors_layer(carnet.actors, styles(carnet.language), labels=labels).add_to(m)
    territory_layer(territory, labels=labels).add_to(m)
    legend = legend_html(
        styles(carnet.language), used_categories(carnet.actors), labels, show_territory=True
    )
    return m.get_root().render() + legend


@cache
def pdf_text(payload: str | None) -> str:
    summary, t = summary_of(carnet_for(payload), include_private=True)
    data = summary_pdf(summary, t)
    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# ------------------------------------------------------------------------------ HTML parsing


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: list[tuple[str, str, str]] = []
        self.comments = 0
        self.declarations: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.attributes += [(tag, name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.comments += 1

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def unknown_decl(self, data):
        self.declarations.append(data)

    def handle_pi(self, data):
        self.declarations.append(data)

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    parser.close()
    return parser


def norm(text: str) -> str:
    return " ".join(text.split())


# -------------------------------------------------------------------------- Markdown checks


_ESCAPED = re.compile(r"\\.", re.DOTALL)
_INLINE_LINK = re.compile(r"\]\(\s*<?([^\s)>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*)>")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(\S*)", re.MULTILINE)
_RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9\-]*)(?=[\s/>])")
_HTTP = re.compile(r"^https?://", re.IGNORECASE)


def markdown_problems(markdown: str) -> list[str]:
    """Active links (inline, image, autolink, reference) to anything but http(s), raw tags.

    Backslash-escaped characters are inert in CommonMark: they are masked before looking.
    """
    active = _ESCAPED.sub("\0\0", markdown)
    problems = []
    # Autolinks bind more tightly than link brackets: "<https://x/[a](b)>" is one http link.
    for match in _AUTOLINK.finditer(active):
        if not _HTTP.match(match.group(1)):
            problems.append(f"autolink to {markdown[match.start(1) : match.end(1)]!r}")
    active = _AUTOLINK.sub(lambda m: "\0" * len(m.group(0)), active)
    for pattern, kind in ((_INLINE_LINK, "link"), (_REFERENCE, "reference")):
        for match in pattern.finditer(active):
            if not _HTTP.match(match.group(1)):
                problems.append(f"{kind} to {markdown[match.start(1) : match.end(1) + 20]!r}")
    for match in _RAW_TAG.finditer(active):
        if match.group(2).lower() != "br":
            problems.append(f"raw HTML <{match.group(1)}{match.group(2)}>")
    return problems


# ------------------------------------------------------------------------------------ tests


def test_the_corpus_has_enough_hostile_strings():
    assert len(PAYLOADS) >= 30
    joined = "\n".join(PAYLOADS)
    for needle in (
        "<script>",
        "onerror",
        "javascript:",
        "${",
        "`",
        "{{ 7*7 }}",
        "{%",
        "](javascript:",
        "![",
        "=HYPERLINK(",
        "+cmd",
        "@SUM",
        "-2+3",
        "\u202e",
        "\u200b",
        "\0",
        "DROP TABLE",
        "../",
        "</script>",
        "<!--",
        "CDATA",
        "onload",
        "expression(",
        "\u0430",
    ):
        assert needle in joined, needle
    assert max(len(p) for p in PAYLOADS) >= 10_000


@pytest.mark.parametrize("payload", payload_params())
def test_every_field_takes_the_payload_or_refuses_it_with_a_translated_message(payload):
    carnet, refusals = hostile(payload)
    for model_name, field, refused in refusals:
        for lang in LANGUAGES:
            lines = validation.explain(refused, Translator(lang))
            assert lines, (model_name, field)
            for line in lines:
                assert not PLACEHOLDER.search(line) and "validation." not in line, line
    # the saved carnet is stable: validating it again changes nothing
    assert Carnet.model_validate(carnet.model_dump()) == carnet
    # and the payload did land somewhere whenever it has visible text
    if norm(payload.replace("\0", "")).strip("\u200b\u200c\u200d\ufeff\u2060\u00ad"):
        filled = [getattr(m, f) for m, f in _targets(carnet)]
        assert any(value and value not in ("https://example.org/?q=",) for value in filled)


@pytest.mark.parametrize("include_private", [False, True], ids=["shared", "private"])
@pytest.mark.parametrize("payload", payload_params())
def test_html_export_has_no_element_or_attribute_from_learner_text(payload, include_private):
    carnet, _ = hostile(payload)
    html = parse_html(text_exports(payload, include_private)["html"])
    baseline = parse_html(text_exports(None, include_private)["html"])

    assert set(html.tags) <= TEMPLATE_TAGS, set(html.tags) - TEMPLATE_TAGS
    for tag in ("script", "img", "iframe", "object", "embed", "form", "input", "link", "base"):
        assert html.tags[tag] == 0, tag
    for tag in ("svg", "style", "meta", "title", "html", "head", "body", "main", "header"):
        assert html.tags[tag] <= baseline.tags[tag], tag
    assert html.comments <= baseline.comments
    assert html.declarations == baseline.declarations
    assert {name for _, name, _ in html.attributes} <= {name for _, name, _ in baseline.attributes}
    for tag, name, value in html.attributes:
        assert not name.lower().startswith("on"), (tag, name)
        if name in ("href", "src", "xlink:href", "action", "formaction"):
            assert value.startswith("#") or safe_url(value) == value, (tag, name, value)
        if name == "style":
            squeezed = re.sub(r"[\s\0-\x1f]", "", value).lower()
            assert "javascript:" not in squeezed and "expression(" not in squeezed, value
        # (text attributes such as aria-label or title may hold learner text: it is escaped
        # there, which the parser's view of the elements and attributes above proves)
    # the learner's text is shown, as text
    name = carnet.project.name
    if name.strip():
        assert norm(name) in norm(" ".join(html.text))


@pytest.mark.parametrize("include_private", [False, True], ids=["shared", "private"])
@pytest.mark.parametrize("payload", payload_params())
def test_csv_keeps_its_shape_and_no_cell_is_a_formula(payload, include_private):
    carnet, _ = hostile(payload)
    text = text_exports(payload, include_private)["csv"]
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    columns = COLUMNS + (PRIVATE_COLUMNS if include_private else ())
    assert tuple(rows[0]) == columns
    assert len(rows) == len(carnet.actors) + 1
    numbers = {columns.index("latitude"), columns.index("longitude")}
    for row in rows[1:]:
        assert len(row) == len(columns)
        for index, cell in enumerate(row):
            if index in numbers:
                assert cell == "" or re.fullmatch(r"-?\d+(,\d+)?", cell), cell
            else:
                assert not cell.startswith(FORMULA_START), (columns[index], cell[:40])


@pytest.mark.parametrize("export", ["markdown", "forum_markdown"])
@pytest.mark.parametrize("payload", payload_params())
def test_markdown_has_no_active_link_but_http_and_no_raw_html(payload, export):
    for include_private in (False, True):
        assert markdown_problems(text_exports(payload, include_private)[export]) == []


def test_a_website_the_model_accepts_stays_valid():
    # The https:// prefix counts in the limit: an accepted website always reloads.
    with pytest.raises(ValidationError):
        Actor(name="CRESS", category="cress", website="www.example.org/" + "a" * 284)
    actor = Actor(name="CRESS", category="cress", website="www.example.org/" + "a" * 276)
    assert Actor.model_validate(actor.model_dump()) == actor


def test_the_markdown_check_sees_active_links():
    assert markdown_problems("[a](javascript:alert(1))")
    assert markdown_problems("![a](data:x)")
    assert markdown_problems("<javascript:alert(1)>")
    assert markdown_problems("[a]: javascript:alert(1)")
    assert markdown_problems("<img src=x onerror=alert(1)>")
    assert markdown_problems("\\\\[a](javascript:x)")  # an escaped backslash, then a real link
    assert not markdown_problems("\\[a\\]\\(javascript:alert\\(1\\)\\) <https://x.org> a<br>b")


@pytest.mark.parametrize("payload", payload_params())
def test_map_html_carries_no_raw_learner_text(payload):
    carnet, _ = hostile(payload)
    html = map_html(payload)
    baseline = map_html(None)
    values = {carnet.project.territory.commune}
    for actor in carnet.actors:
        values |= {actor.name, actor.commune, actor.website, actor.address}
    # the escaped forms are expected (and "&amp;" of a payload is in "&amp;amp;"): take them out
    shown = html
    for value in sorted(values, key=len, reverse=True):
        if value:
            shown = shown.replace(escape_html(value), "\0")
    for value in values:
        for piece in {value, *value.split()}:
            if len(piece) >= 3 and SPECIAL.search(piece):
                assert shown.count(piece) <= baseline.count(piece), piece[:60]
    for needle in ("<script", "<img", "<iframe", "<svg", "<a ", "${", "{{", "{%"):
        assert html.lower().count(needle.lower()) <= baseline.lower().count(needle.lower()), needle
    # private fields never reach the map
    for actor in carnet.actors:
        for private in (actor.contact_person, actor.notes):
            if len(private) >= 8 and private not in values:
                assert escape_html(private) not in html


@pytest.mark.parametrize("payload", payload_params())
def test_geojson_rereads_with_the_names_as_typed_and_json_reimports(payload):
    carnet, _ = hostile(payload)
    for include_private in (False, True):
        exports = text_exports(payload, include_private)
        collection = json.loads(exports["geojson"])
        summary, _ = summary_of(carnet, include_private)
        located = summary.located_actors
        assert collection["type"] == "FeatureCollection"
        assert len(collection["features"]) == len(located)
        for feature, actor in zip(collection["features"], located, strict=True):
            assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert (round(actor.lon, 6), round(actor.lat, 6)) == (lon, lat)
            properties = feature["properties"]
            # written for uMap's popup (adapters.exports.geojson.umap_text): unescaped, as typed
            assert html_unescape(properties["name"]) == actor.name
            assert properties["website"] in ("", safe_url(actor.website))
            assert ("notes" in properties) == include_private
        reread = parse_carnet_json(exports["json"])
        if include_private:
            assert reread == carnet
        else:
            assert [a.name for a in reread.actors] == [a.name for a in carnet.actors]
            assert all(a.contact_person == "" and a.notes == "" for a in reread.actors)


@pytest.mark.parametrize("payload", payload_params())
def test_pdf_is_built_and_its_text_extractable(payload):
    carnet, _ = hostile(payload)
    text = pdf_text(payload)
    t = Translator(carnet.language)
    for key in ("summary.section.project", "summary.section.actors", "summary.section.answers"):
        assert norm(t(key)) in norm(text)


TEMPLATE_PAYLOADS = [p for p in PAYLOADS if "7*7" in p]
FOLIUM_ID = re.compile(r"_[0-9a-f]{32}")


@pytest.mark.parametrize("payload", [pytest.param(p, id=payload_id(p)) for p in TEMPLATE_PAYLOADS])
def test_template_expressions_are_never_evaluated(payload):
    control = payload.replace("7*7", "7*8")
    outputs = {**text_exports(payload, True), "map": map_html(payload), "pdf": pdf_text(payload)}
    controls = {**text_exports(control, True), "map": map_html(control), "pdf": pdf_text(control)}
    for name, text in outputs.items():
        # folium names its elements with random hex ids, which may hold a "49"
        ours, theirs = (FOLIUM_ID.sub("_ID", x) for x in (text, controls[name]))
        assert ours.count("49") == theirs.count("49"), name
        assert "7*7" in text or "7\\*7" in text or "7&#42;7" in text, name


def test_template_loops_are_never_run():
    payload = next(p for p in PAYLOADS if p.startswith("{% for"))
    outputs = {**text_exports(payload, True), "map": map_html(payload), "pdf": pdf_text(payload)}
    for name, text in outputs.items():
        assert "XXX" not in text, name
        assert "for x in range" in text or "for x in range" in text.replace("\\", ""), name
