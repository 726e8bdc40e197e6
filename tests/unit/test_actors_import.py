"""domain.actors_import: CSV files from spreadsheets, good and bad, offline."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from domain.actors_import import (
    FILE_ERROR_CODES,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ActorsImportProblem,
    Reason,
    actors_csv_template,
    import_actors_csv,
)
from domain.gazetteer import Commune
from domain.models import MAX_SHORT, ContactStatus
from tests.fixtures import commune

LOCALES = Path(__file__).resolve().parents[2] / "data" / "locales"

CATEGORIES = {
    "cress": ["CRESS", "Chambre régionale de l'économie sociale et solidaire"],
    "collectivite": ["Collectivité", "Local authority", "Collectivité territoriale"],
    "reseau_entreprises": ["Réseau d'entreprises", "Business network"],
}


class FakeGazetteer:
    communes = [
        commune("35238", "Rennes", ("35000", "35200"), "Ille-et-Vilaine", lat=48.1113, lon=-1.68),
        commune("35219", "Pipriac", ("35550",), "Ille-et-Vilaine", lat=47.8084, lon=-1.9478),
        commune("42218", "Saint-Étienne", ("42000", "42100"), "Loire", lat=45.4339, lon=4.3903),
        commune("93066", "Saint-Denis", ("93200",), "Seine-Saint-Denis", lat=48.9356, lon=2.3539),
        commune(
            "97411", "Saint-Denis", ("97400", "97490"), "La Réunion", lat=-20.8823, lon=55.4504
        ),
        commune("01053", "Bourg-en-Bresse", ("01000",), "Ain", lat=46.2052, lon=5.2255),
    ]

    def __init__(self) -> None:
        self.queries: list[str] = []

    def search(self, query: str, limit: int = 10) -> list[Commune]:
        self.queries.append(query)
        from domain.gazetteer import normalize

        if query.replace(" ", "").isdigit():
            return [c for c in self.communes if any(p.startswith(query) for p in c.postcodes)]
        q = normalize(query)
        return [c for c in self.communes if q in normalize(c.name)][:limit]


def csv_bytes(lines: list[str], *, encoding: str = "utf-8-sig", newline: str = "\r\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def problem(data, **kwargs) -> ActorsImportProblem:
    with pytest.raises(ActorsImportProblem) as caught:
        import_actors_csv(data, CATEGORIES, FakeGazetteer(), **kwargs)
    assert caught.value.code in FILE_ERROR_CODES
    return caught.value


def by_line(report):
    return {row.line: row for row in report.rows}


# --------------------------------------------------------------------------- good files


def test_excel_fr_file_utf8_bom_semicolons():
    data = csv_bytes(
        [
            "Nom;Catégorie;Adresse;Commune;Code postal;Latitude;Longitude;Site web;"
            "Personne contact;Notes;Statut",
            "CRESS Bretagne;cress;8 rue du Breil;Rennes;35000;48,1173;-1,7047;"
            "www.ressbreizh.bzh;Mme Le Goff;Rencontrée au forum;rencontré",
            "Mairie de Pipriac;Collectivité;;Pipriac;35550;;;;;;contacté",
            "Club d'entreprises;réseau d’entreprises;;;;;;;;;",
        ]
    )
    report = import_actors_csv(data, CATEGORIES, FakeGazetteer())

    assert report.encoding == "utf-8-sig" and report.delimiter == ";"
    assert [row.status for row in report.rows] == ["imported", "imported", "warning"]
    assert [row.line for row in report.rows] == [2, 3, 4]
    cress, mairie, club = report.actors

    assert cress.name == "CRESS Bretagne" and cress.category == "cress"
    assert (cress.lat, cress.lon) == (48.1173, -1.7047)
    assert cress.address == "8 rue du Breil" and cress.commune == "Rennes"
    assert cress.website == "https://www.ressbreizh.bzh"
    assert cress.contact_person == "Mme Le Goff" and cress.notes == "Rencontrée au forum"
    assert cress.status == ContactStatus.MET and cress.placed_by == "import"
    assert report.rows[0].reasons == () and report.rows[0].actor_id == cress.id

    # placed at the commune's centre, said so
    assert mairie.category == "collectivite" and mairie.status == ContactStatus.CONTACTED
    assert (mairie.lat, mairie.lon) == (47.8084, -1.9478)
    assert report.rows[1].reasons == (Reason("located_from_commune", {"commune": "Pipriac"}),)

    # label with another apostrophe, no location: imported « à placer » with a warning
    assert club.category == "reseau_entreprises" and not club.located
    assert report.rows[2].reason == "not_located"
    assert report.imported == 3 and report.warnings == 1 and report.rejected == 0


def test_latin1_file_from_excel_fr():
    data = csv_bytes(
        [
            "NOM;CATÉGORIE;COMMUNE;REMARQUES;STATUT",
            "Réseau Entreprendre;Réseau d'entreprises;Saint-Étienne;Prêt d'honneur à l'été;"
            "Identifié",
        ],
        encoding="cp1252",
    )
    assert "É".encode("cp1252") in data  # really not UTF-8
    report = import_actors_csv(data, CATEGORIES, FakeGazetteer())
    assert report.encoding == "cp1252"
    (actor,) = report.actors
    assert actor.name == "Réseau Entreprendre"
    assert actor.notes == "Prêt d'honneur à l'été"
    assert actor.commune == "Saint-Étienne" and actor.located


def test_windows_1252_specific_characters():
    lines = ["nom;catégorie;notes", "L’Œuvre – test;cress;“citation” … €"]
    data = csv_bytes(lines, encoding="cp1252")
    (actor,) = import_actors_csv(data, CATEGORIES).actors
    assert actor.name == "L’Œuvre – test" and actor.notes == "“citation” … €"


def test_comma_file_with_english_headers_and_decimal_points():
    data = csv_bytes(
        [
            "Name,Category,Address,City,Postcode,Lat,Lng,Website,Contact,Notes,Status",
            'Business network,Business network,"12, rue X",Rennes,35000,48.11,-1.68,'
            'https://example.org,Ann,"Two\nlines",presented',
            "Town hall,collectivite,,,,,,,,,",
        ],
        encoding="utf-8",
        newline="\n",
    )
    report = import_actors_csv(data, CATEGORIES, FakeGazetteer())
    assert report.delimiter == "," and report.encoding == "utf-8"
    network, town_hall = report.actors
    assert network.category == "reseau_entreprises" and network.address == "12, rue X"
    assert (network.lat, network.lon) == (48.11, -1.68)
    assert network.notes == "Two\nlines" and network.status == ContactStatus.PRESENTED
    # the quoted line break does not shift the line numbers: rows as a spreadsheet shows them
    assert [row.line for row in report.rows] == [2, 3]


def test_tab_separated_utf16_from_excel_unicode_text():
    text = "nom\tcatégorie\tlatitude\tlongitude\r\nCRESS\tCRESS\t47,5\t-2,5\r\n"
    report = import_actors_csv(text.encode("utf-16"), CATEGORIES)
    assert report.delimiter == "\t"
    assert (report.actors[0].lat, report.actors[0].lon) == (47.5, -2.5)


def test_decimal_commas_quoted_in_a_comma_file_and_various_spellings():
    data = csv_bytes(
        [
            "nom,categorie,latitude,longitude",
            'A,cress,"47,81","-1,95"',
            "B,cress,+47.81,\u22121.95",
            'C,cress," 47,810 ",-1.95°',
        ],
        encoding="utf-8",
    )
    report = import_actors_csv(data, CATEGORIES)
    assert [(a.lat, a.lon) for a in report.actors] == [(47.81, -1.95)] * 3


def test_headers_are_case_accent_and_punctuation_insensitive():
    data = csv_bytes(
        [
            "  NOM* ;Categorie;code_postal;Ville;SITE-WEB;personne à contacter;État;colonne perso",
            "X;CRESS;35550;pipriac;example.org;Jo;contactee;ignored",
        ]
    )
    report = import_actors_csv(data, CATEGORIES, FakeGazetteer())
    (actor,) = report.actors
    assert actor.commune == "Pipriac" and actor.located  # canonical name from the gazetteer
    assert actor.website == "https://example.org" and actor.contact_person == "Jo"
    assert actor.status == ContactStatus.CONTACTED
    assert report.ignored_columns == ["colonne perso"]
    assert report.columns["postcode"] == "code_postal"


def test_excel_sep_line_is_honoured_and_not_counted():
    data = csv_bytes(["sep=,", "nom,catégorie", "A,cress", "B,nope"])
    report = import_actors_csv(data, CATEGORIES)
    assert report.delimiter == ","
    assert [(row.line, row.status) for row in report.rows] == [(2, "warning"), (3, "rejected")]


# --------------------------------------------------------------------------- communes


def test_commune_lookup_in_the_gazetteer():
    gazetteer = FakeGazetteer()
    data = csv_bytes(
        [
            "nom;catégorie;commune;code postal",
            "A;cress;st etienne;",  # abbreviation, no accent
            "B;cress;Saint-Denis;97400",  # homonyms told apart by the postcode
            "C;cress;Saint-Denis;",  # homonyms, no postcode: à placer
            "D;cress;Atlantis;",  # unknown commune
            "E;cress;;1000",  # postcode only, leading zero lost by Excel
            "F;cress;Pipriac (35550);",  # postcode inside the commune cell
            "G;cress;Rennes;75001",  # postcode that does not match
            "H;cress;Rennes;35000",
            "I;cress;RENNES;35000",  # same commune again: looked up once
        ]
    )
    report = import_actors_csv(data, CATEGORIES, gazetteer)
    rows = by_line(report)
    actors = {actor.name: actor for actor in report.actors}

    assert actors["A"].commune == "Saint-Étienne" and actors["A"].lat == 45.4339
    assert actors["B"].lat == -20.8823 and rows[3].status == "imported"
    assert not actors["C"].located and actors["C"].commune == "Saint-Denis"
    assert rows[4].reasons[0] == Reason("commune_ambiguous", {"commune": "Saint-Denis", "count": 2})
    assert not actors["D"].located and rows[5].reason == "commune_not_found"
    assert actors["E"].commune == "Bourg-en-Bresse" and actors["E"].located
    assert actors["F"].commune == "Pipriac" and actors["F"].located
    assert actors["G"].located and rows[8].status == "warning"
    assert rows[8].reason == "postcode_mismatch"
    assert rows[8].params == {"commune": "Rennes", "postcode": "75001"}
    assert gazetteer.queries.count("Rennes") == 1 and "RENNES" not in gazetteer.queries


def test_coordinates_win_over_the_commune_and_no_gazetteer_is_fine():
    data = csv_bytes(["nom;catégorie;commune;lat;lon", "A;cress;Rennes;47;-2", "B;cress;Rennes;;"])
    report = import_actors_csv(data, CATEGORIES, gazetteer=None)
    a, b = report.actors
    assert (a.lat, a.lon, a.commune) == (47.0, -2.0, "Rennes")
    assert not b.located and report.rows[1].reason == "commune_not_found"


def test_zero_zero_is_an_empty_cell_not_a_position():
    data = csv_bytes(["nom;catégorie;commune;lat;lon", "A;cress;Pipriac;0;0"])
    (actor,) = import_actors_csv(data, CATEGORIES, FakeGazetteer()).actors
    assert (actor.lat, actor.lon) == (47.8084, -1.9478)


# --------------------------------------------------------------------------- bad rows


def test_bad_rows_are_rejected_with_codes_and_spreadsheet_line_numbers():
    formula = '=HYPERLINK("http://x","y")'
    data = csv_bytes(
        [
            "nom;catégorie;latitude;longitude;notes;statut;site web",
            "Bon;cress;47;-2;;;",  # 2
            ";cress;;;;;",  # 3 no name
            ";;;;;;",  # 4 blank line: skipped, still counted
            "Inconnu;xyz;;;;;",  # 5 unknown category
            "Sans catégorie;;;;;;",  # 6
            "Trop au nord;cress;95;2;;;",  # 7
            "Trop à l'est;cress;45;181;;;",  # 8
            "Moitié;cress;47;;;;",  # 9 lat without lon
            "Pas un nombre;cress;quarante-sept;2;;;",  # 10
            "N" * (MAX_SHORT + 1) + ";cress;;;;;",  # 11
            f'"{formula.replace(chr(34), chr(34) * 2)}";cress;;;;;',  # 12 kept as text
            "Statut bizarre;cress;47;-2;;en cours;",  # 13 warning, default status
            "Site cassé;cress;47;-2;;;http://a b",  # 14 warning, website dropped
            ";xyz;;;;;",  # 15 two errors
            "Bon;cress;47;-2;;;",  # 16 duplicate of line 2
        ]
    )
    report = import_actors_csv(data, CATEGORIES, FakeGazetteer())
    rows = by_line(report)

    assert 4 not in rows
    expected = {
        2: ("imported", None),
        3: ("rejected", "missing_name"),
        5: ("rejected", "unknown_category"),
        6: ("rejected", "missing_category"),
        7: ("rejected", "lat_out_of_range"),
        8: ("rejected", "lon_out_of_range"),
        9: ("rejected", "incomplete_coordinates"),
        10: ("rejected", "invalid_number"),
        11: ("rejected", "too_long"),
        12: ("warning", "not_located"),
        13: ("warning", "unknown_status"),
        14: ("warning", "invalid_website"),
        15: ("rejected", "missing_name"),
        16: ("warning", "duplicate_in_file"),
    }
    assert {line: (row.status, row.reason) for line, row in rows.items()} == expected

    assert rows[5].params == {"value": "xyz"}
    assert rows[7].params == {"value": "95"}
    assert rows[10].params == {"column": "latitude", "value": "quarante-sept"}
    assert rows[11].params == {"column": "nom", "max": MAX_SHORT}
    assert [r.code for r in rows[15].reasons] == ["missing_name", "unknown_category"]
    assert rows[16].params == {"line": 2}
    assert rows[14].params == {"value": "http://a b"}

    names = [actor.name for actor in report.actors]
    assert names == ["Bon", formula, "Statut bizarre", "Site cassé", "Bon"]
    assert report.actors[2].status == ContactStatus.IDENTIFIED
    assert report.actors[3].website == ""
    assert all(actor.placed_by == "import" for actor in report.actors)
    assert report.rejected == 9 and report.imported == 5


def test_hostile_text_stays_text_but_is_cleaned():
    data = csv_bytes(
        [
            "nom;catégorie;notes",
            '<script>alert(1)</script> ${alert(2)} `x`;cress;"ligne 1\x00\u202e\nligne 2"',
            "\u202eevil\x07;cress;@SUM(1+1)",
        ]
    )
    first, second = import_actors_csv(data, CATEGORIES).actors
    assert first.name == "<script>alert(1)</script> ${alert(2)} `x`"
    assert first.notes == "ligne 1\nligne 2"
    assert second.name == "evil" and second.notes == "@SUM(1+1)"


def test_reason_params_echo_at_most_a_short_cleaned_value():
    data = csv_bytes(["nom;catégorie", "A;" + "\u202ex" * 500])
    (row,) = import_actors_csv(data, CATEGORIES).rows
    assert row.reason == "unknown_category"
    assert len(row.params["value"]) <= 60 and "\u202e" not in row.params["value"]


def test_short_rows_and_extra_cells():
    data = csv_bytes(["nom;catégorie;commune;notes", "A;cress", "B;cress;;;;;extra;cells"])
    report = import_actors_csv(data, CATEGORIES)
    assert [a.name for a in report.actors] == ["A", "B"]


# --------------------------------------------------------------------------- whole file


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", codecs.BOM_UTF8, b";;;\r\n;;\r\n"])
def test_empty_file(data):
    assert problem(data).code == "empty"


def test_binary_garbage():
    assert problem(bytes(range(256)) * 20).code == "not_csv"
    assert problem(bytes(range(1, 32)) * 50 + b"nom;categorie\n").code == "not_csv"


def test_png_pdf_and_workbooks():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    assert problem(png).code == "not_csv"
    assert problem(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").code == "not_csv"
    assert problem(b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml").code == "spreadsheet_file"
    assert problem(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100).code == "spreadsheet_file"


def test_undecodable_bytes():
    assert problem(b"nom;cat\xe9gorie\r\nA\x81\x8d;cress\r\n").code == "undecodable"


def test_no_header():
    data = csv_bytes(["CRESS Bretagne;cress;Rennes", "Mairie;collectivite;Pipriac"])
    assert problem(data).code == "no_header"
    assert problem(b"just some text\nin a file\n").code == "no_header"


def test_no_name_or_category_column():
    assert problem(csv_bytes(["commune;lat;lon;catégorie", "Rennes;48;-1;cress"])).code == (
        "no_name_column"
    )
    assert problem(csv_bytes(["nom;commune", "A;Rennes"])).code == "no_category_column"


def test_header_only():
    assert problem(csv_bytes(["nom;catégorie"])).code == "no_rows"


def test_too_large():
    data = b"nom;categorie\r\n" + b"A;cress\r\n" * (MAX_FILE_BYTES // 9 + 1)
    caught = problem(data)
    assert caught.code == "too_large" and caught.params == {"max_mb": 2}


def test_too_many_rows():
    lines = ["nom;catégorie"] + [f"Acteur {i};cress" for i in range(MAX_ROWS + 1)]
    caught = problem(csv_bytes(lines))
    assert caught.code == "too_many_rows"
    assert caught.params == {"max": MAX_ROWS, "count": MAX_ROWS + 1}
    # exactly the limit is fine
    report = import_actors_csv(csv_bytes(lines[:-1]), CATEGORIES)
    assert report.imported == MAX_ROWS


def test_problem_has_a_locale_key():
    caught = problem(b"")
    assert caught.key == "actors_import.error.empty"
    assert Reason("unknown_category").key == "actors_import.reason.unknown_category"


# --------------------------------------------------------------------------- template


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_template_round_trips(lang):
    labels = {"cress": "CRESS", "collectivite": "Collectivité", "reseau_entreprises": "Réseau"}
    data = actors_csv_template(labels, lang=lang)
    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig").splitlines()[0].count(";") == 10

    categories = CATEGORIES | {"reseau_entreprises": ["Réseau"]}
    report = import_actors_csv(data, categories, FakeGazetteer())
    assert report.rejected == 0 and report.delimiter == ";" and report.ignored_columns == []
    first, second, third = report.actors
    assert [a.category for a in report.actors] == ["cress", "collectivite", "reseau_entreprises"]
    assert (first.lat, first.lon) == (47.8084, -1.9478) and first.status == ContactStatus.CONTACTED
    assert first.website == "https://www.example.org"
    assert second.commune == "Rennes" and second.located
    assert second.status == ContactStatus.IDENTIFIED
    assert not third.located and report.rows[2].reason == "not_located"


def test_template_accepts_label_lists_and_language_dicts():
    data = actors_csv_template({"cress": ["CRESS", "Chambre régionale"], "x": {"fr": "Autre"}})
    text = data.decode("utf-8-sig")
    assert ";CRESS;" in text and ";Autre;" in text


# --------------------------------------------------------------------------- locale keys


def test_every_code_has_a_message_in_both_languages():
    from domain.actors_import import ERROR_CODES, INFO_CODES, WARNING_CODES
    from domain.i18n import placeholders

    fr = json.loads((LOCALES / "fr" / "actors_import.json").read_text(encoding="utf-8"))
    en = json.loads((LOCALES / "en" / "actors_import.json").read_text(encoding="utf-8"))
    assert fr.keys() == en.keys()
    for key in fr:
        assert placeholders(fr[key]) == placeholders(en[key]), key
    for code in ERROR_CODES + WARNING_CODES + INFO_CODES:
        assert f"actors_import.reason.{code}" in fr
    for code in FILE_ERROR_CODES:
        assert f"actors_import.error.{code}" in fr
    # French typography: non-breaking space before : ; ? ! and inside « »
    for text in fr.values():
        for i, char in enumerate(text):
            if char in ":;?!»" and i:
                assert text[i - 1] in "\u00a0\u202f", text
            if char == "«":
                assert text[i + 1] in "\u00a0\u202f", text
