"""Where the learner stands in the journey: which steps are done, pure and testable."""

from __future__ import annotations

from dataclasses import dataclass

from domain.answers import MIN_ANSWER_CHARS as MIN_ANSWER_CHARS  # re-exported
from domain.answers import answer_written
from domain.models import QUESTIONS, Carnet

MIN_MEMBERS = 2


@dataclass(frozen=True)
class Step:
    id: str  # also the page's url_path and the locale key nav.<id>
    done: bool
    optional: bool = False  # shown as such; the Synthèse does not wait for it


STEP_IDS = ("projet", "parties_prenantes", "acteurs", "alliance", "analyse", "synthese")
OPTIONAL_STEPS = frozenset({"parties_prenantes"})


def project_done(carnet: Carnet) -> bool:
    return bool(carnet.project.name) and carnet.project.territory.located


def stakeholders_done(carnet: Carnet) -> bool:
    """Activity 1 recalled: at least one stakeholder of the project listed (optional step)."""
    return bool(carnet.stakeholders)


def actors_done(carnet: Carnet) -> bool:
    return len({a.category for a in carnet.actors}) >= 3


def alliance_done(carnet: Carnet) -> bool:
    return carnet.alliance is not None


def answer_done(carnet: Carnet, question: str) -> bool:
    """The learner wrote this answer (an untouched draft is not an answer: domain.answers)."""
    members = carnet.alliance.members if carnet.alliance is not None else []
    return answer_written(question, getattr(carnet.answers, question), members)


def analysis_done(carnet: Carnet) -> bool:
    return (
        carnet.alliance is not None
        and len(carnet.alliance.members) >= MIN_MEMBERS
        and all(answer_done(carnet, q) for q in QUESTIONS)
    )


def steps(carnet: Carnet | None) -> list[Step]:
    """Every step of the journey in order, done or not; optional steps marked (they count in
    the progress but the Synthèse is done without them)."""
    if carnet is None:
        return [Step(s, False, s in OPTIONAL_STEPS) for s in STEP_IDS]
    done = [
        Step("projet", project_done(carnet)),
        Step("parties_prenantes", stakeholders_done(carnet), optional=True),
        Step("acteurs", actors_done(carnet)),
        Step("alliance", alliance_done(carnet)),
        Step("analyse", analysis_done(carnet)),
    ]
    required = [s for s in done if not s.optional]
    return [*done, Step("synthese", all(s.done for s in required))]
