"""The worked example: a complete carnet on a real alliance, shipped as
data/example-carnet.<lang>.json (built by scripts/build_example.py).

Trainers project it, newcomers look at it, tests and benchmarks use it as a realistic carnet.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from domain.carnet_io import parse_carnet_json
from domain.models import Carnet, utcnow

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def example_path(lang: str) -> Path:
    return DATA_DIR / f"example-carnet.{lang if lang in ('fr', 'en') else 'fr'}.json"


@lru_cache(maxsize=2)
def _example(lang: str) -> Carnet:
    return parse_carnet_json(example_path(lang).read_bytes())


def shipped_example(lang: str = "fr") -> Carnet:
    """The example as shipped, one object per language shared by every caller: read it, never
    change it (``example_carnet`` gives a copy to change)."""
    return _example(lang if lang in ("fr", "en") else "fr")


def example_carnet(lang: str = "fr") -> Carnet:
    """A fresh copy of the example in the requested language, dated now."""
    carnet = _example(lang).model_copy(deep=True)
    now = utcnow()
    return carnet.model_copy(update={"created_at": now, "updated_at": now})
