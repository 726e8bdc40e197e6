"""Import actors from a CSV file exported by a spreadsheet (Excel, LibreOffice, Google Sheets).

Pure Python (this module must never import streamlit) and offline: communes are looked up in the
gazetteer passed in, never on the network.

* Encodings: UTF-8 with or without BOM, UTF-16 with BOM (Excel's « texte Unicode »), else
  Windows-1252 (Excel FR's default, a superset of Latin-1 for text).
* Separators: ``;`` (Excel FR), ``,`` and tab, guessed by csv.Sniffer and checked against the
  header (the separator that recognises the most column names wins). An Excel ``sep=;`` first
  line is honoured.
* Headers in French or English, case-, accent- and punctuation-insensitive, with aliases
  (see ``HEADER_ALIASES``); unknown columns are ignored and listed in the report.
* Rows: line numbers are the spreadsheet's (header = line 1). A row is rejected (reason codes,
  translated by the UI with ``actors_import.reason.<code>``) for a missing name, a missing or
  unknown category, bad or half coordinates, text over the model limits; it is imported with a
  warning when it cannot be placed (« à placer »: lat/lon None), when its status or website is
  unusable, or when it repeats an earlier line. Whole-file problems raise
  ``ActorsImportProblem`` (``actors_import.error.<code>``).

Text stays text: a name such as ``=HYPERLINK(...)`` or ``<script>`` is imported as typed (the
model cleans control characters); escaping is the job of the exports and views.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from domain.actors import parse_coordinate
from domain.gazetteer import normalize as normalize_place
from domain.models import MAX_LINE, MAX_NOTE, MAX_SHORT, Actor, ContactStatus
from domain.text import clean_text, csv_cell, fold, shorten

__all__ = [
    "FIELDS",
    "HEADER_ALIASES",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ActorsImportProblem",
    "ImportReport",
    "Reason",
    "RowResult",
    "actors_csv_template",
    "category_matcher",
    "field_for_header",
    "import_actors_csv",
]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
_MAX_PARAM = 60  # characters of a learner value echoed in a message

FIELDS = (
    "name", "category", "address", "commune", "postcode", "lat", "lon",
    "website", "contact_person", "notes", "status",
)  # fmt: skip

# Header aliases, compared after fold() (lower case, no accents, punctuation → one space).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "nom de l acteur", "nom de la structure", "structure",
             "organisation", "organization", "acteur", "actor", "raison sociale"),
    "category": ("category", "categorie", "type", "type d acteur", "actor type"),
    "address": ("address", "adresse", "adresse postale", "street address", "rue"),
    "commune": ("commune", "ville", "city", "town", "localite", "municipality"),
    "postcode": ("postcode", "post code", "postal code", "code postal", "codepostal", "cp",
                 "zip", "zip code", "zipcode"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "long", "longitude"),
    "website": ("website", "web site", "site", "site web", "site internet", "url", "web",
                "lien", "link"),
    "contact_person": ("contact", "contact person", "contact name", "personne contact",
                       "personne de contact", "personne a contacter", "interlocuteur",
                       "interlocutrice", "referent", "referente"),
    "notes": ("notes", "note", "remarques", "remarque", "commentaire", "commentaires",
              "comment", "comments"),
    "status": ("status", "statut", "etat", "state", "suivi"),
}  # fmt: skip

_STATUS_ALIASES: dict[ContactStatus, tuple[str, ...]] = {
    ContactStatus.IDENTIFIED: ("identified", "identifie", "identifiee", "a contacter",
                               "to contact", "repere", "reperee"),
    ContactStatus.CONTACTED: ("contacted", "contacte", "contactee"),
    ContactStatus.MET: ("met", "rencontre", "rencontree"),
    ContactStatus.PRESENTED: ("presented", "presente", "presentee", "projet presente",
                              "project presented"),
}  # fmt: skip

_TEXT_LIMITS = {
    "name": MAX_SHORT,
    "address": MAX_LINE,
    "commune": MAX_SHORT,
    "website": MAX_LINE,
    "contact_person": MAX_SHORT,
    "notes": MAX_NOTE,
}

# Files that are not CSV text, recognised by their first bytes.
_SPREADSHEET_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # xlsx/ods, xls
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b", b"BM", b"RIFF",
    b"\x7fELF", b"MZ", b"Rar!", b"7z\xbc\xaf", b"\x00\x00\x01\x00",
)  # fmt: skip

RowStatus = Literal["imported", "warning", "rejected"]

# Reason codes by severity (the locale files hold one actors_import.reason.<code> per code).
ERROR_CODES = (
    "missing_name", "missing_category", "unknown_category", "invalid_number",
    "lat_out_of_range", "lon_out_of_range", "incomplete_coordinates", "too_long",
    "invalid_value",
)  # fmt: skip
WARNING_CODES = (
    "not_located", "commune_not_found", "commune_ambiguous", "postcode_mismatch",
    "unknown_status", "invalid_website", "duplicate_in_file",
)  # fmt: skip
INFO_CODES = ("located_from_commune",)
FILE_ERROR_CODES = (
    "empty", "too_large", "not_csv", "spreadsheet_file", "undecodable", "no_header",
    "no_name_column", "no_category_column", "no_rows", "too_many_rows",
)  # fmt: skip


# --------------------------------------------------------------------------- results


class ActorsImportProblem(Exception):
    """The whole file cannot be imported; ``code`` is one of FILE_ERROR_CODES."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code if not params else f"{code} {params}")
        self.code = code
        self.params = params

    @property
    def key(self) -> str:
        return f"actors_import.error.{self.code}"


@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"actors_import.reason.{self.code}"


@dataclass(frozen=True)
class RowResult:
    """One data line of the file. ``reasons``: errors if rejected, else warnings then infos."""

    line: int  # as the spreadsheet shows it: the header is line 1
    status: RowStatus
    reasons: tuple[Reason, ...] = ()
    name: str = ""  # cleaned, for display (escape it on output)
    actor_id: str | None = None  # the imported actor, when not rejected

    @property
    def reason(self) -> str | None:
        """The main reason code (None for a plain import)."""
        return self.reasons[0].code if self.reasons else None

    @property
    def params(self) -> Mapping[str, Any]:
        return self.reasons[0].params if self.reasons else {}


class RowCounts:
    """How many rows of an import's report are in each status (spreadsheet and map files)."""

    rows: list[RowResult]

    def count(self, status: RowStatus) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def rejected(self) -> int:
        return self.count("rejected")

    @property
    def warnings(self) -> int:
        return self.count("warning")


@dataclass
class ImportReport(RowCounts):
    actors: list[Actor]
    rows: list[RowResult]
    columns: dict[str, str] = field(default_factory=dict)  # field → header as written
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""

    @property
    def imported(self) -> int:
        """Actors imported, with or without warnings."""
        return len(self.actors)


# --------------------------------------------------------------------------- helpers


_HEADER_INDEX = {alias: name for name, aliases in HEADER_ALIASES.items() for alias in aliases}
_STATUS_INDEX = {alias: status for status, aliases in _STATUS_ALIASES.items() for alias in aliases}
_STATUS_INDEX.update({status.value: status for status in ContactStatus})


def _shown(value: str) -> str:
    """A learner value echoed in a message: cleaned and cut (escaping is the UI's job)."""
    return shorten(clean_text(value), _MAX_PARAM)


def _labels(value: str | Sequence[str] | Mapping[str, str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):  # a {"fr": ..., "en": ...} label from the catalogue
        value = list(value.values())
    return [label for label in value if isinstance(label, str)]


def _category_index(categories: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """folded id or label → id. Ids win over labels; the first category wins a shared label."""
    index: dict[str, str] = {}
    for category_id in categories:
        index.setdefault(fold(category_id), category_id)
    for category_id, labels in categories.items():
        for label in _labels(labels):
            if fold(label):
                index.setdefault(fold(label), category_id)
    return index


def category_matcher(categories: Mapping[str, Sequence[str]]) -> Callable[[str], str | None]:
    """The CSV import's category matching, for other importers (``domain.geo_import``): a
    value (id or label, any language, case-, accent- and punctuation-insensitive) → category id,
    or None."""
    index = _category_index(categories)
    return lambda value: index.get(fold(value)) if value else None


def field_for_header(header: str) -> str | None:
    """The actor field a column header (or a map property name) stands for, by the CSV import's
    aliases (``HEADER_ALIASES``): "Code postal" → "postcode", "site web" → "website"."""
    return _HEADER_INDEX.get(fold(header))


def _parse_coordinate(raw: str) -> float | None:
    """ "47,81", "47.81", "-1,95", "+2.3", "47.81°" → float; anything else → None."""
    return parse_coordinate(raw)


def _postcode(raw: str) -> str:
    """French postcode, 5 digits; Excel drops the leading zero of 01000 → padded back."""
    digits = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if re.fullmatch(r"\d{4,5}", digits):
        return digits.zfill(5)
    return ""


_POSTCODE_IN_TEXT = re.compile(r"(?<!\d)(\d{5})(?!\d)")


# --------------------------------------------------------------------------- decoding


def _decode(data: bytes) -> tuple[str, str]:
    """bytes → (text, encoding name); ActorsImportProblem for binary or undecodable data."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        if _binary_bytes(data):
            raise ActorsImportProblem("not_csv")
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise ActorsImportProblem("not_csv")
        return text, encoding
    raise ActorsImportProblem("undecodable")


def _binary_bytes(data: bytes) -> bool:
    """Many C0 control bytes (NUL included; tab and line ends excepted): not a text file. A few
    stray ones are tolerated (clean_text removes them from the values)."""
    sample = data[:65_536]
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in b"\t\n\r")
    return controls > max(2, len(sample) // 100)


def _looks_binary(text: str) -> bool:
    sample = text[:65_536]
    controls = sum(1 for ch in sample if ch not in "\t\n\r" and unicodedata.category(ch) == "Cc")
    return controls > max(2, len(sample) // 100)


def _check_bytes(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        raise ActorsImportProblem("too_large", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if not data.strip():
        raise ActorsImportProblem("empty")
    if data.startswith(_SPREADSHEET_MAGIC):
        raise ActorsImportProblem("spreadsheet_file")
    if data.startswith(_BINARY_MAGIC):
        raise ActorsImportProblem("not_csv")


# --------------------------------------------------------------------------- parsing


_SEP_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)
_DELIMITERS = (";", ",", "\t")


def _read(text: str, delimiter: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ActorsImportProblem("not_csv") from error


def _map_header(header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    """Header cells → ({field: column index}, ignored headers); a field's first column wins."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        name = _HEADER_INDEX.get(fold(cell))
        if name is not None and name not in columns:
            columns[name] = index
        elif clean_text(cell):
            ignored.append(_shown(cell))
    return columns, ignored


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip().strip(";,\t"):
            return line
    return ""


def _guess_delimiter(text: str) -> str:
    """csv.Sniffer's guess, checked against the header: most recognised columns wins."""
    candidates: list[str] = []
    sample = "\n".join(text.splitlines()[:50])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
        candidates.append(sniffed)
    except csv.Error:
        pass
    candidates += [d for d in _DELIMITERS if d not in candidates]
    header_line = _first_line(text)

    def score(delimiter: str) -> tuple[int, int]:
        try:
            cells = next(csv.reader([header_line], delimiter=delimiter), [])
        except csv.Error:
            return (0, 0)
        return (len(_map_header(cells)[0]), len(cells))

    best = max(candidates, key=lambda d: score(d)[0])  # max keeps the first of equals
    if score(best)[0] == 0:  # nothing recognised: the most columns, for the error report
        best = max(candidates, key=lambda d: score(d)[1])
    return best


# --------------------------------------------------------------------------- locating


class _Locator:
    """Commune (+ postcode) → Commune of the gazetteer, cached for the whole file."""

    def __init__(self, gazetteer: Any):
        self.gazetteer = gazetteer
        self._searches: dict[str, list[Any]] = {}

    def _search(self, query: str) -> list[Any]:
        """gazetteer.search, once per distinct (normalised) query of the file."""
        key = normalize_place(query) or query
        if key not in self._searches:
            self._searches[key] = list(self.gazetteer.search(query, 50))
        return self._searches[key]

    def locate(self, commune: str, postcode: str) -> tuple[Any | None, Reason | None]:
        shown = _shown(commune or postcode)
        if self.gazetteer is None:
            return None, Reason("commune_not_found", {"commune": shown})
        if not commune:  # postcode only
            found = [c for c in self._search(postcode) if postcode in c.postcodes]
            if len(found) == 1:
                return found[0], None
            if found:
                return None, Reason("commune_ambiguous", {"commune": shown, "count": len(found)})
            return None, Reason("commune_not_found", {"commune": shown})

        wanted = normalize_place(commune)
        found = [c for c in self._search(commune) if normalize_place(c.name) == wanted]
        if not found:
            return None, Reason("commune_not_found", {"commune": shown})
        mismatch = None
        if postcode:
            same_postcode = [c for c in found if postcode in c.postcodes]
            if same_postcode:
                found = same_postcode
            else:
                mismatch = Reason("postcode_mismatch", {"commune": shown, "postcode": postcode})
        if len(found) == 1:
            return found[0], mismatch
        return None, Reason("commune_ambiguous", {"commune": shown, "count": len(found)})


# --------------------------------------------------------------------------- import


def import_actors_csv(
    data: bytes | str,
    categories: Mapping[str, Sequence[str]],
    gazetteer: Any = None,
) -> ImportReport:
    """Read a CSV of actors; see the module docstring for what is accepted.

    ``categories``: category id → accepted labels (any language), e.g.
    ``{"cress": ["CRESS", "Chambre régionale de l'ESS"]}``; matched case- and
    accent-insensitively, by id or label. ``gazetteer``: an object with
    ``search(query, limit) -> list[Commune]`` (name, postcodes, lat, lon), or None (rows
    without coordinates are then imported unplaced).
    """
    if isinstance(data, str):
        if len(data) > MAX_FILE_BYTES:
            raise ActorsImportProblem("too_large", max_mb=MAX_FILE_BYTES // (1024 * 1024))
        if _looks_binary(data):
            raise ActorsImportProblem("not_csv")
        text, encoding = data, "text"
    else:
        data = bytes(data)
        _check_bytes(data)
        text, encoding = _decode(data)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ActorsImportProblem("empty")

    delimiter = None
    sep_line = _SEP_LINE.match(text)
    if sep_line and sep_line.group(1) in _DELIMITERS + ("|",):
        delimiter = sep_line.group(1)
        text = text[sep_line.end() :]  # Excel hides this line: it has no row number
    delimiter = delimiter or _guess_delimiter(text)

    records = _read(text, delimiter)
    start = next((i for i, record in enumerate(records) if any(c.strip() for c in record)), None)
    if start is None:
        raise ActorsImportProblem("empty")
    columns, ignored = _map_header(records[start])
    if not columns:
        raise ActorsImportProblem("no_header")
    if "name" not in columns:
        raise ActorsImportProblem("no_name_column")
    if "category" not in columns:
        raise ActorsImportProblem("no_category_column")

    header = records[start]
    body = [
        (number, record)
        for number, record in enumerate(records[start + 1 :], start=start + 2)
        if any(cell.strip() for cell in record)
    ]
    if not body:
        raise ActorsImportProblem("no_rows")
    if len(body) > MAX_ROWS:
        raise ActorsImportProblem("too_many_rows", max=MAX_ROWS, count=len(body))

    importer = _RowImporter(
        columns={name: (index, clean_text(header[index])[:40]) for name, index in columns.items()},
        categories=_category_index(categories),
        locator=_Locator(gazetteer),
    )
    report = ImportReport(
        actors=[],
        rows=[],
        columns={name: clean_text(header[index]) for name, index in columns.items()},
        ignored_columns=ignored,
        encoding=encoding,
        delimiter=delimiter,
    )
    for line, record in body:
        actor, row = importer.row(line, record)
        report.rows.append(row)
        if actor is not None:
            report.actors.append(actor)
    return report


class _RowImporter:
    def __init__(
        self, columns: dict[str, tuple[int, str]], categories: dict[str, str], locator: Any
    ) -> None:
        self.columns = columns
        self.categories = categories
        self.locator = locator
        self.seen: dict[tuple[str, str], int] = {}

    def header(self, name: str) -> str:
        return self.columns[name][1]

    def row(self, line: int, record: Sequence[str]) -> tuple[Actor | None, RowResult]:
        raw = {
            name: (record[index].strip() if index < len(record) else "")
            for name, (index, _) in self.columns.items()
        }
        values = {
            name: clean_text(value, multiline=(name == "notes")) for name, value in raw.items()
        }
        get = values.get
        errors: list[Reason] = []
        warnings: list[Reason] = []
        infos: list[Reason] = []

        name = get("name", "")
        if not name:
            errors.append(Reason("missing_name"))

        category_value = get("category", "")
        category = self.categories.get(fold(category_value)) if category_value else None
        if not category_value:
            errors.append(Reason("missing_category"))
        elif category is None:
            errors.append(Reason("unknown_category", {"value": _shown(category_value)}))

        for field_name, limit in _TEXT_LIMITS.items():
            if len(get(field_name, "")) > limit:
                errors.append(Reason("too_long", {"column": self.header(field_name), "max": limit}))

        lat = lon = None
        lat_raw, lon_raw = get("lat", ""), get("lon", "")
        if lat_raw or lon_raw:
            if not (lat_raw and lon_raw):
                errors.append(Reason("incomplete_coordinates"))
            else:
                lat, lon = self.coordinates(lat_raw, lon_raw, errors)

        commune = get("commune", "")
        placed_commune = None
        if not errors and lat is None:
            postcode = _postcode(get("postcode", ""))
            lookup_name = commune
            if not postcode and commune:  # "Pipriac (35550)", "35550 Pipriac"
                found = _POSTCODE_IN_TEXT.search(commune)
                if found:
                    postcode = found.group(1)
                    without = _POSTCODE_IN_TEXT.sub(" ", commune)
                    lookup_name = clean_text(re.sub(r"[()]", " ", without))
            if lookup_name or postcode:
                placed_commune, problem = self.locator.locate(lookup_name, postcode)
                if problem is not None:
                    warnings.append(problem)
                if placed_commune is not None:
                    lat, lon = float(placed_commune.lat), float(placed_commune.lon)
                    commune = placed_commune.name
                    infos.append(Reason("located_from_commune", {"commune": _shown(commune)}))
            else:
                warnings.append(Reason("not_located"))

        status = ContactStatus.IDENTIFIED
        status_value = get("status", "")
        if status_value:
            known = _STATUS_INDEX.get(fold(status_value))
            if known is None:
                warnings.append(Reason("unknown_status", {"value": _shown(status_value)}))
            else:
                status = known

        shown_name = _shown(name)
        if errors:
            return None, RowResult(line, "rejected", tuple(errors), shown_name)

        fields: dict[str, Any] = {
            "name": name,
            "category": category,
            "address": get("address", ""),
            "commune": commune,
            "lat": lat,
            "lon": lon,
            "website": get("website", ""),
            "contact_person": get("contact_person", ""),
            "notes": get("notes", ""),
            "status": status,
            "placed_by": "import",
        }
        try:
            actor = Actor(**fields)
        except ValidationError as error:
            bad = {str(detail["loc"][0]) for detail in error.errors() if detail.get("loc")}
            if bad == {"website"}:
                warnings.append(
                    Reason("invalid_website", {"value": _shown(str(fields["website"]))})
                )
                actor = Actor(**{**fields, "website": ""})
            else:
                named = [self.header(f) for f in sorted(bad) if f in self.columns]
                column = named[0] if named else ", ".join(sorted(bad))
                return None, RowResult(
                    line, "rejected", (Reason("invalid_value", {"column": column}),), shown_name
                )

        key = (fold(actor.name), normalize_place(actor.commune))
        if key in self.seen:
            warnings.append(Reason("duplicate_in_file", {"line": self.seen[key]}))
        else:
            self.seen[key] = line

        status_code: RowStatus = "warning" if warnings else "imported"
        return actor, RowResult(line, status_code, tuple(warnings + infos), shown_name, actor.id)

    def coordinates(
        self, lat_raw: str, lon_raw: str, errors: list[Reason]
    ) -> tuple[float | None, float | None]:
        lat, lon = _parse_coordinate(lat_raw), _parse_coordinate(lon_raw)
        for value, raw, column in ((lat, lat_raw, "lat"), (lon, lon_raw, "lon")):
            if value is None:
                errors.append(
                    Reason("invalid_number", {"column": self.header(column), "value": _shown(raw)})
                )
        if lat is not None and not -90 <= lat <= 90:
            errors.append(Reason("lat_out_of_range", {"value": _shown(lat_raw)}))
        if lon is not None and not -180 <= lon <= 180:
            errors.append(Reason("lon_out_of_range", {"value": _shown(lon_raw)}))
        if lat is None or lon is None or errors:
            return None, None
        if lat == 0 and lon == 0:  # empty cells exported as 0 ("Null Island"): not a position
            return None, None
        return lat, lon


# --------------------------------------------------------------------------- template


_TEMPLATE_HEADERS = {
    "fr": ("nom", "catégorie", "adresse", "commune", "code postal", "latitude", "longitude",
           "site web", "personne contact", "notes", "statut"),
    "en": ("name", "category", "address", "commune", "postcode", "latitude", "longitude",
           "website", "contact person", "notes", "status"),
}  # fmt: skip

_TEMPLATE_ROWS = {
    "fr": (
        ("Exemple 1 – placé par ses coordonnées", "1 place de la Mairie", "Pipriac", "35550",
         "47,8084", "-1,9478", "https://www.example.org", "Prénom Nom",
         "Rencontré au forum des associations", "contacté"),
        ("Exemple 2 – placé au centre de sa commune", "", "Rennes", "35000", "", "", "", "", "",
         "identifié"),
        ("Exemple 3 – à placer sur la carte", "", "", "", "", "", "", "", "", ""),
    ),
    "en": (
        ("Example 1 – placed by its coordinates", "1 place de la Mairie", "Pipriac", "35550",
         "47.8084", "-1.9478", "https://www.example.org", "First Last",
         "Met at the associations fair", "contacted"),
        ("Example 2 – placed at the centre of its commune", "", "Rennes", "35000", "", "", "",
         "", "", "identified"),
        ("Example 3 – to place on the map", "", "", "", "", "", "", "", "", ""),
    ),
}  # fmt: skip


def actors_csv_template(
    categories_labels: Mapping[str, str | Sequence[str]], *, lang: str = "fr"
) -> bytes:
    """A small example CSV to download, fill in and re-import: UTF-8 with BOM, ``;`` separated,
    CRLF lines (what Excel FR opens and saves cleanly). ``categories_labels``: category id →
    label (or labels, the first is used) in the learner's language, in display order."""
    lang = lang if lang in _TEMPLATE_HEADERS else "fr"
    labels = [(_labels(value) or [key])[0] for key, value in categories_labels.items()]
    labels = labels or [""]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_TEMPLATE_HEADERS[lang])
    for index, row in enumerate(_TEMPLATE_ROWS[lang]):
        name, address, commune, postcode, lat, lon, website, contact, notes, status = row
        category = labels[index % len(labels)]
        text_cells = [csv_cell(value) for value in (name, category, address, commune, postcode)]
        # Coordinates stay numbers (csv_cell would quote the minus sign of a longitude).
        writer.writerow(
            [*text_cells, lat, lon, *(csv_cell(v) for v in (website, contact, notes, status))]
        )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
