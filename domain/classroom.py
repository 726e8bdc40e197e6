"""The class space, pure: join codes, what a learner agreed to share, and the one filter the
trainer's board reads through.

A class membership records, family by family, what the learner agreed to show (all off by
default). ``shared_view`` turns a carnet and those consents into a ``SharedView`` that holds
ONLY the families ticked; an actor is projected to its public fields (never ``contact_person``,
``notes``, the contact status or its dates). Every board section, export and page of the class
is built from SharedViews (``board``), so nothing unticked can reach the trainer.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Protocol

from domain import progress
from domain.actors import shareable_fields
from domain.models import QUESTIONS, Carnet

# ---------------------------------------------------------------------------------- join code

#: Digits and capitals without look-alikes (no 0/O, 1/I/L, 5/S, 8/B, 2/Z, U/V).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
CODE_LENGTH = 6
_CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")
# What a learner may type for a character of the alphabet, read as that character.
_READ_AS = str.maketrans({"0": "", "O": "", "1": "", "I": "", "L": ""})


def new_code() -> str:
    """A fresh join code: 6 characters drawn with ``secrets`` from ``CODE_ALPHABET``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``K7MQ2P`` → ``K7M-Q2P`` (how the code is shown and read aloud)."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def parse_code(text: str | None) -> str | None:
    """The code a learner typed (any case, spaces or dashes, ``K7M-Q2P``), or None when it
    cannot be a code. Characters outside the alphabet make it invalid (never guessed)."""
    raw = re.sub(r"[\s\-–—_.]", "", (text or "").upper())
    if raw != raw.translate(_READ_AS):
        return None
    return raw if _CODE_RE.match(raw) else None


# ----------------------------------------------------------------------------------- consents

#: The five families a learner can share, in the order the join screen asks.
FAMILIES = ("progress", "actors", "alliance", "answers", "name")


@dataclass(frozen=True)
class Consents:
    """What a learner agreed to show the trainer; everything off until ticked."""

    progress: bool = False
    actors: bool = False
    alliance: bool = False
    answers: bool = False
    name: bool = False

    @classmethod
    def of(cls, families: Iterable[str]) -> Consents:
        chosen = set(families)
        unknown = chosen - set(FAMILIES)
        if unknown:
            raise ValueError(f"unknown families: {sorted(unknown)}")
        return cls(**{family: family in chosen for family in FAMILIES})

    def ticked(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self) if getattr(self, f.name))


NO_CONSENT = Consents()

PSEUDONYM_WORDS = (
    "Castor",
    "Colibri",
    "Écureuil",
    "Faucon",
    "Hérisson",
    "Héron",
    "Hibou",
    "Libellule",
    "Loutre",
    "Lynx",
    "Marmotte",
    "Martinet",
    "Mésange",
    "Renard",
    "Salamandre",
    "Cigogne",
    "Blaireau",
    "Chouette",
    "Grive",
    "Belette",
)


def new_pseudonym() -> str:
    """A pseudonym such as « Loutre 42 » (chosen with ``secrets``: not derived from anything)."""
    return f"{secrets.choice(PSEUDONYM_WORDS)} {secrets.randbelow(90) + 10}"


MAX_LEARNER_NAME = 80


# -------------------------------------------------------------------------------- shared view


@dataclass(frozen=True)
class PublicActor:
    """An actor as the class may see it: public fields only (no contact person, notes, contact
    status or dates: they are not even attributes here)."""

    id: str
    name: str
    category: str
    commune: str
    address: str
    lat: float | None
    lon: float | None
    website: str
    departement_code: str  # "" when unknown
    departement: str  # label, "" when unknown

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class SharedAlliance:
    name: str
    catalogue_id: str | None
    place: str


@dataclass(frozen=True)
class SharedView:
    """One learner as the board sees them: only what they ticked.

    A family not ticked is None (``progress``, ``actors``, ``answers``) or absent from
    ``shares``; ``alliance`` is None when not ticked or not chosen yet (``shares`` tells which).
    ``label`` is the learner's name when they chose to show it, else their pseudonym.
    """

    member_id: int
    label: str
    named: bool
    shares: frozenset[str]
    progress: tuple[progress.Step, ...] | None = None
    actors: tuple[PublicActor, ...] | None = None
    alliance: SharedAlliance | None = None
    answers: Mapping[str, str] | None = None

    def shared(self, family: str) -> bool:
        return family in self.shares


#: (actor commune, actor address) → (département code, label), or None when unknown.
DepartementOf = Callable[[str, str], "tuple[str, str] | None"]


def _no_departement(_commune: str, _address: str) -> None:
    return None


def learner_label(consents: Consents, pseudonym: str, name: str) -> tuple[str, bool]:
    """How the class names a learner: (their name, True) when they chose to show it, else
    (their pseudonym, False)."""
    named = consents.name and bool(name.strip())
    return (name.strip() if named else pseudonym), named


def shared_view(
    member_id: int,
    carnet: Carnet,
    consents: Consents,
    *,
    pseudonym: str,
    name: str = "",
    departement_of: DepartementOf = _no_departement,
) -> SharedView:
    """The ONE filter between a learner's carnet and the class: copy only the ticked families."""
    label, named = learner_label(consents, pseudonym, name)
    steps = tuple(progress.steps(carnet)) if consents.progress else None
    actors = None
    if consents.actors:
        projected = []
        for actor in carnet.actors:
            dep = departement_of(actor.commune, actor.address) or ("", "")
            projected.append(
                PublicActor(
                    id=actor.id,
                    **shareable_fields(actor),
                    departement_code=dep[0],
                    departement=dep[1],
                )
            )
        actors = tuple(projected)
    alliance = None
    if consents.alliance and carnet.alliance is not None:
        alliance = SharedAlliance(
            carnet.alliance.name, carnet.alliance.catalogue_id, carnet.alliance.place
        )
    answers = None
    if consents.answers:
        answers = {q: getattr(carnet.answers, q) for q in QUESTIONS}
    return SharedView(
        member_id=member_id,
        label=label,
        named=named,
        shares=frozenset(f for f in consents.ticked() if f != "name" or named),
        progress=steps,
        actors=actors,
        alliance=alliance,
        answers=answers,
    )


# ------------------------------------------------------------------------------------- board


@dataclass(frozen=True)
class BoardActor:
    """A shared actor on the class map and in its table: numbered across the class."""

    number: int
    learner: str
    actor: PublicActor


@dataclass(frozen=True)
class BoardAnswer:
    member_id: int
    learner: str | None  # None: anonymous (the learner did not choose to show their name)
    text: str


@dataclass(frozen=True)
class Gap:
    departement_code: str
    departement: str
    missing: tuple[str, ...]  # category ids nobody has found there yet


@dataclass(frozen=True)
class Board:
    """Everything the trainer's board, its exports and its report show, from SharedViews only."""

    views: tuple[SharedView, ...]
    actors: tuple[BoardActor, ...]
    by_category: tuple[tuple[str, int], ...]  # catalogue order, then unknown ids
    by_departement: tuple[tuple[str, str, int], ...]  # (code, label, count), most first
    missing_everywhere: tuple[str, ...]  # categories nobody found anywhere
    gaps: tuple[Gap, ...]
    alliances: tuple[tuple[str, int], ...]  # alliance name → learners who chose it, most first
    answers: Mapping[str, tuple[BoardAnswer, ...]] = field(default_factory=dict)

    @property
    def learners(self) -> int:
        return len(self.views)


def build_board(views: Sequence[SharedView], category_ids: Sequence[str]) -> Board:
    """Aggregate the learners' shared views for the board (pure: reads nothing else)."""
    numbered: list[BoardActor] = []
    for view in views:
        for actor in view.actors or ():
            numbered.append(BoardActor(len(numbered) + 1, view.label, actor))
    counts = Counter(item.actor.category for item in numbered)
    by_category = tuple((c, counts[c]) for c in category_ids if counts[c]) + tuple(
        sorted((c, n) for c, n in counts.items() if c not in category_ids)
    )
    dep_counts: Counter[tuple[str, str]] = Counter(
        (item.actor.departement_code, item.actor.departement)
        for item in numbered
        if item.actor.departement_code
    )
    by_departement = tuple(
        (code, label, n) for (code, label), n in sorted(dep_counts.items(), key=_most_then_code)
    )
    found_by_dep: dict[str, set[str]] = {}
    for item in numbered:
        if item.actor.departement_code:
            found_by_dep.setdefault(item.actor.departement_code, set()).add(item.actor.category)
    gaps = tuple(
        Gap(code, label, tuple(c for c in category_ids if c not in found_by_dep[code]))
        for code, label, _ in sorted(by_departement)
        if any(c not in found_by_dep[code] for c in category_ids)
    )
    chosen = Counter(view.alliance.name for view in views if view.alliance is not None)
    alliances = tuple(sorted(chosen.items(), key=lambda item: (-item[1], item[0].casefold())))
    answers: dict[str, tuple[BoardAnswer, ...]] = {}
    for question in QUESTIONS:
        answers[question] = tuple(
            BoardAnswer(view.member_id, view.label if view.named else None, text.strip())
            for view in views
            if view.answers is not None and (text := view.answers.get(question, "")).strip()
        )
    return Board(
        views=tuple(views),
        actors=tuple(numbered),
        by_category=by_category,
        by_departement=by_departement,
        missing_everywhere=tuple(c for c in category_ids if not counts[c]),
        gaps=gaps,
        alliances=alliances,
        answers=answers,
    )


def _most_then_code(item: tuple[tuple[str, str], int]) -> tuple[int, str]:
    (code, _), count = item
    return (-count, code)


# ------------------------------------------------------------------- directory proposals
#
# Consent rule: a learner's proposals to the shared directory appear on the class board (and
# in its report) only while the learner shares « the public fields of my actors » with the
# class: a proposal IS the public fields of one of their actors. A learner who does not tick
# that family has no proposal on the board, in the exports or in the page sent to the trainer.
# Who proposed it is shown as the learner chose (name or pseudonym). A withdrawn proposal is
# not shown. A proposal holds public fields only (``domain.directory.public_fields``).

#: Statuses shown on the board, in this order (withdrawn ones are left out).
PROPOSAL_STATUSES = ("pending", "published", "confirmed", "refused")


class ProposalLike(Protocol):
    """What the board reads of a stored proposal (its public fields and its state)."""

    @property
    def id(self) -> int: ...
    @property
    def carnet_id(self) -> int | None: ...
    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def commune(self) -> str: ...
    @property
    def departement(self) -> str: ...
    @property
    def region(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def preapproved_class_id(self) -> int | None: ...


@dataclass(frozen=True)
class ClassProposal:
    """A class learner's proposal as the board shows it: public fields and state only."""

    id: int
    learner: str  # name or pseudonym, as the learner chose
    name: str
    category: str
    commune: str
    departement: str  # code, "" when unknown
    region: str
    status: str  # one of PROPOSAL_STATUSES
    preapproved: str  # "here" (by this class), "elsewhere" (another class) or ""

    @property
    def place(self) -> str:
        """« Commune (département) », or what is known of it (the région at least)."""
        where = self.departement or self.region
        if self.commune and where:
            return f"{self.commune} ({where})"
        return self.commune or where

    @property
    def can_preapprove(self) -> bool:
        return self.status == "pending" and self.preapproved == ""

    @property
    def can_undo(self) -> bool:
        return self.status == "pending" and self.preapproved == "here"


@dataclass(frozen=True)
class ClassLearner:
    """A member as the proposals section needs it: their carnet's row id and their choices."""

    carnet_id: int
    consents: Consents
    pseudonym: str
    name: str = ""


def proposal_authors(learners: Iterable[ClassLearner]) -> dict[int, str]:
    """carnet id → how the board names the learner, for the learners whose proposals may show
    (those who share the public fields of their actors)."""
    return {
        learner.carnet_id: learner_label(learner.consents, learner.pseudonym, learner.name)[0]
        for learner in learners
        if learner.consents.actors
    }


def class_proposals(
    authors: Mapping[int, str], proposals: Iterable[ProposalLike], class_id: int
) -> tuple[ClassProposal, ...]:
    """The proposals of the consenting learners (``proposal_authors``), pending first, then
    by status, oldest first within a status (the order ``proposals`` came in)."""
    shown = [
        ClassProposal(
            id=p.id,
            learner=authors[p.carnet_id],
            name=p.name,
            category=p.category,
            commune=p.commune,
            departement=p.departement,
            region=p.region,
            status=p.status,
            preapproved=(
                ""
                if p.preapproved_class_id is None
                else ("here" if p.preapproved_class_id == class_id else "elsewhere")
            ),
        )
        for p in proposals
        if p.carnet_id is not None and p.carnet_id in authors and p.status in PROPOSAL_STATUSES
    ]
    return tuple(sorted(shown, key=lambda p: PROPOSAL_STATUSES.index(p.status)))


# ------------------------------------------------------------------------------- map view

FRANCE = (46.6, 2.4, 5)


def map_view(points: Sequence[tuple[float, float]]) -> tuple[float, float, int]:
    """(lat, lon, zoom) framing most of the points: their median, a zoom from the spread of
    the middle 90 % (a stray point far away does not zoom the map out); France when none."""
    if not points:
        return FRANCE
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    middle = len(lats) // 2
    cut = len(lats) // 20
    spread = max(
        lats[len(lats) - 1 - cut] - lats[cut],
        (lons[len(lons) - 1 - cut] - lons[cut]) * 0.7,
    )
    zoom = 5
    for limit, level in ((0.15, 11), (0.3, 10), (0.7, 9), (1.5, 8), (3.0, 7), (6.0, 6)):
        if spread <= limit:
            zoom = level
            break
    return round(lats[middle], 4), round(lons[middle], 4), zoom


# ------------------------------------------------------------------------------- département

_POSTCODE = re.compile(r"\b(\d{5})\b")


def departement_from_postcode(postcode: str) -> str:
    """The département code of a French postcode (97x overseas; Corsica 20 → 2A/2B)."""
    if postcode.startswith("97"):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if postcode < "20200" else "2B"
    return postcode[:2]


def postcode_in(address: str) -> str | None:
    found = _POSTCODE.search(address or "")
    return found.group(1) if found else None


def departement_resolver(
    names: Mapping[str, str],
    by_commune: Mapping[str, str],
    normalise: Callable[[str], str],
) -> DepartementOf:
    """A ``DepartementOf``: from a postcode in the address, else from the commune's name when
    it names one département only. ``names``: code → label; ``by_commune``: normalised commune
    name → code (ambiguous names left out)."""

    def resolve(commune: str, address: str) -> tuple[str, str] | None:
        postcode = postcode_in(address)
        code = departement_from_postcode(postcode) if postcode else None
        if code not in names:
            code = by_commune.get(normalise(commune)) if commune else None
        if code is None or code not in names:
            return None
        return code, names[code]

    return resolve
