"""The largest carnet the app accepts survives its own round trip (JSON export → import).

The carnet is built at every limit of domain.models at once, with a character that takes 4 bytes
in UTF-8 (the most any character takes): the export (adapters.exports.carnet_json, the file the
learner downloads) must be under the import limit and read back to an equal carnet.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.exports import carnet_json
from domain import models
from domain.carnet_io import MAX_IMPORT_BYTES, ImportProblem, parse_carnet_json
from domain.models import Carnet

WIDE = "\U0001f600"  # 😀: 4 bytes in UTF-8


def text(length: int) -> str:
    return WIDE * length


def url(length: int) -> str:
    return "https://" + WIDE * (length - len("https://"))


def hex_id(index: int) -> str:
    return f"{index:032x}"


def largest_carnet() -> Carnet:
    steps = [
        {"status": status.value, "on": date(2026, 1, 1 + i).isoformat()}
        for i, status in zip(
            range(models.MAX_CONTACT_STEPS),
            list(models.ContactStatus) * models.MAX_CONTACT_STEPS,
            strict=False,
        )
    ]
    actor = {
        "name": text(models.MAX_SHORT),
        "category": "c" * 40,
        "address": text(models.MAX_LINE),
        "commune": text(models.MAX_SHORT),
        "lat": -45.123456789012345,
        "lon": -170.12345678901234,
        "website": url(models.MAX_LINE),
        "contact_person": text(models.MAX_SHORT),
        "notes": text(models.MAX_NOTE),
        "status": "presented",
        "contact_log": steps,
        "placed_by": "gazetteer",
    }
    member = {
        "name": text(models.MAX_SHORT),
        "family": "local_authority",
        "role": text(models.MAX_NOTE),
        "expertise": text(models.MAX_NOTE),
        "interest": text(models.MAX_NOTE),
    }
    return Carnet.model_validate(
        {
            "language": "fr",
            "project": {
                "name": text(models.MAX_SHORT),
                "description": text(models.MAX_DESCRIPTION),
                "territory": {
                    "commune": text(models.MAX_SHORT),
                    "insee": "2A004",
                    "postcode": "20000",
                    "departement": text(models.MAX_SHORT),
                    "departement_code": "2A",
                    "region": text(models.MAX_SHORT),
                    "region_code": "94",
                    "lat": 41.926,
                    "lon": 8.737,
                },
            },
            "actors": [actor | {"id": hex_id(i)} for i in range(models.MAX_ACTORS)],
            "alliance": {
                "catalogue_id": "a" * 60,
                "name": text(models.MAX_SHORT),
                "place": text(models.MAX_LINE),
                "source_url": url(models.MAX_LINE),
                "description": text(models.MAX_NOTE),
                "lat": 48.8,
                "lon": 2.4,
                "members": [member | {"id": hex_id(i)} for i in range(models.MAX_MEMBERS)],
            },
            "answers": {q: text(models.MAX_ANSWER) for q in models.QUESTIONS},
            "tags": {
                "partnership_modes": ["m" * 60] * models.MAX_TAGS,
                "coconstruction_forms": ["f" * 60] * models.MAX_TAGS,
            },
        }
    )


def test_tag_ids_are_bounded():
    """An unbounded string anywhere would make « the largest carnet » unbounded."""
    with pytest.raises(ValueError):
        models.Tags(partnership_modes=["m" * 61])


def test_the_largest_carnet_survives_its_own_round_trip():
    carnet = largest_carnet()
    assert len(carnet.actors) == models.MAX_ACTORS
    exported = carnet_json(carnet, include_private=True).encode("utf-8")
    assert len(exported) <= MAX_IMPORT_BYTES, f"{len(exported):,} bytes"
    assert parse_carnet_json(exported) == carnet


def test_a_file_over_the_limit_is_still_refused():
    with pytest.raises(ImportProblem) as caught:
        parse_carnet_json(b" " * (MAX_IMPORT_BYTES + 1))
    assert caught.value.code == "too_large"


def test_streamlit_lets_such_a_file_be_uploaded():
    """The home page's uploader is bounded by Streamlit's server.maxUploadSize (MB): it must let
    through a file of MAX_IMPORT_BYTES (the project's .streamlit/config.toml or the default)."""
    import tomllib
    from pathlib import Path

    from streamlit import config

    path = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"
    configured = tomllib.loads(path.read_text(encoding="utf-8")).get("server", {})
    limit_mb = configured.get("maxUploadSize", config.get_option("server.maxUploadSize"))
    assert limit_mb * 1024 * 1024 >= MAX_IMPORT_BYTES
