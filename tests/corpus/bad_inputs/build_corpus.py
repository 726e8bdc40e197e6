"""Rebuild the bad-input corpora in this folder (deterministic; the files are committed).

    python tests/corpus/bad_inputs/build_corpus.py

One folder per input of the app, each with the files and a ``manifest.json`` saying, per file,
what it is (``what``), what the import must answer and whether it is stored gzipped (``gzip``:
the test inflates it first; used for the huge and repetitive files so that the repository
stays small):

- ``carnet_json/``: uploaded carnet files (``domain.carnet_io.parse_carnet_json``, the home
  page's import); ``code``: the ``ImportProblem`` code (locale key ``import.error.<code>``).
- ``actors_csv/``: uploaded actor lists (``domain.actors_import.import_actors_csv`` through
  ``components.actor_import.import_report``); ``code``: the whole-file problem
  (``actors_import.error.<code>``), or ``row_codes``: every row rejected, with these reason
  codes (``actors_import.reason.<code>``).
- ``geocoder_geojson/``: answers of the address service (GeoCodeJSON), served by a fake
  service on 127.0.0.1; ``problem``: the ``SearchResult.problem`` (locale key
  ``actors.search.degraded.<problem>``).
- ``map_files/``: uploaded maps (uMap, GeoJSON, KML) on the actors' import
  (``services.map_import.read_map_file`` through ``components.actor_import.import_report``);
  ``code``: the whole-file problem (``actors_import.error.<code>``), or ``row_codes``: every
  feature skipped, with these reason codes. The XML bombs are here (entity expansion, external
  entities, external DTD): they must be refused before anything expands or is fetched.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

EXAMPLE = (ROOT / "data" / "example-carnet.fr.json").read_text(encoding="utf-8")
MIN_CARNET = {"schema_version": 1, "project": {"name": "Projet"}}


def _example() -> dict:
    return json.loads(EXAMPLE)


def _dump(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _png() -> bytes:
    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(600))


class Folder:
    def __init__(self, name: str):
        self.path = HERE / name
        self.path.mkdir(exist_ok=True)
        for old in self.path.iterdir():
            old.unlink()
        self.manifest: dict[str, dict] = {}

    def add(self, name: str, data: bytes, what: str, *, gzipped: bool = False, **expect) -> None:
        if gzipped:
            name += ".gz"
            data = gzip.compress(data, compresslevel=9, mtime=0)
        (self.path / name).write_bytes(data)
        self.manifest[name] = {"what": what, **expect, **({"gzip": True} if gzipped else {})}

    def close(self) -> None:
        text = json.dumps(self.manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (self.path / "manifest.json").write_text(text, encoding="utf-8")


# ------------------------------------------------------------------------------- carnet JSON


def carnet_json() -> None:
    f = Folder("carnet_json")
    example = EXAMPLE.encode("utf-8")
    f.add("empty.json", b"", "a 0-byte file", code="empty")
    f.add("whitespace.json", b" \n\t\r\n  ", "only blanks", code="empty")
    cut = EXAMPLE[: len(EXAMPLE) * 3 // 5].encode("utf-8")
    f.add(
        "truncated.json", cut, "the example cut at 60 % (between two characters)", code="not_json"
    )
    inside = next(i for i in range(len(cut), len(example)) if example[i] >= 0xC0) + 1
    f.add(
        "truncated_mid_character.json",
        example[:inside],
        "the example cut inside a 2-byte UTF-8 character (reported as not UTF-8)",
        code="encoding",
    )
    f.add(
        "windows1252.json",
        EXAMPLE.encode("cp1252", errors="replace"),
        "the example saved as Windows-1252 (accents are not UTF-8)",
        code="encoding",
    )
    f.add(
        "utf16le_bom.json",
        codecs.BOM_UTF16_LE + EXAMPLE.encode("utf-16-le"),
        "the example saved as UTF-16 LE with its BOM",
        code="encoding",
    )
    f.add(
        "utf16be_bom.json",
        codecs.BOM_UTF16_BE + EXAMPLE.encode("utf-16-be"),
        "UTF-16 BE with its BOM",
        code="encoding",
    )
    f.add(
        "utf32_bom.json",
        codecs.BOM_UTF32_LE + EXAMPLE.encode("utf-32-le"),
        "UTF-32 LE with its BOM",
        code="encoding",
    )
    f.add(
        "double_bom.json",
        codecs.BOM_UTF8 * 2 + example,
        "two UTF-8 BOMs (one is accepted, the second is not JSON)",
        code="not_json",
    )
    f.add("binary.png", _png(), "a PNG picture chosen by mistake", code="encoding")
    f.add(
        "nul_bytes.json",
        example[:200] + b"\x00" * 64 + example[200:],
        "raw NUL bytes in the middle",
        code="not_json",
    )
    f.add(
        "control_chars.json",
        b'{"schema_version": 1, "project": {"name": "a\x01\x02\x1b[31m\x7fb"}}',
        "raw control characters inside a string (invalid JSON)",
        code="not_json",
    )
    f.add(
        "deeply_nested_arrays.json",
        b'{"schema_version": 1, "project": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "100,000 nested arrays (recursion bomb)",
        code="not_json",
        gzipped=True,
    )
    f.add(
        "deeply_nested_objects.json",
        b'{"schema_version": 1, "project": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_000 + b"}",
        "5,000 nested objects",
        code="not_json",
    )
    f.add("array.json", _dump([_example()]), "a list holding a carnet", code="not_object")
    f.add("null.json", b"null", "JSON null", code="not_object")
    f.add("string.json", b'"carnet"', "a JSON string", code="not_object")
    f.add(
        "other_app.json",
        _dump({"title": "Mon projet", "items": [1, 2, 3]}),
        "JSON from another application (wrong schema)",
        code="not_carnet",
    )
    f.add(
        "geojson_export.json",
        _dump({"type": "FeatureCollection", "features": []}),
        "the app's GeoJSON export uploaded as a carnet",
        code="not_carnet",
    )
    f.add(
        "wrong_types.json",
        _dump({"schema_version": 1, "project": "Projet", "actors": {}}),
        "right keys, wrong types",
        code="invalid",
    )
    f.add(
        "extra_field.json",
        _dump({**_example(), "is_admin": True}),
        "the example plus an unknown field",
        code="invalid",
    )
    f.add(
        "future_version.json",
        _dump({**_example(), "schema_version": 99}),
        "a carnet from a newer version of the app",
        code="future_version",
    )
    f.add(
        "version_string.json",
        _dump({**_example(), "schema_version": "1"}),
        "schema_version as a string",
        code="bad_version",
    )
    f.add(
        "version_bool.json",
        _dump({**_example(), "schema_version": True}),
        "schema_version true (a bool is not a version)",
        code="bad_version",
    )
    f.add(
        "version_zero.json",
        _dump({**_example(), "schema_version": 0}),
        "schema_version 0",
        code="bad_version",
    )
    f.add(
        "huge_integer.json",
        b'{"schema_version": 1, "project": {}, "n": 1' + b"0" * 5_000 + b"}",
        "an integer of 5,001 digits (Python refuses to convert more than 4,300)",
        code="not_json",
    )
    f.add(
        "infinite_latitude.json",
        _dump({**MIN_CARNET, "project": {"territory": {"lat": 1e400, "lon": 2.0}}}).replace(
            b"Infinity", b"1e400"
        ),
        "latitude 1e400 (read as infinity)",
        code="invalid",
    )
    f.add(
        "nan_latitude.json",
        b'{"schema_version": 1, "project": {"territory": {"lat": NaN, "lon": 2.0}}}',
        "latitude NaN",
        code="invalid",
    )
    actor = {"name": "CRESS", "category": "cress"}
    f.add(
        "javascript_website.json",
        _dump({**MIN_CARNET, "actors": [{**actor, "website": "javascript:alert(1)"}]}),
        "a javascript: URL as an actor's website",
        code="invalid",
    )
    f.add(
        "formula_website.json",
        _dump({**MIN_CARNET, "actors": [{**actor, "website": '=HYPERLINK("http://x.test","a")'}]}),
        "a spreadsheet formula as an actor's website",
        code="invalid",
    )
    f.add(
        "rtl_override_language.json",
        _dump({**MIN_CARNET, "language": "\u202efr"}),
        "the language hidden behind a right-to-left override (U+202E)",
        code="invalid",
    )
    f.add(
        "nul_only_name.json",
        b'{"schema_version": 1, "project": {}, "actors": '
        b'[{"name": "\\u0000\\u200b\\u202e", "category": "cress"}]}',
        "an actor name made only of NUL, zero-width and bidi characters (empty once cleaned)",
        code="invalid",
    )
    f.add(
        "lone_surrogate.json",
        b'{"schema_version": 1, "project": {"name": "a\\ud800b"}}',
        "a lone UTF-16 surrogate escaped in a name",
        code="invalid",
    )
    f.add(
        "too_many_actors.json",
        _dump({**MIN_CARNET, "actors": [{**actor, "name": f"A{i}"} for i in range(5_001)]}),
        "5,001 actors (the limit is 5,000)",
        code="invalid",
        gzipped=True,
    )
    f.add(
        "repeated_name.json",
        b'{"schema_version": 1, "project": {"name": "' + b"A" * 4_900_000 + b'"}}',
        "a name of 4.9 million characters (zip-bomb-like repetition, under 5 MB)",
        code="invalid",
        gzipped=True,
    )
    f.add(
        "too_large.json",
        b'{"schema_version": 1, "project": {"name": "' + b"A" * (81 * 1024 * 1024) + b'"}}',
        "81 MB (the limit is 80 MB)",
        code="too_large",
        gzipped=True,
    )
    f.add(
        "html_page.json",
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        "an HTML page saved as .json",
        code="not_json",
    )
    f.add(
        "actors_csv.json",
        "nom;catégorie\nCRESS;cress\n".encode(),
        "an actors CSV uploaded as a carnet",
        code="not_json",
    )
    f.close()


# ------------------------------------------------------------------------------- actors CSV


HEADER = "nom;catégorie;commune;latitude;longitude;site web\r\n"


def actors_csv() -> None:
    f = Folder("actors_csv")
    good_row = "CRESS Île-de-France;CRESS;Paris;48,85;2,35;https://www.cressidf.org\r\n"
    f.add("empty.csv", b"", "a 0-byte file", code="empty")
    f.add("separators_only.csv", b";;;;;\r\n;;;;;\r\n", "only separators", code="empty")
    f.add("header_only.csv", HEADER.encode(), "the header and no row", code="no_rows")
    f.add("truncated_header.csv", b"no", "cut in the first word of the header", code="no_header")
    f.add(
        "truncated_quote.csv",
        (HEADER + '"Association des hab').encode(),
        "cut inside a quoted name: no category",
        row_codes=["missing_category"],
    )
    f.add("binary.png", _png(), "a PNG picture", code="not_csv")
    f.add(
        "spreadsheet.xlsx.csv",
        b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 200,
        "an .xlsx workbook renamed .csv",
        code="spreadsheet_file",
    )
    f.add(
        "spreadsheet.xls.csv",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200,
        "an old .xls workbook renamed .csv",
        code="spreadsheet_file",
    )
    f.add(
        "document.pdf.csv",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        "a PDF renamed .csv",
        code="not_csv",
    )
    f.add(
        "bom_then_invalid_utf8.csv",
        codecs.BOM_UTF8 + HEADER.encode() + b"\xff\xfe\xfa;cress\r\n",
        "a UTF-8 BOM followed by bytes that are not UTF-8",
        code="undecodable",
    )
    f.add(
        "utf16_odd_length.csv",
        codecs.BOM_UTF16_LE + HEADER.encode("utf-16-le") + b"\x41",
        "UTF-16 with a BOM and an odd number of bytes (truncated)",
        code="undecodable",
    )
    f.add(
        "utf32_bom.csv",
        codecs.BOM_UTF32_LE + (HEADER + good_row).encode("utf-32-le"),
        "UTF-32 with a BOM (not a spreadsheet export format)",
        code="not_csv",
    )
    f.add(
        "nul_bytes.csv",
        (HEADER + good_row).encode() + b"\x00" * 200,
        "NUL bytes (a binary file)",
        code="not_csv",
    )
    f.add(
        "control_chars.csv",
        (HEADER + good_row).encode() + b"\x01\x02\x1b\x7f\x08" * 40,
        "many control characters",
        code="not_csv",
    )
    f.add(
        "too_many_rows.csv",
        (HEADER + good_row * 2_001).encode(),
        "2,001 rows (the limit is 2,000)",
        code="too_many_rows",
        gzipped=True,
    )
    f.add(
        "repetition_bomb.csv",
        (HEADER + good_row * 25_000).encode(),
        "one row repeated 25,000 times (1.8 MB, under the size limit)",
        code="too_many_rows",
        gzipped=True,
    )
    f.add(
        "giant_cell.csv",
        (HEADER + 'CRESS;cress;"' + "A" * 1_500_000 + '";;;\r\n').encode(),
        "one quoted cell of 1.5 million characters",
        code="not_csv",
        gzipped=True,
    )
    f.add(
        "too_large.csv",
        (HEADER + good_row * 40_000).encode(),
        "2.6 MB (the limit is 2 MB)",
        code="too_large",
        gzipped=True,
    )
    f.add(
        "no_name_column.csv",
        b"categorie;commune\r\ncress;Paris\r\n",
        "no name column",
        code="no_name_column",
    )
    f.add(
        "no_category_column.csv",
        b"nom;commune\r\nCRESS;Paris\r\n",
        "no category column",
        code="no_category_column",
    )
    f.add(
        "unknown_header.csv",
        b"foo;bar;baz\r\n1;2;3\r\n",
        "a header the app does not know",
        code="no_header",
    )
    f.add("carnet_json.csv", EXAMPLE.encode(), "a carnet JSON uploaded as a CSV", code="no_header")
    f.add(
        "html_page.csv",
        b"<html><body><table><tr><td>nom</td></tr></table></body></html>\n",
        "an HTML page",
        code="no_header",
    )
    f.add(
        "rtl_header.csv",
        "اسم;קטגוריה\r\nא;ب\r\n".encode(),
        "Arabic and Hebrew column names",
        code="no_header",
    )
    f.add(
        "formula_injection.csv",
        (
            HEADER
            + '=HYPERLINK("http://evil.test","clic");=1+1;Paris;=2;=3;\r\n'
            + "@SUM(A1:A9);+cmd|' /C calc'!A0;Paris;-2+3;2;\r\n"
            + "\tCRESS;-cmd;Paris;48,8;\t=1;\r\n"
        ).encode(),
        "spreadsheet formulas in the category and coordinate columns",
        row_codes=["unknown_category"],
    )
    f.add(
        "rtl_and_controls.csv",
        (
            HEADER + "\u202egnp.exe;\u202esserc\u202c\u200b;Paris;;;\r\n" + "مركز;مؤسسة;;;;\r\n"
        ).encode(),
        "a category that shows as « cress » behind a right-to-left override (it is « sserc »), "
        "and Arabic text as a category",
        row_codes=["unknown_category"],
    )
    f.add(
        "coordinates_out_of_range.csv",
        (HEADER + "A;cress;Paris;91;2;\r\nB;cress;Paris;48;181;\r\nC;cress;;48,8;;\r\n").encode(),
        "latitude 91, longitude 181, a latitude alone",
        row_codes=["lat_out_of_range", "lon_out_of_range", "incomplete_coordinates"],
    )
    f.add(
        "missing_values.csv",
        (HEADER + ";cress;Paris;;;\r\nB;;Paris;;;\r\n").encode(),
        "a row without name, a row without category",
        row_codes=["missing_name", "missing_category"],
    )
    f.add(
        "too_long_name.csv",
        (HEADER + "N" * 151 + ";cress;Paris;;;\r\n").encode(),
        "a name of 151 characters (the limit is 150)",
        row_codes=["too_long"],
    )
    f.close()


# ------------------------------------------------------------------------ geocoder GeoJSON


def _feature(lon: object, lat: object, label: object = "Pipriac") -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"label": label, "city": "Pipriac", "postcode": "35550", "score": 0.9},
    }


def geocoder_geojson() -> None:
    f = Folder("geocoder_geojson")
    valid = _dump({"type": "FeatureCollection", "features": [_feature(-1.94, 47.81)]})
    f.add("empty.json", b"", "an empty body", problem="bad_response")
    f.add("truncated.json", valid[: len(valid) // 2], "a body cut in half", problem="bad_response")
    f.add(
        "html_error_page.json",
        b"<html><body><h1>502 Bad Gateway</h1></body></html>",
        "a proxy's HTML page with status 200",
        problem="bad_response",
    )
    f.add("binary.png", _png(), "a picture instead of JSON", problem="bad_response")
    f.add("array.json", b"[]", "a JSON list", problem="bad_response")
    f.add(
        "features_not_a_list.json",
        _dump({"type": "FeatureCollection", "features": {}}),
        "features is an object",
        problem="bad_response",
    )
    f.add(
        "single_feature.json",
        _dump(_feature(-1.94, 47.81)),
        "one Feature instead of a FeatureCollection",
        problem="bad_response",
    )
    f.add(
        "unusable_features.json",
        _dump(
            {
                "type": "FeatureCollection",
                "features": [
                    _feature("-1.94", "47.81"),
                    _feature(-1.94, 147.81),
                    _feature(-181, 47.81),
                    _feature(None, None),
                    {"type": "Feature"},
                    "Feature",
                    _feature(-1.94, 47.81, label=""),
                    _feature(-1.94, 47.81, label={"fr": "x"}),
                    _feature(True, False),
                ],
            }
        ),
        "features with string, out-of-range, missing or boolean coordinates, no label",
        problem="bad_response",
    )
    f.add(
        "nan_coordinates.json",
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
        b'{"type": "Point", "coordinates": [NaN, Infinity]}, "properties": {"label": "x"}}]}',
        "NaN and Infinity coordinates",
        problem="bad_response",
    )
    f.add(
        "deeply_nested.json",
        b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "100,000 nested arrays (recursion bomb)",
        problem="bad_response",
        gzipped=True,
    )
    f.add(
        "huge_integer.json",
        b'{"type": "FeatureCollection", "features": [], "n": 1' + b"0" * 5_000 + b"}",
        "an integer of 5,001 digits",
        problem="bad_response",
    )
    f.add(
        "nul_bytes.json",
        valid[:40] + b"\x00" * 32 + valid[40:],
        "raw NUL bytes",
        problem="bad_response",
    )
    f.add(
        "windows1252.json",
        '{"type": "FeatureCollection", "features": [], "x": "Â«Ã©»"}'.encode("cp1252")
        + b"\x81\x8d",
        "bytes that no encoding reads as JSON",
        problem="bad_response",
    )
    f.close()


# ------------------------------------------------------------------- map files (uMap, KML)

KML_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'
KML_NS = b'<kml xmlns="http://www.opengis.net/kml/2.2">'


def _kml(placemarks: str, *, prologue: bytes = b"") -> bytes:
    body = (
        f"<Document><name>Carte</name><Folder><name>Acteurs</name>{placemarks}</Folder></Document>"
    )
    return KML_HEAD + prologue + KML_NS + body.encode("utf-8") + b"</kml>\n"


def _placemark(name: str, geometry: str) -> str:
    return f"<Placemark><name>{name}</name>{geometry}</Placemark>"


def _point_feature(lon: object, lat: object, name: object = "Acteur") -> dict:
    return {
        "type": "Feature",
        "properties": {"name": name},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def _collection(*features: dict, umap: bool = False) -> dict:
    layer: dict = {"type": "FeatureCollection", "features": list(features)}
    if umap:
        layer["_umap_options"] = {"name": "Acteurs", "displayOnLoad": True}
    return layer


def _zip(files: dict[str, bytes]) -> bytes:
    """A zip archive, deterministic (fixed dates), deflated at the highest level."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in files.items():
            z.writestr(
                zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
                compresslevel=9,
            )
    return buffer.getvalue()


def map_files() -> None:
    f = Folder("map_files")
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    f.add(
        "billion_laughs.kml",
        _kml(
            _placemark("&lol9;", "<Point><coordinates>2.35,48.85</coordinates></Point>"),
            prologue=("<!DOCTYPE kml [" + "".join(lol) + "]>\n").encode(),
        ),
        "entity expansion bomb (« billion laughs »): 10^9 « lol » if expanded",
        code="xml_forbidden",
    )
    f.add(
        "external_entity.kml",
        _kml(
            _placemark("&xxe;", "<Point><coordinates>2.35,48.85</coordinates></Point>"),
            prologue=b'<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        ),
        "an external entity reading /etc/passwd (XXE)",
        code="xml_forbidden",
    )
    f.add(
        "external_dtd.kml",
        _kml(
            _placemark("A", "<Point><coordinates>2.35,48.85</coordinates></Point>"),
            prologue=b'<!DOCTYPE kml SYSTEM "http://127.0.0.1:9/evil.dtd">\n',
        ),
        "an external DTD on the network",
        code="xml_forbidden",
    )
    whole = _kml(_placemark("A", "<Point><coordinates>2.35,48.85</coordinates></Point>"))
    f.add("truncated.kml", whole[: len(whole) // 2], "a KML cut in the middle", code="not_xml")
    f.add(
        "svg_picture.kml",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>',
        "an SVG picture named .kml",
        code="not_kml",
    )
    f.add(
        "kmz_archive.kml",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)),
        "a KMZ (zip) renamed .kml",
        code="kmz_file",
    )
    f.add("binary.kml", _png(), "a PNG picture renamed .kml", code="not_map_file")
    f.add(
        "zip_bomb.kmz",
        _zip({"doc.kml": KML_HEAD + KML_NS + b" " * 60_000_000 + b"</kml>"}),
        "a KMZ whose doc.kml inflates to 60 MB (zip bomb)",
        code="too_large",
    )
    f.add(
        "kmz_without_kml.kmz",
        _zip({"images/icon.png": _png(), "lisez-moi.txt": b"carte"}),
        "a KMZ (zip) with no KML inside",
        code="kmz_file",
    )
    f.add(
        "deeply_nested.kml",
        KML_HEAD
        + KML_NS
        + b"<Document>"
        + b"<Folder>" * 5_000
        + _placemark("A", "<Point><coordinates>2.35,48.85</coordinates></Point>").encode()
        + b"</Folder>" * 5_000
        + b"</Document></kml>",
        "5,000 nested folders (recursion bomb)",
        code="not_kml",
        gzipped=True,
    )
    f.add("empty.geojson", b"", "a 0-byte file", code="empty")
    f.add(
        "polygons_and_lines.kml",
        _kml(
            _placemark(
                "Zone",
                "<Polygon><outerBoundaryIs><LinearRing><coordinates>2,48 3,48 3,49 2,48"
                "</coordinates></LinearRing></outerBoundaryIs></Polygon>",
            )
            + _placemark("Route", "<LineString><coordinates>2,48 3,49</coordinates></LineString>")
        ),
        "a polygon and a line, no point",
        row_codes=["not_a_point"],
    )
    f.add(
        "bad_coordinates.kml",
        _kml(
            _placemark("Texte", "<Point><coordinates>abc,def</coordinates></Point>")
            + _placemark("Hors limites", "<Point><coordinates>200,95</coordinates></Point>")
            + _placemark("Sans position", "")
        ),
        "text coordinates, out-of-range ones, a placemark without geometry",
        row_codes=["invalid_coordinates", "lat_out_of_range", "no_geometry"],
    )
    f.add(
        "lines_only.umap",
        _dump(
            {
                "type": "umap",
                "properties": {"name": "Carte"},
                "layers": [
                    _collection(
                        {
                            "type": "Feature",
                            "properties": {"name": "Tracé"},
                            "geometry": {"type": "LineString", "coordinates": [[2, 48], [3, 49]]},
                        },
                        {
                            "type": "Feature",
                            "properties": {"name": "Plusieurs"},
                            "geometry": {"type": "MultiPoint", "coordinates": [[2, 48]]},
                        },
                        umap=True,
                    )
                ],
            }
        ),
        "a uMap export with a line and a multipoint only",
        row_codes=["not_a_point"],
    )
    f.add(
        "bad_coordinates.geojson",
        b'{"type": "FeatureCollection", "features": ['
        + b", ".join(
            json.dumps(feature).encode()
            for feature in (
                _point_feature("x", "y"),
                _point_feature(2.35, 95),
                _point_feature(181, 48),
                _point_feature(None, None),
                _point_feature(True, False),
                {"type": "Feature", "properties": {"name": "Vide"}, "geometry": None},
                {
                    "type": "Feature",
                    "properties": {"name": "Court"},
                    "geometry": {"type": "Point", "coordinates": [2.35]},
                },
            )
        )
        + b', {"type": "Feature", "properties": {"name": "NaN"}, "geometry": '
        b'{"type": "Point", "coordinates": [NaN, Infinity]}}]}',
        "text, out-of-range, null, boolean, NaN and too short coordinates, a null geometry",
        row_codes=["invalid_coordinates", "lat_out_of_range", "lon_out_of_range", "no_geometry"],
    )
    f.add(
        "missing_names.geojson",
        _dump(_collection(_point_feature(2.35, 48.85, ""), _point_feature(2.3, 48.8, None))),
        "points without a name",
        row_codes=["missing_name"],
    )
    f.add(
        "too_long_name.geojson",
        _dump(_collection(_point_feature(2.35, 48.85, "N" * 5_000))),
        "a name of 5,000 characters",
        row_codes=["too_long"],
    )
    f.add(
        "not_a_map.json",
        _dump({"nom": "Acteur", "latitude": 48.8}),
        "a JSON object that is not GeoJSON",
        code="not_geojson",
    )
    f.add("carnet.json", EXAMPLE.encode("utf-8"), "a carnet file", code="not_geojson")
    f.add("array.geojson", b"[1, 2, 3]", "a JSON array", code="not_geojson")
    cut = _dump(_collection(_point_feature(2.35, 48.85)))
    f.add("truncated.geojson", cut[: len(cut) // 2], "a GeoJSON cut in the middle", code="not_json")
    f.add(
        "deeply_nested.geojson",
        b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "100,000 nested arrays (recursion bomb)",
        code="not_json",
        gzipped=True,
    )
    f.add(
        "windows1252.geojson",
        '{"type": "FeatureCollection", "features": [], "x": "Café"}'.encode("cp1252"),
        "Windows-1252 bytes (not UTF-8)",
        code="undecodable",
    )
    f.add(
        "no_features.umap",
        _dump({"type": "umap", "properties": {"name": "Vide"}, "layers": [_collection(umap=True)]}),
        "a uMap export whose layers are empty",
        code="no_features",
    )
    many = _collection(*(_point_feature(2 + i / 10_000, 48, f"A{i}") for i in range(2_001)))
    f.add(
        "too_many_features.geojson",
        _dump(many),
        "2,001 points (the import takes 2,000 at most, like the CSV)",
        code="too_many_rows",
        gzipped=True,
    )
    padding = " " * (2 * 1024 * 1024)
    f.add(
        "too_large.geojson",
        b'{"type": "FeatureCollection", "features": []' + padding.encode() + b"}",
        "a file over 2 MB",
        code="too_large",
        gzipped=True,
    )
    f.close()


if __name__ == "__main__":
    carnet_json()
    actors_csv()
    geocoder_geojson()
    map_files()
    for folder in ("carnet_json", "actors_csv", "geocoder_geojson", "map_files"):
        files = sorted(p.name for p in (HERE / folder).iterdir() if p.name != "manifest.json")
        size = sum((HERE / folder / name).stat().st_size for name in files)
        print(f"{folder}: {len(files)} files, {size / 1024:.0f} KiB")
