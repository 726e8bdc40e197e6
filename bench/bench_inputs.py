"""Time of reading what learners give the app: the communes gazetteer, and refusing bad files.

    python bench/bench_inputs.py [--budget 0.5]

Timings that used to sit in unit tests (they belong here, not in a test that a loaded machine
can fail): loading the gazetteer and searching it (measured ~0.25 s and < 2 ms a query), and
the refusal of every file of the bad-inputs corpus (``tests/corpus/bad_inputs``: carnet JSON
through ``services.carnets.import_json``, actors CSV through ``services.actors.read_csv``), each
against the import of a good carnet file measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_exports import timed

QUERIES = ["pa", "saint", "st etienne", "ville", "ll", "nt", "35", "xyz", "charenton le", "e"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=float, default=0.5, help="seconds per measure")
    budget = parser.parse_args().budget

    from adapters.exports import carnet_json
    from adapters.storage.carnets import CarnetStore
    from domain.catalogue import load_categories
    from domain.example import example_carnet
    from domain.gazetteer import Gazetteer
    from services import actors, carnets
    from services.carnet_session import CarnetSession
    from services.errors import ServiceError
    from tests.corpus import bad_inputs

    load, _, gazetteer = timed(Gazetteer.load, budget)
    search, _, _ = timed(lambda: [gazetteer.search(q) for q in QUERIES], budget)
    print("| what | median | ratio |\n| --- | ---: | ---: |")
    print(f"| gazetteer load | {load * 1000:.0f} ms | |")
    print(f"| gazetteer search (one query) | {search / len(QUERIES) * 1000:.2f} ms | |")

    with tempfile.TemporaryDirectory() as folder:
        store = CarnetStore(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        good = carnet_json(example_carnet("fr"), include_private=True).encode()
        baseline, _, _ = timed(lambda: carnets.import_json(CarnetSession({}, store), good), budget)
        print(f"| import of a good carnet (baseline) | {baseline * 1000:.1f} ms | 1.00 |")

        def refuse(read):
            def run() -> None:
                try:
                    read()
                except ServiceError:
                    pass

            return run

        categories = load_categories()
        worst = {}
        for item in bad_inputs("carnet_json"):
            data = item.data()
            worst[item.name] = timed(
                refuse(lambda data=data: carnets.import_json(CarnetSession({}, store), data)),
                budget / 4,
            )[0]
        for item in bad_inputs("actors_csv"):
            data = item.data()
            worst[item.name] = timed(
                refuse(lambda data=data: actors.read_csv(data, categories, gazetteer)), budget / 4
            )[0]
        name, slowest = max(worst.items(), key=lambda kv: kv[1])
        print(
            f"| slowest bad file refused ({name}) | {slowest * 1000:.1f} ms "
            f"| {slowest / baseline:.2f} |"
        )


if __name__ == "__main__":
    main()
