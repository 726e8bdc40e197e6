"""The directory's open data (CSV for Excel, GeoJSON for uMap) and its clustered map layer:
licence stated, région-only entries handled, hostile strings neutralised."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

import folium

from adapters import directory_mapping, mapping
from adapters.exports import directory as exports
from adapters.mapping import CategoryStyle
from adapters.storage.directory import EntryRow
from tests.corpus import hostile_strings

STAMP = datetime(2026, 12, 6, tzinfo=UTC)
STYLES = {"cress": CategoryStyle("CRESS", "#0072B2"), "ptce": CategoryStyle("PTCE", "#009E73")}


def entry(n: int = 1, **values) -> EntryRow:
    base = dict(
        id=n,
        seed_id=None,
        name="CRESS Bretagne",
        category="cress",
        network="CRESS",
        commune="Rennes",
        insee="35238",
        departement="35",
        region="Bretagne",
        region_code="53",
        address="",
        website="https://ess-bretagne.example.org",
        lat=48.11,
        lon=-1.68,
        description_fr="Chambre régionale.",
        description_en="Regional chamber.",
        source_kind="seed",
        source_url="https://example.org/liste",
        source_title="Liste des CRESS",
        status="published",
        confirmations=0,
        last_confirmed=date(2026, 12, 6),
        moderated_at=None,
        created_at=STAMP,
        updated_at=STAMP,
    )
    base.update(values)
    return EntryRow(**base)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_is_excel_ready_with_the_licence_on_every_row():
    learners = entry(
        2,
        name="Pôle ESS",
        category="ptce",
        source_kind="learners",
        status="reported",
        confirmations=3,
        lon=-1.5,
    )
    region_only = entry(3, commune="", insee="", departement="", lat=None, lon=None)
    rows = csv_rows(
        exports.directory_csv(
            [entry(), learners, region_only],
            category_labels={"cress": "CRESS", "ptce": "PTCE"},
            lang="fr",
            learners_label="proposé par des apprenants",
            yes="oui",
        )
    )
    assert list(rows[0]) == list(exports.COLUMNS)
    assert rows[0]["source_url"] == "https://example.org/liste"
    assert rows[0]["longitude"] == "-1,68"  # a number, decimal comma
    assert rows[1]["source"] == "proposé par des apprenants" and rows[1]["source_url"] == ""
    assert rows[1]["signale"] == "oui" and rows[1]["confirmations"] == "3"
    assert rows[2]["latitude"] == "" and rows[2]["region"] == "Bretagne"
    assert all("Open Database License" in r["licence"] for r in rows)


def test_geojson_is_umap_ready_with_the_licence():
    text = exports.directory_geojson(
        [entry(), entry(2, lat=None, lon=None)],
        category_labels={"cress": "CRESS"},
        colours={"cress": "#0072B2"},
        lang="en",
        learners_label="proposed by learners",
        attribution="Shared directory",
    )
    collection = json.loads(text)
    assert collection["license"] == "ODbL-1.0" and collection["attribution"] == "Shared directory"
    [feature] = collection["features"]  # région-only entries are in the CSV only
    assert feature["geometry"]["coordinates"] == [-1.68, 48.11]
    props = feature["properties"]
    assert props["name"] == "CRESS Bretagne" and "Regional chamber." in props["description"]
    assert props["_umap_options"] == {"color": "#0072B2"} and props["licence"] == "ODbL-1.0"


def test_hostile_strings_in_the_exports():
    payloads = hostile_strings()
    entries = [
        entry(n + 1, name=p[:150] or "x", commune=p[:150], description_fr=p, website=p)
        for n, p in enumerate(payloads)
    ]
    rows = csv_rows(
        exports.directory_csv(entries, category_labels={}, lang="fr", learners_label="", yes="")
    )
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), (column, value)
            if column == "site_web":
                assert value == "" or value.lower().startswith(("http://", "https://"))
    collection = json.loads(
        exports.directory_geojson(
            entries, category_labels={}, colours={}, lang="fr", learners_label="", attribution=""
        )
    )
    for feature in collection["features"]:
        website = feature["properties"]["website"]
        assert website == "" or website.lower().startswith(("http://", "https://"))


def test_the_map_layer_is_one_clustered_layer_of_escaped_data():
    payloads = [p for p in hostile_strings() if p.strip()]
    entries = [
        entry(n + 1, name=p[:150], commune=p[:150], confirmations=2) for n, p in enumerate(payloads)
    ]
    entries.append(entry(9999, lat=None, lon=None))
    group, features = directory_mapping.entries_layer(
        entries, STYLES, {"website": "Site web", "confirmed": "confirmé par {count}"}
    )
    assert len(features) == len(payloads)  # the région-only entry is not drawn
    for feature in features:
        for value in feature["properties"].values():
            assert "<" not in value and "`" not in value and "${" not in value and "{{" not in value
    m = directory_mapping.base_map((46.6, 2.4), 5)
    group.add_to(m)
    html = m.get_root().render()
    assert "markerClusterGroup" in html and "chunkedLoading" in html
    for raw in ("<script>alert", "<img", "<svg", "<iframe", "${alert"):
        assert raw not in html, raw
    assert html.count("L.circleMarker(") == 1  # markers are built from data in the browser
    assert any(isinstance(c, folium.plugins.MarkerCluster) for c in m._children.values())
    # markercluster refuses a map without its own maxZoom (no tiles: Leaflet says Infinity)
    offline = directory_mapping.base_map((46.6, 2.4), 5, tiles=mapping.NO_TILES)
    assert '"maxZoom": 18' in offline.get_root().render()


def test_the_map_layer_keeps_the_palette():
    data, categories = directory_mapping.layer_data(
        [entry(), replace(entry(2), category="ptce")], STYLES, {}
    )
    assert categories == {
        "cress": {"label": "CRESS", "colour": "#0072B2"},
        "ptce": {"label": "PTCE", "colour": "#009E73"},
    }
    assert [f["properties"]["c"] for f in data["features"]] == ["cress", "ptce"]
