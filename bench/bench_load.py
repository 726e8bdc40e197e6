"""Protocol-level load test: N learners at once on ``streamlit run app.py``, through the
websocket and protobuf messages the browser uses (``bench/st_protocol.py``, no browser),
against the same load on a bare app with the same pages and widget labels
(``bench/pages_for_bench/bare_journey.py``), in ONE run.

    python bench/bench_load.py                       # 30 learners, class and stress profiles
    python bench/bench_load.py --learners 10 --profiles stress
    python bench/bench_load.py --database postgresql --servers 2   # two servers behind nginx
    python bench/bench_load.py --ramp 10 20 30 --profiles class    # capacity at the class target
    python bench/bench_load.py --memory 30           # + memory per additional session
    python bench/bench_load.py --board --profiles class   # the learners join a class whose
                                                          # board a trainer keeps open

Each learner opens the app, creates a carnet, goes to « Mon projet » and types the project's
name, chooses an alliance, types the three answers of « Analyse », adds an actor placed by its
coordinates on « Acteurs du territoire » (name, category, « Saisir latitude et longitude »,
latitude, longitude, « Ajouter l’acteur »), with a think time before each step (class: 2–8 s,
stress: 0.2–1 s; learners start spread over one think time), then reopens its private link
on « Mon projet » in a new connection and checks the name is there.

``--board`` (issue 16): before the load a class is created through the service layer
(``services.classes.ClassService`` on the app's database); each learner, right after creating
its carnet, opens « Classe », types the code, ticks the five choices (sharing everything), types
its name and clicks « Rejoindre la classe »; meanwhile a trainer client holds the board link
(``?formateur=<token>``) and reruns the board's live fragment on the period the server
announced, as the browser's timer does (``Client.refresh_fragment``: a rerun message naming the
fragment, ``is_auto_rerun``). The bare app gets the same learners on the same labels and a bare
watcher page whose fragment reruns on the same period. The board's refreshes are reported on
their own row (not in the learners' « all »); at the end the board must show every learner, and
every learner's membership is checked with the typed texts.

Reported per target: p50 / p95 / max per interaction and over all, errors (an exception shown
by the app, a protocol error, a run past 120 s), the server's CPU (cores used during the load)
and peak memory, and — for the app — what was lost: every typed text is looked up in the
database afterwards. ``--servers 2`` starts two app servers (two bare servers for the
baseline) behind ``deploy/nginx-alliances.conf`` (``tests/e2e/proxy.py``); PostgreSQL comes
from ``BENCH_DATABASE_URL`` or ``TEST_DATABASE_URL`` (a throw-away database is created).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import psutil
from st_protocol import Client, ProtocolError

from domain.i18n import Translator
from tests.e2e.server import StreamlitServer, settled

APP = ROOT / "app.py"
BARE = ROOT / "bench" / "pages_for_bench" / "bare_journey.py"
PROFILES = {"class": (2.0, 8.0), "stress": (0.2, 1.0)}
CLASS_TARGET = 2.0  # class p95 ≤ 2 × the bare app's p95
STRESS_TARGET = 2.0  # stress p95 ≤ 2 s
t = Translator("fr")
EXAMPLE = t("home.example_button")


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------- learners


@dataclass
class Learner:
    number: int
    think: tuple[float, float]
    rng: random.Random
    timings: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    token: str | None = None
    reopened: bool | None = None
    class_code: str | None = None  # --board: the class to join right after creating the carnet

    @property
    def name(self) -> str:
        return f"Projet n°{self.number} « Tiers-lieu {self.rng_tag} »"

    @property
    def rng_tag(self) -> str:
        return f"L{self.number:03d}"

    def answer(self, question: str) -> str:
        return f"Réponse {question} de l’apprenant {self.rng_tag} : l’emploi pour tous."

    @property
    def display_name(self) -> str:
        return f"Apprenant {self.rng_tag}"

    @property
    def actor(self) -> str:
        return f"CRESS de l’apprenant {self.rng_tag}"

    def pause(self) -> None:
        time.sleep(self.rng.uniform(*self.think))

    def then(self, client: Client, name: str, action: Callable[[], float]) -> None:
        """Think, then take the next step (the walk's rhythm)."""
        self.pause()
        self.step(client, name, action)

    def step(self, client: Client, name: str, action: Callable[[], float]) -> None:
        seconds = action()
        self.timings.append((name, seconds))
        shown = client.page.exceptions()
        if shown:
            raise ProtocolError(f"{name}: the app shows an exception: {shown[0][:200]}")


def journey(base_url: str, learner: Learner, *, check_reopen: bool) -> None:
    """One learner's walk (see the module's docstring); errors are recorded, not raised."""
    client = Client(base_url)
    try:
        time.sleep(learner.rng.uniform(0, learner.think[1]))  # learners do not start together
        learner.step(client, "open", client.connect)
        learner.then(client, "new carnet", lambda: client.click(t("home.new")))
        learner.token = client.query_string.partition("carnet=")[2].split("&")[0] or None
        if learner.class_code is not None:
            join_class(client, learner, learner.class_code)
        learner.then(client, "page", lambda: client.open_page("projet"))
        learner.then(
            client, "type", lambda: client.type("text_input", t("project.name"), learner.name)
        )
        learner.then(client, "page", lambda: client.open_page("alliance"))
        learner.pause()
        choice = learner.number % 11
        learner.step(client, "choose", lambda: choose_alliance(client, choice))
        learner.then(client, "page", lambda: client.open_page("analyse"))
        learner.then(client, "tab", lambda: client.open_tab(t("analyse.part.questions")))
        for question in ("vision", "expertise", "interest"):
            learner.pause()
            label = t(f"analyse.q.{question}.label")
            text = learner.answer(question)
            learner.step(
                client, "type", lambda label=label, text=text: client.type("text_area", label, text)
            )
        # The page, then what the browser sends once its map is drawn (the forms come then):
        # what the learner waits for before typing.
        learner.then(
            client, "page", lambda: client.open_page("acteurs") + client.report_map_drawn()
        )
        learner.then(
            client, "actor", lambda: client.type("text_input", t("field.name"), learner.actor)
        )
        learner.then(client, "actor", lambda: client.choose("selectbox", t("field.category")))
        learner.pause()
        where = t("actors.add.where.coords")
        learner.step(client, "actor", lambda: client.choose("radio", t("actors.add.where"), where))
        learner.pause()
        lat, lon = 45.04 + learner.number / 1000, 5.05 + learner.number / 1000
        # typed as a French learner writes them: a decimal comma
        for label, value in (("field.lat", lat), ("field.lon", lon)):
            typed = f"{value:.6f}".replace(".", ",")
            learner.step(
                client,
                "actor",
                lambda label=label, typed=typed: client.type("text_input", t(label), typed),
            )
        learner.then(client, "actor", lambda: client.click(t("actors.add.button")))
        client.close()
        learner.pause()
        # The private link, in a new tab: « Mon projet » shows the name typed before.
        reopened = Client(base_url, query_string=f"carnet={learner.token}")
        try:
            learner.step(reopened, "reopen", lambda: reopened.connect(page="projet"))
            if check_reopen:
                learner.reopened = learner.name in reopened.page.texts()
        finally:
            reopened.close()
    except Exception as problem:  # noqa: BLE001 - counted and reported, the load goes on
        learner.errors.append(f"{type(problem).__name__}: {problem}")
    finally:
        client.close()


def choose_alliance(client: Client, choice: int) -> float:
    """« Choisir cette alliance » on the ``choice``-th card (of 11, as the bare app has). The
    app shows its first cards only: when that card is not among them, « Afficher les N autres
    alliances » first (its rerun is counted in this step: what the learner waits for)."""
    label = t("alliance.choose")
    seconds = 0.0
    if len([w for w in client.page.widgets("button") if w.label == label]) <= choice:
        more = t("alliance.show_more", count=0).split("0")[0]  # « Afficher les »
        shown = [w.label for w in client.page.widgets("button") if w.label.startswith(more)]
        if not shown:
            raise ProtocolError(f"no card #{choice} and no « {more}… » button")
        seconds += client.click(shown[0])
    return seconds + client.click(label, index=choice)


FAMILIES = ("progress", "actors", "alliance", "answers", "name")


def join_class(client: Client, learner: Learner, code: str) -> None:
    """« Classe »: the code typed in its form, the five choices ticked (sharing everything),
    the name typed, « Rejoindre la classe » (the app's page, or the bare app's same labels)."""
    learner.pause()
    learner.step(client, "page", lambda: client.open_page("classe"))
    learner.pause()
    client.type("text_input", t("class.code.label"), code)  # in a form: sent with its button
    learner.step(client, "join", lambda: client.click(t("class.code.button")))
    for family in FAMILIES:
        learner.pause()
        label = t(f"class.family.{family}")
        learner.step(client, "join", lambda label=label: client.tick(label))
    learner.pause()
    name = learner.display_name
    learner.step(client, "join", lambda: client.type("text_input", t("class.name.label"), name))
    learner.pause()
    learner.step(client, "join", lambda: client.click(t("class.join.button")))


@dataclass
class Watcher:
    """The trainer's tab on the board: its refreshes, errors, the period the server announced
    and the board's texts after its last refresh."""

    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    period: float | None = None
    texts: list[str] = field(default_factory=list)


def watch_board(base_url: str, query: str, stop: threading.Event, watcher: Watcher) -> None:
    """Open the board link and rerun its self-refreshing fragment(s) on their period until
    ``stop``, as the browser's timer does; errors are recorded, not raised."""
    client = Client(base_url, query_string=query)
    try:
        client.connect()
        if not client.auto_reruns:
            raise ProtocolError("the board declares no fragment that refreshes itself")
        watcher.period = min(client.auto_reruns.values())
        due = {fid: time.monotonic() + period for fid, period in client.auto_reruns.items()}
        while not stop.is_set():
            fragment = min(due, key=due.__getitem__)
            if stop.wait(max(0.0, due[fragment] - time.monotonic())):
                break
            watcher.timings.append(client.refresh_fragment(fragment))
            shown = client.page.exceptions()
            if shown:
                raise ProtocolError(f"board: the app shows an exception: {shown[0][:200]}")
            period = client.auto_reruns.get(fragment, watcher.period)
            due[fragment] = max(due[fragment] + period, time.monotonic())
        # One last refresh once every learner is done: what the board shows now.
        if due:
            client.refresh_fragment(min(due, key=due.__getitem__))
        watcher.texts = client.page.texts()
    except Exception as problem:  # noqa: BLE001 - counted and reported
        watcher.errors.append(f"{type(problem).__name__}: {problem}")
    finally:
        client.close()


def open_class(target: Target) -> tuple[str, str]:
    """(join code, trainer token) of a new class on the app's database, through the service
    layer; the bare app has no class: any code, any token."""
    if target.database_url is None:
        return "K7MQ2P", "bare-watcher"
    from services.classes import ClassService
    from services.stores import Stores

    stores = Stores.connect(target.database_url)
    try:
        created = ClassService(stores).create_class("Classe de la mesure de charge")
    finally:
        stores.engine.dispose()
    return created.info.code, created.trainer_token


# -------------------------------------------------------------------------------- servers


class Watch:
    """CPU and memory of server processes while the load runs (sampled every 0.5 s)."""

    def __init__(self, pids: list[int]):
        self.processes = [psutil.Process(pid) for pid in pids]
        self.peak_rss = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def rss_mib(self) -> float:
        return sum(p.memory_info().rss for p in self.processes) / 2**20

    def cpu_seconds(self) -> float:
        return sum(p.cpu_times().user + p.cpu_times().system for p in self.processes)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_rss = max(self.peak_rss, self.rss_mib())
            self._stop.wait(0.5)

    def __enter__(self) -> Watch:
        self.cpu_start, self.wall_start = self.cpu_seconds(), time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.cores = (self.cpu_seconds() - self.cpu_start) / (time.monotonic() - self.wall_start)

    def settled_rss(self) -> float:
        return settled(self.rss_mib, quiet=2.0)


@dataclass
class Target:
    name: str
    url: str
    pids: list[int]
    database_url: str | None  # the app's, to look the typed texts up; None for the bare app


@contextmanager
def postgres(workdir: Path) -> Iterator[str]:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not url:
        raise SystemExit("--database postgresql needs BENCH_DATABASE_URL or TEST_DATABASE_URL")
    os.environ.setdefault("TEST_DATABASE_URL", url)
    from tests.databases import postgres_database

    with postgres_database("bench") as database:
        yield database


@contextmanager
def serve(kind: str, *, servers: int, database: str, workdir: Path) -> Iterator[Target]:
    """The app (or the bare app) on ``servers`` processes; behind nginx when more than one."""
    workdir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        env = {
            "ALLIANCES_TILES": "none",
            "ALLIANCES_GEOCODER": "off",
            "CARNET_DB_PATH": str(workdir / f"{kind}.sqlite3"),
            "DATABASE_URL": "",
        }
        database_url = f"sqlite:///{workdir / f'{kind}.sqlite3'}"
        if database == "postgresql":
            database_url = stack.enter_context(postgres(workdir))
            env["DATABASE_URL"] = database_url
        script = APP if kind == "app" else BARE
        started = [
            StreamlitServer(script, env, workdir / f"{kind}-{n}.log") for n in range(servers)
        ]
        for server in started:
            stack.callback(server.stop)
        for server in started:
            server.wait_healthy(timeout=120)
        url = started[0].url
        if servers > 1:
            from tests.e2e.proxy import NginxProxy

            proxy = NginxProxy([f"127.0.0.1:{s.port}" for s in started], workdir / f"ngx-{kind}")
            stack.callback(proxy.stop)
            url = proxy.url
        yield Target(
            kind,
            url,
            [s.process.pid for s in started],
            database_url if kind == "app" else None,
        )


# -------------------------------------------------------------------------------- the load


@dataclass
class Result:
    target: str
    profile: str
    learners: int
    timings: dict[str, list[float]]
    errors: list[str]
    lost: int | None
    checked: int | None
    cores: float
    peak_rss: float
    seconds: float
    board: Watcher | None = None  # --board: the trainer's tab (not in the learners' « all »)

    def all_timings(self) -> list[float]:
        return [s for values in self.timings.values() for s in values]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def lost_texts(database_url: str, learners: list[Learner]) -> tuple[int, int]:
    """(texts not found in the database, texts checked): name, three answers, the placed
    actor and the chosen alliance of every learner who got a carnet; a failed reopen too."""
    from adapters.storage.carnets import CarnetNotFound, CarnetStore

    store = CarnetStore(database_url)
    lost = checked = 0
    try:
        for learner in learners:
            if learner.token is None:
                continue
            try:
                carnet = store.load(learner.token).carnet
            except CarnetNotFound:
                lost += 6
                checked += 6
                continue
            expected = [
                carnet.project.name == learner.name,
                *(
                    getattr(carnet.answers, q) == learner.answer(q)
                    for q in ("vision", "expertise", "interest")
                ),
                any(a.name == learner.actor and a.lat is not None for a in carnet.actors),
                carnet.alliance is not None,
            ]
            if learner.reopened is not None:
                expected.append(learner.reopened)
            if learner.class_code is not None:
                expected.append(_joined(store, learner))
            checked += len(expected)
            lost += expected.count(False)
    finally:
        store.engine.dispose()
    return lost, checked


def _joined(store, learner: Learner) -> bool:
    """The learner's carnet is in the class of its code, sharing every family under its name."""
    from adapters.storage.classes import ClassStore

    carnet_id = store.load(learner.token).id
    for member, row in ClassStore(engine=store.engine).memberships_of(carnet_id):
        if row.code == learner.class_code:
            shares = member.consents.ticked() == FAMILIES
            return shares and member.learner_name == learner.display_name
    return False


def run_load(
    target: Target, profile: str, learners: int, seed: int, *, board: bool = False
) -> Result:
    think = PROFILES[profile]
    crowd = [Learner(n, think, random.Random(seed * 1000 + n)) for n in range(1, learners + 1)]
    check = target.database_url is not None
    watcher = Watcher() if board else None
    stop = threading.Event()
    started = time.monotonic()
    with Watch(target.pids) as watch:
        watching = None
        if watcher is not None:
            code, trainer_token = open_class(target)
            for learner in crowd:
                learner.class_code = code
            watching = threading.Thread(
                target=watch_board,
                args=(target.url, f"formateur={trainer_token}", stop, watcher),
            )
            watching.start()
        threads = [
            threading.Thread(
                target=journey, args=(target.url, learner), kwargs={"check_reopen": check}
            )
            for learner in crowd
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop.set()
        if watching is not None:
            watching.join()
    if watcher is not None and check and not watcher.errors:
        shown = t("class.board.learners", count=learners)
        if shown not in watcher.texts:
            watcher.errors.append(f"the board does not show « {shown} » after the load")
    timings: dict[str, list[float]] = defaultdict(list)
    for learner in crowd:
        for name, seconds in learner.timings:
            timings[name].append(seconds)
    errors = [f"learner {learner.number}: {e}" for learner in crowd for e in learner.errors]
    if watcher is not None:
        errors += [f"board: {e}" for e in watcher.errors]
    lost, checked = lost_texts(target.database_url, crowd) if check else (None, None)
    return Result(
        target.name,
        profile,
        learners,
        dict(timings),
        errors,
        lost,
        checked,
        watch.cores,
        watch.peak_rss,
        time.monotonic() - started,
        watcher,
    )


def memory_per_session(target: Target, sessions: int) -> tuple[float, float, float]:
    """(RSS with 1 session, with ``sessions``, MiB per additional session): each session opens
    its own copy of the worked example (the bare app: a new carnet) on « Synthèse », the page
    that derives the most, and stays open. The first session is opened twice
    before the reading (the first run imports the page's modules: not a session's cost)."""
    watch = Watch(target.pids)
    clients: list[Client] = []

    def open_one() -> None:
        client = Client(target.url)
        client.connect()
        example = [w for w in client.page.widgets("button") if w.label == EXAMPLE]
        client.click(EXAMPLE if example else t("home.new"))
        client.open_page("synthese")
        clients.append(client)

    try:
        open_one()
        clients.pop().close()
        open_one()
        one = watch.settled_rss()
        for _ in range(sessions - 1):
            open_one()
        many = watch.settled_rss()
    finally:
        for client in clients:
            client.close()
    return one, many, (many - one) / max(1, sessions - 1)


# ----------------------------------------------------------------------------- reporting


ORDER = ["open", "new carnet", "join", "page", "tab", "type", "choose", "actor", "reopen"]
BOARD_ROW = "board refresh"


def fmt(seconds: float) -> str:
    return f"{seconds:.2f}"


def report(results: list[Result]) -> str:
    lines = [
        "| profile | target | learners | interaction | n | p50 s | p95 s | max s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        for name in [*ORDER, "all"]:
            values = r.all_timings() if name == "all" else r.timings.get(name, [])
            if not values:
                continue
            lines.append(
                f"| {r.profile} | {r.target} | {r.learners} | {name} | {len(values)} | "
                f"{fmt(percentile(values, 50))} | {fmt(percentile(values, 95))} | "
                f"{fmt(max(values))} |"
            )
        if r.board is not None and r.board.timings:
            values = r.board.timings
            period = f" (every {r.board.period:g} s)" if r.board.period else ""
            lines.append(
                f"| {r.profile} | {r.target} | {r.learners} | {BOARD_ROW}{period} | "
                f"{len(values)} | {fmt(percentile(values, 50))} | "
                f"{fmt(percentile(values, 95))} | {fmt(max(values))} |"
            )
    lines += [
        "",
        "| profile | target | learners | errors | lost / checked | server CPU (cores) | peak RSS MiB | wall s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        lost = "—" if r.lost is None else f"{r.lost} / {r.checked}"
        lines.append(
            f"| {r.profile} | {r.target} | {r.learners} | {len(r.errors)} | {lost} | "
            f"{r.cores:.2f} | {r.peak_rss:.0f} | {r.seconds:.0f} |"
        )
    lines += ["", *verdicts(results)]
    errors = [e for r in results for e in r.errors][:10]
    if errors:
        lines += ["", "First errors:", *[f"- {e}" for e in errors]]
    return "\n".join(lines)


def verdicts(results: list[Result]) -> list[str]:
    out = []
    by_key = {(r.profile, r.target, r.learners): r for r in results}
    for (profile, target, learners), r in sorted(by_key.items()):
        if not target.startswith("app"):
            continue
        bare = by_key.get((profile, target.replace("app", "bare"), learners))
        p95 = percentile(r.all_timings(), 95)
        clean = not r.errors and not r.lost
        if profile == "class" and bare is not None:
            base = percentile(bare.all_timings(), 95)
            ratio = p95 / base if base else float("inf")
            met = ratio <= CLASS_TARGET and clean
            board = " (board refreshing)" if r.board is not None else ""
            out.append(
                f"- class, {learners} learners{board}, {target}: p95 {fmt(p95)} s vs bare "
                f"{fmt(base)} s = {ratio:.1f}× (target ≤ {CLASS_TARGET:.0f}×, 0 errors, "
                f"0 lost): {'met' if met else 'NOT met'}"
            )
        elif profile == "stress":
            met = p95 <= STRESS_TARGET and clean
            out.append(
                f"- stress, {learners} learners, {target}: p95 {fmt(p95)} s (target ≤ "
                f"{STRESS_TARGET:.0f} s, 0 errors, 0 lost): {'met' if met else 'NOT met'}"
            )
    return out


def capacity(results: list[Result], target: str = "app") -> str | None:
    held = [
        r.learners
        for r in results
        if r.profile == "class"
        and r.target == target
        and not r.errors
        and not r.lost
        and any(
            b.profile == "class"
            and b.target == target.replace("app", "bare")
            and b.learners == r.learners
            and percentile(r.all_timings(), 95) <= CLASS_TARGET * percentile(b.all_timings(), 95)
            for b in results
        )
    ]
    tried = sorted({r.learners for r in results if r.profile == "class" and r.target == target})
    if not tried:
        return None
    return (
        f"Class target held up to {max(held)} learners (tried {tried})"
        if held
        else f"Class target not held at any of {tried} learners"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--ramp", type=int, nargs="*", help="several learner counts in turn")
    parser.add_argument("--profiles", nargs="*", default=list(PROFILES), choices=list(PROFILES))
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--servers", type=int, default=1, help="more than 1: behind nginx")
    parser.add_argument("--memory", type=int, default=0, help="sessions for the memory phase")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--targets", nargs="+", default=["app", "bare"], choices=["app", "bare"])
    parser.add_argument("--json", type=Path, help="also write the figures there")
    parser.add_argument(
        "--board",
        action="store_true",
        help="the learners join a class whose board a trainer client keeps refreshing",
    )
    args = parser.parse_args(argv)
    counts = args.ramp or [args.learners]
    suffix = f" ({args.servers} servers, nginx)" if args.servers > 1 else ""
    results: list[Result] = []
    memory: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        workdir = Path(tmp)
        for kind in args.targets if args.memory else ():
            # On a server of its own, before any load: memory freed by earlier sessions would
            # be reused by the new ones and hide what a session costs.
            with serve(kind, servers=1, database="sqlite", workdir=workdir / "memory") as target:
                log(f"{kind}: memory with 1 and {args.memory} sessions (fresh server)")
                memory[kind] = memory_per_session(target, args.memory)
        for kind in args.targets if args.profiles else ():
            with serve(
                kind, servers=args.servers, database=args.database, workdir=workdir
            ) as target:
                target.name = kind + suffix
                log(f"{target.name} at {target.url}: warm-up")
                # imports, caches: not measured
                run_load(target, "stress", 1, seed=999, board=args.board)
                for profile in args.profiles:
                    for count in counts:
                        log(f"{target.name}: {profile}, {count} learners")
                        result = run_load(target, profile, count, args.seed, board=args.board)
                        log(f"  done in {result.seconds:.0f} s, {len(result.errors)} errors")
                        results.append(result)
    text = report(results) if results else ""
    cap = capacity(results, "app" + suffix)
    if cap:
        text += f"\n\n{cap}."
    if memory:
        text += "\n\n| target | RSS, 1 session MiB | RSS, N sessions MiB | MiB per additional session |\n"
        text += "| --- | --- | --- | --- |\n"
        for name, (one, many, per) in memory.items():
            text += f"| {name} | {one:.0f} | {many:.0f} (N = {args.memory}) | {per:.1f} |\n"
    print(text)
    if args.json:
        payload = {
            "results": [{**r.__dict__, "board": r.board and r.board.__dict__} for r in results],
            "memory": memory,
        }
        args.json.write_text(json.dumps(payload, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
