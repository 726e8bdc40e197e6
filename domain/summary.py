"""The carnet resolved for output: one frozen value that every exporter reads.

`build_summary` does all the look-ups once (category labels and colours, contact-status labels,
member-family labels, typology labels, the territory's label) so that the exporters in
`adapters.exports` only lay text out. Strings are kept exactly as the learner typed them: each
exporter escapes them for its own format (domain.text).

Private fields (an actor's contact_person and notes) are copied only when include_private is
True; otherwise they are None, so an exporter cannot leak them by mistake.

Category and typology information is passed in (not loaded here) so that the summary does not
depend on how the catalogue is stored: `category_infos` and `typology_labels` turn catalogue
records into what `build_summary` takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol

from domain.actors import numbered
from domain.answers import AnswerState, answer_state
from domain.catalogue import Category, Typologies
from domain.models import QUESTIONS, Carnet
from domain.network import FAMILY_COLOURS
from domain.stakeholders import grid_rows

UNKNOWN_COLOUR = "#595959"  # neutral grey, readable on white, for a category not in the catalogue
TAG_GROUPS = ("partnership_modes", "coconstruction_forms")
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def safe_colour(value: str) -> str:
    """A #rgb / #rrggbb colour, else the neutral grey: colours reach SVG, PDF and uMap styles."""
    return value if isinstance(value, str) and _HEX_COLOUR.match(value) else UNKNOWN_COLOUR


class TranslatorLike(Protocol):
    def __call__(self, key: str, **params: object) -> str: ...

    def pick(self, value: object) -> str: ...


@dataclass(frozen=True)
class CategoryInfo:
    """A support-actor category as the exports show it: id, label in the output language, colour."""

    id: str
    label: str
    colour: str


@dataclass(frozen=True)
class ProjectSummary:
    name: str
    description: str
    territory: str  # "Romans-sur-Isère (26100), Drôme, Auvergne-Rhône-Alpes"; "" when not chosen
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class ActorSummary:
    number: int  # 1-based, the same in the table, on the map and in every export
    id: str
    name: str
    category: str
    category_label: str
    colour: str
    commune: str
    address: str
    lat: float | None
    lon: float | None
    website: str
    status: str  # code: identified, contacted, met, presented
    status_label: str
    contact_person: str | None  # None unless the summary includes private fields
    notes: str | None  # None unless the summary includes private fields

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Coverage:
    found: tuple[CategoryInfo, ...]
    missing: tuple[CategoryInfo, ...]


@dataclass(frozen=True)
class MemberSummary:
    id: str
    name: str
    family: str  # code, see domain.models.Family
    family_label: str
    colour: str
    role: str
    expertise: str
    interest: str


@dataclass(frozen=True)
class AllianceSummary:
    name: str
    place: str
    source_url: str
    description: str
    members: tuple[MemberSummary, ...]


@dataclass(frozen=True)
class AnswerSummary:
    key: str  # vision, expertise, interest
    question: str
    text: str
    state: AnswerState = "written"  # domain.answers: "empty", "draft", "short", "written"

    @property
    def posted(self) -> bool:
        """Worth posting: the learner's own words (an untouched draft is not an answer)."""
        return self.state in ("short", "written")


@dataclass(frozen=True)
class TagGroup:
    key: str  # partnership_modes, coconstruction_forms
    title: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class StakeholderSummary:
    """A stakeholder of the learner's project, placed on the power / interest grid."""

    number: int  # 1-based, the same on the grid picture and in the table
    id: str
    name: str
    family: str  # code, see domain.models.StakeholderFamily
    family_label: str
    power_level: int  # 1 (low) … GRID_LEVELS (high)
    interest_level: int
    quadrant: str  # code, see domain.stakeholders.Quadrant
    quadrant_label: str
    interest: str
    influence: str
    expectations: str
    reached_by: tuple[str, ...]  # names of the support actors the learner linked to it


@dataclass(frozen=True)
class Summary:
    language: str
    project: ProjectSummary
    actors: tuple[ActorSummary, ...]
    coverage: Coverage
    alliance: AllianceSummary | None
    answers: tuple[AnswerSummary, ...]
    tags: tuple[TagGroup, ...]
    generated_at: datetime
    include_private: bool
    # The project's stakeholders, quadrant by quadrant (key players first); empty when the
    # learner skipped the optional step (every export then leaves the section out).
    stakeholders: tuple[StakeholderSummary, ...] = ()

    @property
    def generated_on(self) -> date:
        return self.generated_at.date()

    @property
    def located_actors(self) -> tuple[ActorSummary, ...]:
        return tuple(a for a in self.actors if a.located)


def territory_label(carnet: Carnet) -> str:
    territory = carnet.project.territory
    commune = territory.commune
    if commune and territory.postcode:
        commune = f"{commune} ({territory.postcode})"
    parts = [commune, territory.departement, territory.region]
    return ", ".join(p for p in parts if p)


def _label(t: TranslatorLike, key: str, fallback: str) -> str:
    """t(key), or a readable fallback while the key is not defined yet (t returns the key)."""
    text = t(key)
    return fallback if text == key else text


def build_summary(
    carnet: Carnet,
    *,
    t: TranslatorLike,
    categories: Sequence[CategoryInfo],
    typologies: Mapping[str, str] | None = None,
    include_private: bool = False,
    generated_at: datetime | None = None,
) -> Summary:
    """Resolve a carnet for output.

    categories: the catalogue's categories in display order, as CategoryInfo (id → label,
    colour; see category_infos). Actors are
    listed grouped by category in that order (unknown categories last), in carnet order within a
    category; an unknown category keeps its id as label and a grey colour.
    typologies: tag id → label in the output language (see typology_labels); unknown ids are
    shown as they are.
    generated_at: the date printed in the exports and stored as the PDF's creation date (now,
    in UTC, when omitted; pass a fixed value for reproducible files).
    """
    typologies = typologies or {}
    by_id = {c.id: c for c in categories}
    when = (generated_at or datetime.now(UTC)).replace(microsecond=0)

    actors = []
    for number, actor in numbered(carnet.actors, (c.id for c in categories)):
        info = by_id.get(actor.category) or CategoryInfo(
            actor.category, actor.category, UNKNOWN_COLOUR
        )
        actors.append(
            ActorSummary(
                number=number,
                id=actor.id,
                name=actor.name,
                category=actor.category,
                category_label=info.label,
                colour=safe_colour(info.colour),
                commune=actor.commune,
                address=actor.address,
                lat=actor.lat,
                lon=actor.lon,
                website=actor.website,
                status=actor.status.value,
                status_label=_label(t, f"status.{actor.status.value}", actor.status.value),
                contact_person=actor.contact_person if include_private else None,
                notes=actor.notes if include_private else None,
            )
        )

    used = {a.category for a in carnet.actors}
    found = [c for c in categories if c.id in used]
    found += [
        CategoryInfo(cid, cid, UNKNOWN_COLOUR)
        for cid in dict.fromkeys(a.category for a in carnet.actors)
        if cid not in by_id
    ]
    coverage = Coverage(
        found=tuple(found), missing=tuple(c for c in categories if c.id not in used)
    )

    alliance = None
    if carnet.alliance is not None:
        a = carnet.alliance
        alliance = AllianceSummary(
            name=a.name,
            place=a.place,
            source_url=a.source_url,
            description=a.description,
            members=tuple(
                MemberSummary(
                    id=m.id,
                    name=m.name,
                    family=m.family.value,
                    family_label=_label(t, f"family.{m.family.value}", m.family.value),
                    colour=FAMILY_COLOURS[m.family],
                    role=m.role,
                    expertise=m.expertise,
                    interest=m.interest,
                )
                for m in a.members
            ),
        )

    written_by = carnet.alliance.members if carnet.alliance is not None else []
    answers = tuple(
        AnswerSummary(
            q,
            t(f"summary.question.{q}"),
            getattr(carnet.answers, q),
            answer_state(q, getattr(carnet.answers, q), written_by),
        )
        for q in QUESTIONS
    )
    tags = tuple(
        TagGroup(
            group,
            t(f"summary.tags.{group}"),
            tuple(typologies.get(tag_id, tag_id) for tag_id in getattr(carnet.tags, group)),
        )
        for group in TAG_GROUPS
    )
    by_id_stakeholder = {s.id: s for s in carnet.stakeholders}
    stakeholders = tuple(
        StakeholderSummary(
            number=number,
            id=row.id,
            name=row.name,
            family=row.family,
            family_label=_label(t, f"stakeholders.family.{row.family}", row.family),
            power_level=row.power_level,
            interest_level=row.interest_level,
            quadrant=row.quadrant.value,
            quadrant_label=_label(
                t, f"stakeholders.quadrant.{row.quadrant.value}", row.quadrant.value
            ),
            interest=by_id_stakeholder[row.id].interest,
            influence=by_id_stakeholder[row.id].influence,
            expectations=by_id_stakeholder[row.id].expectations,
            reached_by=row.reached_by,
        )
        for number, row in enumerate(grid_rows(carnet), start=1)
    )
    project = carnet.project
    return Summary(
        language=carnet.language,
        project=ProjectSummary(
            name=project.name,
            description=project.description,
            territory=territory_label(carnet),
            lat=project.territory.lat,
            lon=project.territory.lon,
        ),
        actors=tuple(actors),
        coverage=coverage,
        alliance=alliance,
        answers=answers,
        tags=tags,
        generated_at=when,
        include_private=include_private,
        stakeholders=stakeholders,
    )


# --- from the catalogue ---


def category_infos(
    categories: Iterable[Category], t: TranslatorLike, *, short: bool = False
) -> list[CategoryInfo]:
    """CategoryInfo of the catalogue's categories, in t's language."""
    return [
        CategoryInfo(
            category.id, t.pick(category.short_name if short else category.name), category.colour
        )
        for category in categories
    ]


def typology_labels(typologies: Typologies, t: TranslatorLike) -> dict[str, str]:
    """Le RAMEAU's partnership modes and co-construction forms: id → label in t's language."""
    items = (*typologies.partnership_modes, *typologies.coconstruction_forms)
    return {item.id: t.pick(item.name) for item in items}
