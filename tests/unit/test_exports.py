"""Exports of a carnet: Markdown, forum post, HTML, PDF, CSV, GeoJSON, JSON.

Golden files live in tests/golden/; after an intended change regenerate them with
UPDATE_GOLDEN=1 python -m pytest tests/unit/test_exports.py and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from datetime import UTC, datetime
from html import unescape as html_unescape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from adapters.exports import carnet_json
from adapters.exports.csv_export import COLUMNS, PRIVATE_COLUMNS, actors_csv
from adapters.exports.forum import forum_post_markdown, forum_post_text
from adapters.exports.geojson import actors_geojson
from adapters.exports.html import map_picture, network_picture, summary_html
from adapters.exports.markdown import summary_markdown
from adapters.exports.pdf import summary_pdf
from domain import catalogue
from domain.carnet_io import parse_carnet_json
from domain.example import example_carnet
from domain.i18n import Translator, load_messages, placeholders
from domain.map_layout import fit_frame
from domain.models import MAX_ANSWER, MAX_NOTE, Actor, Carnet
from domain.network import layout
from domain.summary import CategoryInfo, build_summary, category_infos, typology_labels
from tests.fixtures import GENERATED_AT, NBSP, NNBSP, sample_carnet

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

# Fixed category and typology data (the shape of data/categories.json and typologies.json), so
# the goldens do not move when the catalogue's wording does.
CATEGORIES = [
    {
        "id": "fondation_territoriale",
        "name": {"fr": "Fondation territoriale", "en": "Community foundation"},
        "colour": "#E69F00",
    },
    {"id": "ptce", "name": {"fr": "PTCE", "en": "PTCE (cooperation hub)"}, "colour": "#009E73"},
    {
        "id": "cress",
        "name": {"fr": "CRESS", "en": "CRESS (regional SSE chamber)"},
        "colour": "#0072B2",
    },
    {
        "id": "mouves",
        "name": {"fr": "Mouvement Impact France", "en": "Mouvement Impact France"},
        "colour": "#CC79A7",
    },
    {
        "id": "incubateur_social",
        "name": {"fr": "Incubateur d’entreprises sociales", "en": "Social-enterprise incubator"},
        "colour": "#D55E00",
    },
    {"id": "cci", "name": {"fr": "CCI", "en": "Chamber of commerce (CCI)"}, "colour": "#56B4E9"},
    {
        "id": "cma",
        "name": {"fr": "Chambre de métiers", "en": "Chamber of trades (CMA)"},
        "colour": "#8C6D00",
    },
    {
        "id": "parapublic_innovation",
        "name": {"fr": "Réseau d’appui à l’innovation", "en": "Innovation support network"},
        "colour": "#6A3D9A",
    },
]
TYPOLOGIES = {
    "partnership_modes": [
        {
            "id": "cooperation_economique",
            "name": {"fr": "Coopération économique", "en": "Economic cooperation"},
        },
        {
            "id": "innovation_societale",
            "name": {"fr": "Innovation sociétale", "en": "Societal innovation"},
        },
    ],
    "coconstruction_forms": [
        {
            "id": "experimentations_collectives",
            "name": {"fr": "Expérimentations collectives", "en": "Collective experiments"},
        },
    ],
}

PRIVATE_STRINGS = ("Élodie Martin", "très intéressée par l’atelier")
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[clic](javascript:alert(1))",
    '=HYPERLINK("http://evil","x")',
    "${alert(1)}",
)


def make_summary(carnet: Carnet | None = None, *, include_private: bool = False):
    carnet = carnet or sample_carnet()
    t = Translator(carnet.language)
    summary = build_summary(
        carnet,
        t=t,
        # Fixed lists, not the catalogue: the goldens do not move when its wording does.
        categories=[CategoryInfo(c["id"], t.pick(c["name"]), c["colour"]) for c in CATEGORIES],
        typologies={
            item["id"]: t.pick(item["name"]) for group in TYPOLOGIES.values() for item in group
        },
        include_private=include_private,
        generated_at=GENERATED_AT,
    )
    return summary, t


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def all_text_exports(summary, t) -> dict[str, str]:
    """Every export as text (PDF through its extracted text, CSV decoded)."""
    return {
        "markdown": summary_markdown(summary, t),
        "forum_markdown": forum_post_markdown(summary, t),
        "forum_text": forum_post_text(summary, t),
        "html": summary_html(summary, t),
        "pdf": pdf_text(summary_pdf(summary, t)),
        "csv": actors_csv(summary).decode("utf-8-sig"),
        "geojson": actors_geojson(summary),
    }


def assert_golden(name: str, actual: str | bytes) -> None:
    path = GOLDEN / name
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"missing golden {name}: run with UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if isinstance(actual, str):
        assert actual == expected.decode("utf-8"), f"{name} differs from its golden file"
    else:
        assert data == expected, f"{name} differs from its golden file"


# ----------------------------------------------------------------------------- locales


def test_summary_locales_have_same_keys_placeholders_and_french_typography():
    french = json.loads((ROOT / "data/locales/fr/summary.json").read_text(encoding="utf-8"))
    english = json.loads((ROOT / "data/locales/en/summary.json").read_text(encoding="utf-8"))
    assert french.keys() == english.keys()
    for key, value in french.items():
        assert key.startswith(("summary.", "status.")), key
        assert placeholders(value) == placeholders(english[key]), key
        assert not re.search(r"(?<![\u00a0\u202f])[;:?!]", value), f"{key}: space before ; : ? !"
        assert not re.search(r"«(?!\u00a0)|(?<!\u00a0)»", value), f"{key}: « » spacing"
        assert "'" not in value, f"{key}: straight apostrophe"
    for status in ("identified", "contacted", "met", "presented"):
        assert f"status.{status}" in french


# ----------------------------------------------------------------------------- summary


def test_summary_resolves_labels_order_and_coverage():
    summary, t = make_summary()
    assert [a.category for a in summary.actors] == [
        "ptce",
        "cress",
        "cci",
        "cma",
        "parapublic_innovation",
    ]
    assert [a.number for a in summary.actors] == [1, 2, 3, 4, 5]
    first = summary.actors[0]
    assert (first.category_label, first.colour, first.status_label) == (
        "PTCE",
        "#009E73",
        "Projet présenté",
    )
    assert first.contact_person is None and first.notes is None
    assert [c.id for c in summary.coverage.missing] == [
        "fondation_territoriale",
        "mouves",
        "incubateur_social",
    ]
    assert len(summary.coverage.found) == 5
    assert summary.project.territory == "Romans-sur-Isère (26100), Drôme, Auvergne-Rhône-Alpes"
    families = {m.family: m.family_label for m in summary.alliance.members}
    for code, label in families.items():  # family.* come from analysis.json (another area)
        expected = t(f"family.{code}")
        assert label == (code if expected == f"family.{code}" else expected)
    assert summary.tags[0].labels == ("Coopération économique", "Innovation sociétale")
    assert summary.answers[0].question == f"Quelle vision a réuni ces acteurs{NBSP}?"
    assert summary.generated_on.isoformat() == "2025-03-14"


def test_summary_with_private_fields_and_unknown_category():
    carnet = sample_carnet()
    carnet.actors.append(Actor(id="f6a1b2c3d4e5", name="Tiers-lieu", category="tiers_lieu"))
    summary, _ = make_summary(carnet, include_private=True)
    assert summary.actors[0].contact_person == "Élodie Martin"
    unknown = summary.actors[-1]
    assert (unknown.category_label, unknown.colour) == ("tiers_lieu", "#595959")
    assert summary.coverage.found[-1].id == "tiers_lieu"


def test_category_and_typology_labels_from_the_shipped_catalogue():
    t = Translator("fr")
    infos = category_infos(catalogue.load_categories(), t)
    assert [i.id for i in infos][:3] == ["fondation_territoriale", "ptce", "cress"]
    assert all(i.label and i.colour.startswith("#") for i in infos)
    labels = typology_labels(catalogue.load_typologies(), t)
    assert labels["mecenat"] == "Mécénat" and len(labels) == 7


# ----------------------------------------------------------------------------- goldens


GOLDENS = {
    "summary_fr.md": lambda: summary_markdown(*make_summary()),
    "summary_en.md": lambda: summary_markdown(*make_summary(sample_carnet("en"))),
    "forum_fr.md": lambda: forum_post_markdown(*make_summary()),
    "forum_fr.txt": lambda: forum_post_text(*make_summary()),
    "forum_en.txt": lambda: forum_post_text(*make_summary(sample_carnet("en"))),
    "summary_fr.html": lambda: summary_html(*make_summary()),
    "summary_fr.pdf.txt": lambda: pdf_text(summary_pdf(*make_summary())),
    "actors_fr.csv": lambda: actors_csv(make_summary()[0]),
    "actors_fr.geojson": lambda: actors_geojson(make_summary()[0]),
    "carnet_shared.json": lambda: carnet_json(sample_carnet(), include_private=False),
    # The worked example carnet, with the shipped catalogue's labels.
    "example_fr.md": lambda: summary_markdown(*example_summary()),
    "example_forum_fr.txt": lambda: forum_post_text(*example_summary()),
    "example_forum_en.md": lambda: forum_post_markdown(*example_summary("en")),
    "example_fr.html": lambda: summary_html(*example_summary()),
    "example_fr.pdf.txt": lambda: pdf_text(summary_pdf(*example_summary())),
    "example_actors.csv": lambda: actors_csv(example_summary()[0]),
    "example_actors.geojson": lambda: actors_geojson(example_summary()[0]),
    "example_carnet.json": lambda: carnet_json(example_carnet_fixed(), include_private=True),
}


def example_carnet_fixed(lang="fr"):
    carnet = example_carnet(lang)
    return carnet.model_copy(update={"created_at": GENERATED_AT, "updated_at": GENERATED_AT})


def example_summary(lang="fr"):
    t = Translator(lang)
    summary = build_summary(
        example_carnet_fixed(lang),
        t=t,
        categories=category_infos(catalogue.load_categories(), t),
        typologies=typology_labels(catalogue.load_typologies(), t),
        generated_at=GENERATED_AT,
    )
    return summary, t


def test_example_json_reimports_to_an_equal_carnet():
    assert parse_carnet_json(GOLDENS["example_carnet.json"]()) == example_carnet_fixed()


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_export_matches_golden(name):
    assert_golden(name, GOLDENS[name]())


@pytest.mark.parametrize("export", ["markdown", "forum_markdown", "forum_text", "html", "pdf"])
def test_french_text_survives_in_every_document(export):
    text = all_text_exports(*make_summary())[export]
    text = text.replace("&#39;", "'")
    if export.endswith("markdown"):
        text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes: \- reads -
    for needle in ("é", "è", "ô", "œ", "’", "«", "»", "€", "Romans-sur-Isère", "Quelle vision"):
        assert needle in text, f"{export}: {needle!r} missing"
    assert NNBSP in text, f"{export}: narrow no-break space lost"


def test_exports_are_stable():
    summary, t = make_summary()
    again, _ = make_summary()
    assert summary_pdf(summary, t) == summary_pdf(again, t)
    assert summary_html(summary, t) == summary_html(again, t)
    assert actors_csv(summary) == actors_csv(again)


# ----------------------------------------------------------------------------- PDF


def test_pdf_embeds_a_unicode_font_and_keeps_french_characters():
    summary, t = make_summary()
    data = summary_pdf(summary, t)
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    for needle in ("é", "œ", "’", "«", "»", "€", "cœur de métier", "180\u202f000 €"):
        assert needle in text, needle
    # fpdf2 2.8.9: U+202F is drawn with DejaVu's narrow glyph and extracted back as U+202F;
    # U+00A0 is written as an ordinary space (still not a line-break point).
    assert f"romanais{NNBSP};" in text
    assert "\u00a0" not in text
    assert "« personne n’est inemployable »" in text
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded TTF
    assert any("DejaVuSans" in f for f in fonts) and any("Bold" in f for f in fonts)
    assert reader.metadata["/CreationDate"].startswith("D:20250314103000")
    assert (
        reader.metadata["/Title"]
        == f"Carnet de territoire{NBSP}: La Cordonnerie solidaire de Romans"
    )
    assert len(reader.pages) >= 2 and "Page 1 sur" in text


def test_pdf_font_and_licence_are_shipped():
    fonts = ROOT / "data" / "fonts"
    assert (fonts / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (fonts / "DejaVuSans-Bold.ttf").stat().st_size > 100_000
    assert "Bitstream" in (fonts / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- GeoJSON


def test_geojson_follows_rfc_7946_and_umap_conventions():
    summary, _ = make_summary()
    data = json.loads(actors_geojson(summary))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data
    located = [a for a in sample_carnet().actors if a.located]
    assert len(data["features"]) == len(located) == 4  # France Active has no position
    by_name = {a.name: a for a in located}
    for feature in data["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["id"], str)
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        props = feature["properties"]
        actor = by_name[html_unescape(props["name"])]  # uMap-safe references, see geojson.py
        assert (lon, lat) == (actor.lon, actor.lat)  # [longitude, latitude]
        assert set(props) >= {"name", "description", "category", "_umap_options"}
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", props["_umap_options"]["color"])
        assert "contact" not in props and "notes" not in props
        assert "<" not in props["description"]  # plain text
    pole_sud = data["features"][0]["properties"]
    assert (
        pole_sud["description"]
        == "PTCE\n45 rue Pierre Curie, 26100 Romans-sur-Isère\nhttps://www.archer.fr"
    )
    assert pole_sud["_umap_options"] == {"color": "#009E73"}


def test_geojson_keeps_western_longitudes_negative():
    carnet = sample_carnet()
    carnet.actors[1].lat, carnet.actors[1].lon = 47.2184, -1.5536  # Nantes
    data = json.loads(actors_geojson(make_summary(carnet)[0]))
    assert data["features"][1]["geometry"]["coordinates"] == [-1.5536, 47.2184]


# ----------------------------------------------------------------------------- CSV


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig", decimal=",")


def test_csv_opens_in_pandas_with_the_documented_columns():
    data = actors_csv(make_summary()[0])
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    frame = read_csv(data)
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == 5
    assert frame.loc[0, "nom"] == "Pôle Sud – Groupe Archer"
    assert (
        frame.loc[0, "categorie_libelle"] == "PTCE" and frame.loc[0, "statut"] == "Projet présenté"
    )
    assert frame.loc[0, "latitude"] == pytest.approx(45.0395)
    assert frame.loc[0, "longitude"] == pytest.approx(5.0339)
    assert pd.isna(frame.loc[4, "latitude"])  # not placed
    assert frame["latitude"].dtype == float and frame["longitude"].dtype == float
    assert frame.loc[3, "nom"] == "Chambre de métiers et de l’artisanat de la Drôme"
    documented = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    module_doc = actors_csv.__module__
    import importlib

    doc = importlib.import_module(module_doc).__doc__
    for column in COLUMNS + PRIVATE_COLUMNS:
        assert f"`{column}`" in documented, column
        assert f"| {column} |" in doc, column


def test_csv_keeps_negative_coordinates_numeric():
    carnet = sample_carnet()
    carnet.actors[1].lat, carnet.actors[1].lon = 47.2184, -1.5536
    frame = read_csv(actors_csv(make_summary(carnet)[0]))
    assert frame.loc[1, "longitude"] == pytest.approx(-1.5536)


# ----------------------------------------------------------------------------- JSON


def test_carnet_json_round_trips_with_private_fields():
    carnet = sample_carnet()
    assert parse_carnet_json(carnet_json(carnet, include_private=True)) == carnet


def test_carnet_json_blanks_private_fields_by_default():
    carnet = sample_carnet()
    shared = parse_carnet_json(carnet_json(carnet, include_private=False))
    assert all(a.contact_person == "" and a.notes == "" for a in shared.actors)
    expected = carnet.model_copy(deep=True)
    for actor in expected.actors:
        actor.contact_person, actor.notes = "", ""
    assert shared == expected
    assert carnet.actors[0].contact_person == "Élodie Martin"  # the original is untouched


# ----------------------------------------------------------------------------- private fields


def test_private_fields_are_absent_from_every_export_by_default():
    summary, t = make_summary()
    exports = all_text_exports(summary, t)
    exports["json"] = carnet_json(sample_carnet())
    for name, text in exports.items():
        for secret in PRIVATE_STRINGS:
            assert secret not in text.replace("&#39;", "'"), f"{name} leaks {secret!r}"
    assert "contact" not in read_csv(actors_csv(summary)).columns


def test_private_fields_appear_only_when_asked_and_never_in_the_forum_post():
    summary, t = make_summary(include_private=True)
    exports = all_text_exports(summary, t)
    exports["json"] = carnet_json(sample_carnet(), include_private=True)
    for name, text in exports.items():
        text = " ".join(text.replace("&#39;", "'").split())  # PDF and tables wrap lines
        for secret in PRIVATE_STRINGS:
            if name.startswith("forum"):
                assert secret not in text, f"{name} leaks {secret!r}"
            elif name == "pdf":
                assert secret.split()[0] in text, f"{name} lacks {secret!r}"
            else:
                assert secret in text, f"{name} lacks {secret!r}"
    assert tuple(read_csv(actors_csv(summary)).columns) == COLUMNS + PRIVATE_COLUMNS
    props = json.loads(exports["geojson"])["features"][0]["properties"]
    assert props["contact"] == "Élodie Martin"
    assert "Projet présenté" not in exports["forum_text"]  # the contact status stays private too


# ----------------------------------------------------------------------------- payloads


def payload_carnet() -> Carnet:
    carnet = sample_carnet()
    script, img, link, formula, template = PAYLOADS
    carnet.project.name = f"{script} projet"
    carnet.project.description = f"{img}\n{link}\n{template}"
    carnet.actors[0].name = formula
    carnet.actors[0].address = img
    carnet.actors[0].contact_person = script
    carnet.actors[0].notes = f"{link} {formula}"
    carnet.actors[1].name = "@SUM(A1:A2)"
    carnet.actors[1].commune = "+33 cmd"
    carnet.actors[2].name = "-2+3"
    # the model refuses these URLs today; the exporters must not rely on it (old or imported data)
    carnet.actors[3].__dict__["website"] = "javascript:alert(1)"
    carnet.alliance.__dict__["source_url"] = "javascript:alert(2)"
    carnet.alliance.name = f"{script} alliance"
    carnet.alliance.description = f"{link} {template}"
    carnet.alliance.members[0].name = img
    carnet.alliance.members[0].role = f"{script}\n{link}"
    carnet.answers.vision = f"{script} {img} {link} {formula} {template}"
    return carnet


class _TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def html_tags(html: str) -> list[tuple[str, dict]]:
    parser = _TagCollector()
    parser.feed(html)
    return parser.tags


def active_markdown_links(markdown: str) -> list[str]:
    """Targets of inline links [text](target) and autolinks <target> that a renderer would make."""
    inline = re.findall(r"(?<!\\)\[(?:[^\]\\]|\\.)*(?<!\\)\]\(([^)]*)\)", markdown)
    auto = re.findall(r"(?<!\\)<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>", markdown)
    return inline + auto


@pytest.mark.parametrize("include_private", [False, True])
def test_payloads_are_harmless_in_html(include_private):
    summary, t = make_summary(payload_carnet(), include_private=include_private)
    html = summary_html(summary, t)
    tags = html_tags(html)
    names = {tag for tag, _ in tags}
    assert "script" not in names and "img" not in names and "iframe" not in names
    for tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            assert attrs["href"].startswith(("https://", "http://")), attrs["href"]
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "javascript:alert(1)" in html  # the text typed, inert (never in an href)
    assert "${" not in html  # escape_html turns $ into &#36;
    assert "&lt;script&gt;alert(1)&lt;/script&gt; projet" in html  # shown as typed


@pytest.mark.parametrize("include_private", [False, True])
def test_payloads_are_harmless_in_markdown(include_private):
    summary, t = make_summary(payload_carnet(), include_private=include_private)
    for markdown in (summary_markdown(summary, t), forum_post_markdown(summary, t)):
        for target in active_markdown_links(markdown):
            assert target.startswith(("https://", "http://")), target
        assert "<script" not in markdown.lower() and "<img" not in markdown.lower()
        assert "&lt;script>" in markdown  # "<" as an entity: no HTML, shown as typed
        assert "[clic\\](javascript:alert(1))" in markdown  # no link: "](" escaped
        assert "\\${alert(1)}" in markdown


def test_payloads_in_the_plain_forum_text_are_shown_as_typed_and_never_linked():
    summary, t = make_summary(payload_carnet(), include_private=True)
    text = forum_post_text(summary, t)
    assert "<script>alert(1)</script> projet" in text  # plain text: what the learner typed
    for line in text.splitlines():
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S", line):  # a line holding a lone URL
            assert line.startswith(("https://", "http://")), line
    assert "\njavascript:" not in text
    assert "<script>alert(1)</script>" not in text.split("\n\n")[-1]  # actor list: no notes


@pytest.mark.parametrize("include_private", [False, True])
def test_payloads_cannot_become_spreadsheet_formulas(include_private):
    summary, _ = make_summary(payload_carnet(), include_private=include_private)
    rows = list(csv.reader(io.StringIO(actors_csv(summary).decode("utf-8-sig")), delimiter=";"))
    numeric = {COLUMNS.index("latitude"), COLUMNS.index("longitude")}
    for row in rows[1:]:
        for index, cell in enumerate(row):
            if index in numeric:
                assert re.fullmatch(r"(-?[0-9]+(,[0-9]+)?)?", cell), cell
            else:
                assert not cell.startswith(("=", "+", "-", "@")), cell
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil","x")' in cells
    assert "'@SUM(A1:A2)" in cells and "'+33 cmd" in cells and "'-2+3" in cells


def test_payloads_stay_plain_strings_in_geojson_and_pdf():
    summary, t = make_summary(payload_carnet())
    data = json.loads(actors_geojson(summary))
    name = data["features"][0]["properties"]["name"]
    assert html_unescape(name) == '=HYPERLINK("http://evil","x")'
    assert data["features"][3]["properties"]["website"] == ""
    assert "javascript" not in data["features"][3]["properties"]["description"]
    text = pdf_text(summary_pdf(summary, t))
    assert "<script>alert(1)</script>" in " ".join(text.split()).replace("</ script>", "</script>")


# ----------------------------------------------------------------------------- HTML


def test_html_is_standalone_printable_and_accessible():
    summary, t = make_summary()
    html = summary_html(summary, t)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    lowered = html.lower()
    for forbidden in (
        "<script",
        "<link",
        "<img",
        "<iframe",
        "<object",
        "<embed",
        "@import",
        "url(",
        " src=",
        "xlink:href",
    ):
        assert forbidden not in lowered, forbidden
    tags = html_tags(html)
    # the only URLs are the learner's links (<a href>), never something the page would load
    for tag, attrs in tags:
        for name, value in attrs.items():
            if value and re.match(r"^[a-z]+://", value):
                assert (tag, name) == ("a", "href"), (tag, name, value)
    assert "@media print" in html and "@page" in html
    pictures = [attrs for tag, attrs in tags if tag == "svg" and attrs.get("role") == "img"]
    assert len(pictures) == 2 and all(
        p.get("aria-label") and p.get("aria-labelledby") for p in pictures
    )
    assert html.count("<title") >= 3  # page, map, network (+ one per marker)
    assert html.count("<table>") == 2 and 'scope="col"' in html
    assert summary_html(*make_summary(sample_carnet("en"))).count('<html lang="en">') == 1


def test_map_projection_is_north_up_east_right_and_fitted():
    summary, _ = make_summary()
    picture = map_picture(summary)
    by_number = {p.number: p for p in picture.points}
    lyon, valence, romans = by_number[2], by_number[3], by_number[1]
    assert lyon.y < valence.y  # north is up
    assert romans.x > valence.x  # east is right
    for point in picture.points:
        assert 0 < point.x < picture.width and 0 < point.y < picture.height
    # the fitted box fills the picture: the extreme points sit near the padding
    ys = [p.y for p in picture.points]
    assert min(ys) < 0.2 * picture.height and max(ys) > 0.8 * picture.height
    assert [p.colour for p in picture.points] == ["#009E73", "#0072B2", "#56B4E9", "#8C6D00"]
    assert ("PTCE", "#009E73") in picture.legend


def test_map_handles_one_point_and_neighbours():
    frame = fit_frame([(45.0, 5.0)])
    assert tuple(frame.xy(45.0, 5.0)) == (320.0, frame.height / 2)
    pair = [(45.0, 5.0), (45.0, 5.0001)]
    frame = fit_frame(pair)
    first, second = (tuple(round(v, 1) for v in frame.xy(*point)) for point in pair)
    assert first != second
    picture = map_picture(make_summary()[0])
    cci, cma = [p for p in picture.points if p.number in (3, 4)]
    assert ((cci.x - cma.x) ** 2 + (cci.y - cma.y) ** 2) ** 0.5 >= 18  # markers do not overlap


def test_pdf_survives_the_model_limits_and_keeps_long_texts():
    carnet = sample_carnet()
    long_note = " ".join(f"note{i}" for i in range(300))[:MAX_NOTE]
    carnet.actors[0].notes = long_note
    carnet.alliance.members[0].expertise = " ".join(f"savoir{i}" for i in range(300))[:MAX_NOTE]
    carnet.answers.vision = " ".join(f"vision{i}" for i in range(900))[:MAX_ANSWER]
    summary, t = make_summary(carnet, include_private=True)
    text = " ".join(pdf_text(summary_pdf(summary, t)).split())
    # a row taller than a page continues on the next one (adapters.exports.pdf.table)
    assert "note0 note1" in text and "savoir0 savoir1" in text
    for long_text in (long_note, carnet.alliance.members[0].expertise, carnet.answers.vision):
        assert (
            long_text.split()[-1] in text and long_text.split()[len(long_text.split()) // 2] in text
        )


def test_many_actors_render_quickly_enough():
    carnet = sample_carnet()
    carnet.actors = [
        Actor(
            id=f"{i:012x}",
            name=f"Acteur {i}",
            category="cress",
            lat=45 + (i % 50) / 100,
            lon=5 + i / 1000,
        )
        for i in range(1000)
    ]
    summary, t = make_summary(carnet)
    picture = map_picture(summary)
    assert len(picture.points) == 1000
    assert summary_html(summary, t).count('<g class="actor">') == 1000


def test_network_picture_uses_the_shared_layout():
    summary, _ = make_summary()
    picture = network_picture(summary)
    carnet = sample_carnet()
    nodes = layout(carnet.alliance.members)
    assert [n.name for n in picture.nodes] == [n.name for n in nodes]
    assert len(picture.nodes) == 5 and len({n.colour for n in picture.nodes}) == 5
    html = summary_html(*make_summary())
    assert html.count('<g class="member">') == 5


def test_empty_carnet_exports_without_error():
    carnet = Carnet()
    summary, t = make_summary(carnet)
    exports = all_text_exports(summary, t)
    assert "Projet sans nom" in exports["markdown"]
    assert json.loads(exports["geojson"]) == {"type": "FeatureCollection", "features": []}
    assert read_csv(actors_csv(summary)).empty
    assert map_picture(summary) is None and network_picture(summary) is None
    assert "<svg" not in exports["html"].replace('<svg width="14"', "")


# ----------------------------------------------------------------------------- forum post


def test_forum_text_reads_well_pasted_as_is():
    summary, t = make_summary()
    text = forum_post_text(summary, t)
    for symbol in ("**", "__", "](", "<http", "\\", "|", "`", "##"):
        assert symbol not in text, symbol
    assert not re.search(r"^\s*#", text, re.MULTILINE)
    blocks = text.strip().split("\n\n")
    assert blocks[0] == f"Bonjour à toutes et à tous{NBSP}!"
    questions = [a.question for a in summary.answers]
    for question in questions:
        assert f"\n\n{question}\n" in text  # each answer is its own section
    # a paragraph is one line, however long (the forum wraps it)
    first = sample_carnet().answers.vision.split("\n\n")[0]
    assert first in text.splitlines()
    # bullets and URLs alone on their line
    lines = text.splitlines()
    assert (
        f"- Pôle Sud – Groupe Archer{NBSP}: PTCE, 45 rue Pierre Curie, 26100 Romans-sur-Isère"
        in lines
    )
    assert "https://www.archer.fr" in lines
    for line in lines:
        if "https://" in line:
            assert line.startswith("https://") and " " not in line, line
        assert not line.startswith(("* ", "+ ", "• ")), line
    assert text.endswith("\n") and "\n\n\n" not in text


def test_forum_post_is_in_the_carnets_language():
    summary, t = make_summary(sample_carnet("en"))
    text = forum_post_text(summary, t)
    assert text.startswith("Hello everyone!")
    assert "What vision brought these actors together?" in text
    assert "The support actors I found in my territory:" in text
    assert "- Pôle Sud – Groupe Archer: PTCE (cooperation hub), 45 rue Pierre Curie" in text


def test_translator_keys_used_by_the_exports_exist_in_both_languages():
    french, english = load_messages("fr"), load_messages("en")
    sources = [
        ROOT / "domain" / "summary.py",
        *sorted((ROOT / "adapters" / "exports").rglob("*.py")),
    ]
    sources.append(ROOT / "adapters" / "exports" / "templates" / "summary.html.j2")
    keys = set()
    for path in sources:
        keys |= set(
            re.findall(r"""t\(\s*["'](summary\.[a-z_.]+)["']""", path.read_text(encoding="utf-8"))
        )
    keys |= {f"summary.question.{q}" for q in ("vision", "expertise", "interest")}
    keys |= {f"summary.tags.{g}" for g in ("partnership_modes", "coconstruction_forms")}
    assert keys and all(k in french and k in english for k in keys), sorted(
        k for k in keys if k not in french
    )


def test_generated_at_defaults_to_now():
    carnet = sample_carnet()
    t = Translator("fr")
    before = datetime.now(UTC).replace(microsecond=0)
    summary = build_summary(carnet, t=t, categories=[])
    assert summary.generated_at >= before and summary.generated_at.tzinfo is not None
