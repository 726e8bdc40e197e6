"""Server-side rerun cost of the trainer's class board, against a bare map, in ONE run.

    python bench/bench_class_board.py [--reps 15] [--learners 40] [--actors 3000]

- (a) ``bench/pages_for_bench/bare_geojson_map.py``: a bare Streamlit script holding nothing
  but one ``st_folium`` map of N points as one folium GeoJson layer (N = the class's actors);
- (b) the real app (``app.py``) on the board (``?formateur=<token>``) of a class of 40
  learners who share everything, 75 actors each on the *same* points (3,000 in all), stored
  in a temporary SQLite database: the check of the trainer link, the header (invite panel with
  its QR code, exports), and the live part (learners' progress table, the clustered class map
  through the real ``st_folium``, counts by category and département, gaps, the alliances
  chart and table, the answers gallery);
  Each learner also proposed one actor to the shared directory: the board's « Propositions à
  l'annuaire » lists 40, each with its pre-approval button (``--no-proposals``: none);
- (c) the board after a change: one learner's carnet saved again before each run (the board
  is rebuilt from the learners' shared views and the map rendered again).

All go through AppTest, twice to warm up, then interleaved (a, b, c, a, b, c...); medians and
ratios are printed. Target: (b)/(a) <= 1.3. AppTest draws no component, but ``st_folium``
builds the whole map on the server, which is the cost measured (see BENCHMARKS.md). Scripts
compiled once, as a server does (``bench_pages.share_script_cache``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_pages import configure_environment

# Before anything imports the app: its own database, no tiles, no network.
_DB = configure_environment(prefix="bench-class-")

from streamlit.testing.v1 import AppTest

from bench.bench_pages import share_script_cache, started, timed_interleaved
from bench.pages_for_bench.bench_data import points
from domain.catalogue import load_categories
from domain.classroom import FAMILIES, Consents
from domain.directory import Place
from domain.example import example_carnet
from domain.models import Actor, Carnet
from services import directory as directory_services
from services.classes import ClassService
from services.stores import Stores

BARE = ROOT / "bench" / "pages_for_bench" / "bare_geojson_map.py"
APP = ROOT / "app.py"
TARGET = 1.3


def learner_carnets(learners: int, actors: int) -> list[Carnet]:
    """``learners`` carnets (the worked example's alliance, answers and territory) sharing the
    ``actors`` bench points between them, with private fields filled."""
    categories = [c.id for c in load_categories()]
    spots = points(actors)
    per = actors // learners
    carnets = []
    for i in range(learners):
        carnet = example_carnet("fr")
        carnet.actors = [
            Actor(
                name=f"Acteur {i}-{k} « {categories[k % len(categories)]} »",
                category=categories[(i + k) % len(categories)],
                lat=lat,
                lon=lon,
                commune=f"Commune {k % 97}",
                address=f"{k} rue de la Paix, {75001 + (k % 19)} Paris" if k % 2 else "",
                website=f"https://acteur-{i}-{k}.example.fr" if k % 3 == 0 else "",
                contact_person="Personne privée",
                notes="Note privée",
            )
            for k, (lat, lon, _) in enumerate(spots[i * per : (i + 1) * per])
        ]
        carnets.append(carnet)
    return carnets


def propose_first(stores: Stores, carnet_id: int, carnet: Carnet) -> None:
    """The learner proposes its first actor to the shared directory (the board lists it)."""
    actor = carnet.actors[0]
    fields = directory_services.preview(
        actor, Place(commune=actor.commune), "", [c.id for c in load_categories()]
    )
    directory_services.propose(
        stores.directory,
        carnet_id=carnet_id,
        actor_id=actor.id,
        fields=fields,
        language="fr",
        consent=True,
    )


def make_class(learners: int, actors: int, proposals: bool = True) -> tuple[Stores, str, list[str]]:
    stores = Stores.connect()
    service = ClassService(stores)
    created = service.create_class("Bench")
    tokens = []
    for i, carnet in enumerate(learner_carnets(learners, actors)):
        stored = stores.carnets.create(carnet)
        token = stored.token
        if proposals and stored.id is not None:
            propose_first(stores, stored.id, carnet)
        service.join(
            created.info.code,
            token,
            Consents.of(FAMILIES),
            learner_name=f"Apprenant {i}",
            client=f"bench-{i}",
        )
        tokens.append(token)
    return stores, created.trainer_token, tokens


def bare_app(n: int) -> AppTest:
    return started(BARE, "bare", bench_n=n)


def board_app(trainer_token: str) -> AppTest:
    return started(APP, "board", params={"formateur": trainer_token, "lang": "fr"})


class AfterAChange:
    """The board, one learner's carnet saved again before each run (the board must be rebuilt
    and its map rendered again)."""

    def __init__(self, at: AppTest, stores: Stores, token: str):
        self.at, self.stores, self.token = at, stores, token
        self.turn = 0

    def run(self) -> AppTest:
        stored = self.stores.carnets.load(self.token)
        carnet = stored.carnet.model_copy(deep=True)
        self.turn += 1
        carnet.actors[0].name = f"Acteur renommé {self.turn}"
        self.stores.carnets.save(self.token, carnet, expected_version=stored.version)
        return self.at.run()

    @property
    def exception(self):
        return self.at.exception


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=15)
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--actors", type=int, default=3000)
    parser.add_argument(
        "--no-proposals",
        action="store_true",
        help="no directory proposal (by default each learner proposed one actor)",
    )
    args = parser.parse_args()

    share_script_cache()
    stores, trainer_token, tokens = make_class(
        args.learners, args.actors, proposals=not args.no_proposals
    )
    board = board_app(trainer_token)
    drawn = sum(1 for _ in board.dataframe)
    print(f"board: {args.learners} learners, {args.actors} actors, {drawn} tables", file=sys.stderr)
    apps = {
        "bare": bare_app(args.actors),
        "board": board,
        "changed": AfterAChange(board_app(trainer_token), stores, tokens[0]),
    }
    medians = timed_interleaved(apps, args.reps)
    bare, page, changed = medians["bare"], medians["board"], medians["changed"]
    print(f"median server-side rerun time (AppTest), {args.reps} reps each\n")
    print(
        f"{'learners':>8} | {'actors':>6} | {'(a) bare map':>12} | {'(b) board':>10} | "
        f"{'(c) after a change':>18} | {'(b)/(a)':>7} | {'(c)/(a)':>7}"
    )
    print("-" * 88)
    print(
        f"{args.learners:>8} | {args.actors:>6} | {bare:>9.1f} ms | {page:>7.1f} ms | "
        f"{changed:>15.1f} ms | {page / bare:>6.2f}x | {changed / bare:>6.2f}x"
    )
    ratio = page / bare
    print(f"\ntarget (b)/(a) <= {TARGET}: {'met' if ratio <= TARGET else 'NOT met'} ({ratio:.2f}x)")


if __name__ == "__main__":
    main()
