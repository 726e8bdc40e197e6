"""Reading map files learners bring from other tools: uMap, GeoJSON, KML (Google My Maps).

Only the reading lives here (bytes → ``MapFeature`` records, or ``GeoFileProblem``); what becomes
an actor, and why a feature is skipped, is decided by ``domain.geo_import`` (pure).

- **uMap**: a map export (``.umap``: JSON with ``"type": "umap"`` and ``layers``, each a
  FeatureCollection with ``_umap_options``: its ``name`` is the layer name, its ``labelKey`` the
  property holding the features' names) or a layer export (a FeatureCollection with
  ``_umap_options``).
- **GeoJSON** from any tool (geojson.io, QGIS...): a FeatureCollection, a Feature, or a bare
  geometry. Properties are kept as text.
- **KML** (Google My Maps: Document → Folder(s) → Placemark with name, description,
  ExtendedData, Point), also inside a **KMZ** (My Maps' default download: a zip with
  ``doc.kml``): parsed by **fastkml** on an element tree built by **defusedxml**, which
  refuses any DTD, so entity bombs (« billion laughs ») and external entities never expand. The
  folder a placemark sits in is its layer name.

Limits match the CSV import (``domain.actors_import``): at most ``MAX_FILE_BYTES`` and
``MAX_ROWS`` features; JSON nesting is bounded so a deeply nested file is refused quickly.
"""

from __future__ import annotations

import io
import json
import logging
import math
import warnings
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeElementTree

from domain.actors_import import MAX_FILE_BYTES, MAX_ROWS, ActorsImportProblem
from domain.geo_import import MapFeature
from domain.json_file import JsonFileProblem, load_json

with warnings.catch_warnings():  # without lxml, fastkml warns that pretty-printing is off
    warnings.simplefilter("ignore")
    from fastkml import config as kml_config
    from fastkml import kml as fastkml

logging.getLogger("fastkml").setLevel(logging.CRITICAL)  # bad coordinates are reported by us

__all__ = ["FORMATS", "GeoFileProblem", "read_geo_file"]

FORMATS = ("umap", "geojson", "kml")
MAX_JSON_DEPTH = 64
_VALUE_CHARS = 5_000  # a property value kept as text (longer ones are cut; limits come later)


class GeoFileProblem(ActorsImportProblem):
    """The whole file cannot be read; ``code`` names the message ``actors_import.error.<code>``
    (the CSV import's problem, so both imports report alike)."""


# ------------------------------------------------------------------------------------- sniff


def _sniff(data: bytes) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"<"):
        return "xml"
    if head.startswith(b"PK\x03\x04"):
        return "kmz"
    raise GeoFileProblem("not_map_file")


MAX_KMZ_ENTRIES = 200


def _unzip_kml(data: bytes) -> bytes:
    """The KML inside a KMZ (Google My Maps' default export: a zip holding ``doc.kml`` and its
    icons). The KML is read at most ``MAX_FILE_BYTES`` (+1) bytes, whatever the archive
    declares, so a « zip bomb » stops there."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_KMZ_ENTRIES:
                raise GeoFileProblem("kmz_file")
            kml = [e for e in entries if e.filename.lower().endswith(".kml") and not e.is_dir()]
            if not kml:
                raise GeoFileProblem("kmz_file")
            chosen = next((e for e in kml if e.filename.lower() == "doc.kml"), kml[0])
            with archive.open(chosen) as stream:
                inner = stream.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        raise GeoFileProblem("kmz_file") from None
    except RuntimeError:  # an encrypted entry
        raise GeoFileProblem("kmz_file") from None
    if len(inner) > MAX_FILE_BYTES:
        raise GeoFileProblem("too_large", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    return inner


def read_geo_file(data: bytes) -> tuple[str, list[MapFeature]]:
    """(format, features) of a uMap, GeoJSON or KML file; ``GeoFileProblem`` otherwise."""
    data = bytes(data)
    if len(data) > MAX_FILE_BYTES:
        raise GeoFileProblem("too_large", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise GeoFileProblem("empty")
    kind = _sniff(data)
    if kind == "kmz":
        data = _unzip_kml(data)
        if not data.strip():
            raise GeoFileProblem("empty")
        kind = "xml"
    if kind == "json":
        fmt, features = _read_json(data)
    else:
        fmt, features = "kml", _read_kml(data)
    if not features:
        raise GeoFileProblem("no_features")
    return fmt, features


# -------------------------------------------------------------------------------------- JSON


def _depth_ok(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool | int | float):
        text = json.dumps(value)
    else:
        return ""  # nested objects (styles, options) are not actor data
    return text[:_VALUE_CHARS]


def _read_json(data: bytes) -> tuple[str, list[MapFeature]]:
    try:
        document = load_json(data)
    except JsonFileProblem as problem:
        raise GeoFileProblem("undecodable" if problem.kind == "encoding" else "not_json") from None
    if not _depth_ok(document):
        raise GeoFileProblem("not_json")
    if not isinstance(document, dict):
        raise GeoFileProblem("not_geojson")
    kind = document.get("type")
    if kind == "umap":
        layers = document.get("layers")
        if not isinstance(layers, list):
            raise GeoFileProblem("not_geojson")
        fmt = "umap"
    elif kind == "FeatureCollection":
        layers = [document]
        fmt = "umap" if isinstance(document.get("_umap_options"), dict) else "geojson"
    elif kind == "Feature" or kind in _GEOMETRY_TYPES:
        layers = [{"type": "FeatureCollection", "features": [document]}]
        fmt = "geojson"
    else:
        raise GeoFileProblem("not_geojson")
    features: list[MapFeature] = []
    for layer in layers:
        for feature in _layer_features(layer, start=len(features) + 1):
            features.append(feature)
            if len(features) > MAX_ROWS:
                raise GeoFileProblem("too_many_rows", max=MAX_ROWS, count=_count(layers))
    return fmt, features


_GEOMETRY_TYPES = {
    "Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
    "GeometryCollection",
}  # fmt: skip


def _count(layers: list[Any]) -> int:
    return sum(
        len(layer.get("features") or [])
        for layer in layers
        if isinstance(layer, dict) and isinstance(layer.get("features"), list)
    )


def _layer_features(layer: Any, start: int) -> Iterator[MapFeature]:
    if not isinstance(layer, dict) or not isinstance(layer.get("features"), list):
        raise GeoFileProblem("not_geojson")
    raw_options = layer.get("_umap_options")
    options: dict[str, Any] = raw_options if isinstance(raw_options, dict) else {}
    layer_name = _text(options.get("name"))
    label_key = _text(options.get("labelKey"))
    for offset, feature in enumerate(layer["features"]):
        number = start + offset
        if isinstance(feature, dict) and feature.get("type") in _GEOMETRY_TYPES:
            feature = {"type": "Feature", "geometry": feature, "properties": {}}
        if not isinstance(feature, dict):
            yield MapFeature(number, layer_name, invalid_geometry=True)
            continue
        raw_properties = feature.get("properties")
        properties = raw_properties if isinstance(raw_properties, dict) else {}
        texts = {
            str(k)[:100]: _text(v) for k, v in properties.items() if not str(k).startswith("_")
        }
        name = texts.pop("name", "")
        if not name and label_key:
            name = texts.get(label_key, "")
        description = texts.pop("description", "")
        geometry = feature.get("geometry")
        kind, coordinates, invalid = None, None, False
        if isinstance(geometry, dict):
            kind = geometry.get("type") if isinstance(geometry.get("type"), str) else None
            if kind == "Point":
                raw = geometry.get("coordinates")
                if isinstance(raw, list) and len(raw) >= 2:
                    coordinates = tuple(raw[:3])
                else:
                    invalid = True
            elif kind not in _GEOMETRY_TYPES:
                kind, invalid = None, True
        elif geometry is not None:
            invalid = True
        yield MapFeature(
            number=number,
            layer=layer_name,
            name=name,
            description=description,
            properties=texts,
            geometry=kind,
            coordinates=coordinates,
            invalid_geometry=invalid,
        )


# --------------------------------------------------------------------------------------- KML


def _read_kml(data: bytes) -> list[MapFeature]:
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise GeoFileProblem("xml_forbidden") from None
    except (ParseError, ValueError, LookupError):
        raise GeoFileProblem("not_xml") from None
    if not isinstance(root.tag, str) or not root.tag.endswith("kml"):
        raise GeoFileProblem("not_kml")
    ns = root.tag[:-3]
    name_spaces = {**kml_config.NAME_SPACES, **({"kml": ns} if ns else {})}
    try:
        document = fastkml.KML.class_from_element(
            ns=ns, name_spaces=name_spaces, strict=False, element=root
        )
    except Exception:  # fastkml's own errors on a malformed document: refuse the file
        raise GeoFileProblem("not_kml") from None
    features: list[MapFeature] = []
    for layer, placemark in _placemarks(document, ""):
        features.append(_placemark(len(features) + 1, layer, placemark))
        if len(features) > MAX_ROWS:
            raise GeoFileProblem("too_many_rows", max=MAX_ROWS, count=len(features))
    return features


class _TextOf(HTMLParser):
    """The text of an HTML fragment (Google My Maps writes descriptions in HTML: ``<br>``...)."""

    BREAKS = frozenset({"br", "p", "div", "li", "tr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _plain(text: str) -> str:
    """A KML description as text: its HTML markup (if any) dropped, line breaks kept."""
    if "<" not in text:
        return text
    parser = _TextOf()
    parser.feed(text)
    parser.close()
    return "\n".join(line.strip() for line in "".join(parser.parts).split("\n")).strip()


def _placemarks(container: Any, layer: str) -> Iterator[tuple[str, Any]]:
    for child in getattr(container, "features", None) or []:
        if type(child).__name__ == "Placemark":
            yield layer, child
        elif type(child).__name__ in {"Folder", "Document"}:
            inner = child.name if type(child).__name__ == "Folder" and child.name else layer
            yield from _placemarks(child, inner)


def _placemark(number: int, layer: str, placemark: Any) -> MapFeature:
    properties: dict[str, str] = {}
    extended = getattr(placemark, "extended_data", None)
    for element in getattr(extended, "elements", None) or []:
        name = getattr(element, "name", None)
        if name and hasattr(element, "value"):
            properties[str(name)[:100]] = _text(element.value)
        for item in getattr(element, "data", None) or []:  # SchemaData → SimpleData
            if getattr(item, "name", None):
                properties[str(item.name)[:100]] = _text(item.value)
    geometry = placemark.geometry
    kind = type(geometry).__name__ if geometry is not None else None
    coordinates = None
    if kind == "Point":
        coordinates = tuple(geometry.coords[0])
        if not all(math.isfinite(c) for c in coordinates):
            coordinates, kind = None, None
    invalid = geometry is None and getattr(placemark, "kml_geometry", None) is not None
    return MapFeature(
        number=number,
        layer=_text(layer),
        name=_text(placemark.name),
        description=_plain(_text(placemark.description)),
        properties=properties,
        geometry=kind,
        coordinates=coordinates,
        invalid_geometry=invalid,
    )
