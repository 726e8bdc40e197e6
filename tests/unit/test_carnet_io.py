"""Carnet JSON import: every bad file gives a clear code and changes nothing; migrations run."""

import json

import pytest

from domain import carnet_io
from domain.carnet_io import ImportProblem, carnet_to_json, migrate, parse_carnet_json
from domain.i18n import Translator
from domain.models import Carnet, Project

GOOD = Carnet(project=Project(name="Épicerie « Le Panier »")).model_dump(mode="json")


def as_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


BAD_FILES = {
    "empty": (b"", "empty"),
    "whitespace": (b"   \n", "empty"),
    "latin1": ('{"project": "Épicerie"}'.encode("latin-1"), "encoding"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "encoding"),
    "truncated": (as_bytes(GOOD)[:-20], "not_json"),
    "not_json_text": (b"nom;categorie\nCRESS;cress\n", "not_json"),
    "array": (b"[1, 2, 3]", "not_object"),
    "string": (b'"carnet"', "not_object"),
    "other_json": (b'{"type": "FeatureCollection", "features": []}', "not_carnet"),
    "future_version": (as_bytes({**GOOD, "schema_version": 99}), "future_version"),
    "bad_version": (as_bytes({**GOOD, "schema_version": "un"}), "bad_version"),
    "wrong_types": (as_bytes({**GOOD, "actors": "none"}), "invalid"),
    "too_long_text": (as_bytes({**GOOD, "project": {"name": "x" * 1000}}), "invalid"),
    "bad_coordinates": (
        as_bytes({**GOOD, "actors": [{"name": "A", "category": "cress", "lat": 200}]}),
        "invalid",
    ),
    "unknown_field": (as_bytes({**GOOD, "evil": True}), "invalid"),
    "deep_nesting": (b"[" * 100_000 + b"]" * 100_000, "not_json"),
    "too_large": (b"{" + b" " * (carnet_io.MAX_IMPORT_BYTES + 1) + b"}", "too_large"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_are_refused_with_a_code_that_has_a_message(name):
    raw, code = BAD_FILES[name]
    with pytest.raises(ImportProblem) as caught:
        parse_carnet_json(raw)
    assert caught.value.code == code
    for lang in ("fr", "en"):
        t = Translator(lang)
        message = t(f"import.error.{code}", **caught.value.params)
        assert message != f"import.error.{code}" and "{" not in message


def test_invalid_import_details_are_translated():
    with pytest.raises(ImportProblem) as caught:
        parse_carnet_json(BAD_FILES["too_long_text"][0])
    from domain.validation import explain

    assert explain(caught.value.errors, Translator("fr")) == [
        "Nom\u00a0: 150 caractères au maximum."
    ]


def test_good_file_round_trips_with_bom():
    carnet = Carnet.model_validate(GOOD)
    raw = "\ufeff" + carnet_to_json(carnet)
    assert parse_carnet_json(raw.encode("utf-8")) == carnet


def test_migration_hook_applies_each_step_in_order():
    def v1_to_v2(data):
        data["project"]["name"] = data["project"]["name"].upper()
        return data

    def v2_to_v3(data):
        data["project"]["description"] = "migré"
        return data

    old = {"schema_version": 1, "project": {"name": "abc"}}
    migrated = migrate(old, migrations={1: v1_to_v2, 2: v2_to_v3}, target=3)
    assert migrated == {"schema_version": 3, "project": {"name": "ABC", "description": "migré"}}


def test_migration_refuses_a_gap():
    with pytest.raises(ImportProblem) as caught:
        migrate({"schema_version": 1}, migrations={}, target=2)
    assert caught.value.code == "bad_version"


def test_current_schema_needs_no_migration():
    assert migrate(dict(GOOD)) == GOOD
