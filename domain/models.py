"""The carnet: one learner's worksheet, as validated, JSON-round-trippable pydantic models.

Limits are explicit constants so that forms, imports and tests share them. Free text is cleaned
(no control or bidi-override characters) on the way in; escaping happens on the way out
(see domain.text).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from domain.text import clean_text, http_link

SCHEMA_VERSION = 1

MAX_SHORT = 150  # names
MAX_LINE = 300  # addresses, URLs, places
MAX_DESCRIPTION = 500  # the project in two lines
MAX_NOTE = 2_000  # private notes, member roles
MAX_ANSWER = 6_000  # each of the three answers
MAX_ACTORS = 5_000
MAX_MEMBERS = 80
MAX_CONTACT_STEPS = 20
MAX_TAGS = 10
MAX_STAKEHOLDERS = 60  # the project's stakeholders (activity 1)
GRID_LEVELS = 4  # power and interest on the stakeholder grid: 1 (low) … 4 (high)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _checked(text: str, min_length: int, max_length: int, *, multiline: bool = False) -> str:
    """Learner text: refused if it holds a lone UTF-16 surrogate (it cannot be stored as UTF-8),
    then cleaned, then its length checked."""
    if _LONE_SURROGATE.search(text):
        raise PydanticCustomError("string_unicode", "invalid unicode")
    return _length(clean_text(text, multiline=multiline), min_length, max_length)


def _length(value: str, min_length: int, max_length: int) -> str:
    # Checked on the cleaned text (a name of spaces or zero-width characters is empty), with
    # pydantic's own error types so that domain.validation explains them like any other.
    if len(value) < min_length:
        raise PydanticCustomError("string_too_short", "too short", {"min_length": min_length})
    if len(value) > max_length:
        raise PydanticCustomError("string_too_long", "too long", {"max_length": max_length})
    return value


def Line(max_length: int, min_length: int = 0) -> Any:
    """One line of learner text: cleaned, then its length checked (a type for pydantic; the
    fields below use the named types, which type checkers read too)."""
    return Annotated[str, AfterValidator(lambda v: _checked(v, min_length, max_length))]


def Paragraph(max_length: int) -> Any:
    """Learner text that may hold line breaks: cleaned, then its length checked."""
    return Annotated[str, AfterValidator(lambda v: _checked(v, 0, max_length, multiline=True))]


# The learner texts of the carnet, by length (the same as Line(...) / Paragraph(...)).
ShortLine = Annotated[str, AfterValidator(lambda v: _checked(v, 0, MAX_SHORT))]
Name = Annotated[str, AfterValidator(lambda v: _checked(v, 1, MAX_SHORT))]
LongLine = Annotated[str, AfterValidator(lambda v: _checked(v, 0, MAX_LINE))]
Description = Annotated[
    str, AfterValidator(lambda v: _checked(v, 0, MAX_DESCRIPTION, multiline=True))
]
Note = Annotated[str, AfterValidator(lambda v: _checked(v, 0, MAX_NOTE, multiline=True))]
Answer = Annotated[str, AfterValidator(lambda v: _checked(v, 0, MAX_ANSWER, multiline=True))]


Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


M = TypeVar("M", bound=Model)


def edit_fields(find: Callable[[], M], fields: Mapping[str, Any], editable: Iterable[str]) -> M:
    """Set the ``fields`` that changed on the record ``find`` returns (each validated on
    assignment). A field outside ``editable`` is a programming error, raised before the lookup."""
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    record = find()
    for name, value in fields.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
    return record


class Territory(Model):
    """The learner's territory, anchored on a commune of the gazetteer (or typed by hand)."""

    commune: ShortLine = ""
    insee: str = Field("", pattern=r"^(|[0-9][0-9AB][0-9]{3})$")
    postcode: str = Field("", pattern=r"^(|[0-9]{5})$")
    departement: ShortLine = ""
    departement_code: str = Field("", pattern=r"^(|[0-9][0-9AB]|97[1-6])$")
    region: ShortLine = ""
    region_code: str = Field("", pattern=r"^(|[0-9]{2})$")
    lat: Latitude | None = None
    lon: Longitude | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


class Project(Model):
    name: ShortLine = ""
    description: Description = ""
    territory: Territory = Field(default_factory=Territory)


class ContactStatus(StrEnum):
    """The course's « allez présenter votre projet », as a progression."""

    IDENTIFIED = "identified"
    CONTACTED = "contacted"
    MET = "met"
    PRESENTED = "presented"


CONTACT_ORDER = list(ContactStatus)


class ContactStep(Model):
    status: ContactStatus
    on: date


class Actor(Model):
    """A local support actor found by the learner. contact_person and notes are private."""

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{6,32}$")
    name: Name
    category: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")
    address: LongLine = ""
    commune: ShortLine = ""
    lat: Latitude | None = None
    lon: Longitude | None = None
    website: LongLine = ""
    description: Note = ""  # public: what the actor does (e.g. from a map import)
    contact_person: ShortLine = ""
    notes: Note = ""
    status: ContactStatus = ContactStatus.IDENTIFIED
    contact_log: list[ContactStep] = Field(default_factory=list, max_length=MAX_CONTACT_STEPS)
    placed_by: Literal["search", "gazetteer", "click", "import", "manual", "example"] = "manual"
    # Stakeholders of the project (ids of Carnet.stakeholders) this actor helps the learner reach.
    reaches: list[Annotated[str, Field(pattern=r"^[0-9a-f]{6,32}$")]] = Field(
        default_factory=list, max_length=MAX_STAKEHOLDERS
    )
    # The shared directory's entry this actor was copied from (« Suggestions près de chez
    # vous »); left out of the JSON when None, so carnets saved before it load and dump alike.
    directory_entry_id: int | None = Field(None, ge=1, exclude_if=lambda v: v is None)

    @field_validator("website")
    @classmethod
    def _website_is_http(cls, value: str) -> str:
        if value and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:(?!\d)", value):
            if not value.lower().startswith(("http:", "https:")):
                raise ValueError("url")  # javascript:, data:, file:...
        elif value:
            value = "https://" + value
        if value and (" " in value or "<" in value or '"' in value):
            raise ValueError("url")
        return _length(value, 0, MAX_LINE)  # again: the https:// prefix counts

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


class Family(StrEnum):
    """Families of alliance members (codes shared with data/alliances.json)."""

    COMPANY = "company"
    ASSOCIATION = "association"
    LOCAL_AUTHORITY = "local_authority"
    PUBLIC_BODY = "public_body"
    RESEARCH = "research_academic"
    FOUNDATION = "foundation"
    CITIZENS = "citizens"
    MULTI = "multi"
    OTHER = "other"


class Member(Model):
    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{6,32}$")
    name: Name
    family: Family = Family.OTHER
    role: Note = ""
    expertise: Note = ""
    interest: Note = ""


class Alliance(Model):
    """The alliance the learner analyses: from the catalogue (catalogue_id) or found elsewhere."""

    catalogue_id: str | None = Field(None, max_length=60)
    name: Name
    place: LongLine = ""
    source_url: LongLine = ""
    description: Note = ""
    lat: Latitude | None = None
    lon: Longitude | None = None
    members: list[Member] = Field(default_factory=list, max_length=MAX_MEMBERS)

    @field_validator("source_url")
    @classmethod
    def _source_is_http(cls, value: str) -> str:
        value = http_link(value)
        return _length(value, 0, MAX_LINE)  # again: escaped characters count


class StakeholderFamily(StrEnum):
    """Families of the project's stakeholders (activity 1 of the course)."""

    BENEFICIARIES = "beneficiaries"
    PUBLIC_BODIES = "public_bodies"
    COMPANIES = "companies"
    ASSOCIATIONS = "associations"
    FUNDERS = "funders"
    OTHER = "other"


GridLevel = Annotated[int, Field(ge=1, le=GRID_LEVELS)]


class Stakeholder(Model):
    """A stakeholder of the learner's own project, placed on the power / interest grid.

    ``interest``, ``influence`` and ``expectations`` are the learner's words; ``power_level``
    and ``interest_level`` (1 low … 4 high) place it on the grid (``domain.stakeholders``).
    """

    id: str = Field(default_factory=new_id, pattern=r"^[0-9a-f]{6,32}$")
    name: Name
    family: StakeholderFamily = StakeholderFamily.OTHER
    interest: Note = ""  # their interest in the project
    influence: Note = ""  # their influence on it
    expectations: Note = ""  # what the learner expects of them
    power_level: GridLevel = 2
    interest_level: GridLevel = 2


QUESTIONS = ("vision", "expertise", "interest")


class Answers(Model):
    """The course's three questions on the chosen alliance."""

    vision: Answer = ""
    expertise: Answer = ""
    interest: Answer = ""


class Tags(Model):
    """Le RAMEAU's typologies, chosen by the learner (ids from data/typologies.json)."""

    partnership_modes: list[Annotated[str, Field(pattern=r"^[a-z_]+$", max_length=60)]] = Field(
        default_factory=list, max_length=MAX_TAGS
    )
    coconstruction_forms: list[Annotated[str, Field(pattern=r"^[a-z_]+$", max_length=60)]] = Field(
        default_factory=list, max_length=MAX_TAGS
    )


class Carnet(Model):
    """Everything one learner has done in the activity."""

    schema_version: Literal[1] = 1  # SCHEMA_VERSION
    language: Literal["fr", "en"] = "fr"
    project: Project = Field(default_factory=Project)
    # Added after schema 1 was published, with a default: carnets saved before load unchanged.
    stakeholders: list[Stakeholder] = Field(default_factory=list, max_length=MAX_STAKEHOLDERS)
    actors: list[Actor] = Field(default_factory=list, max_length=MAX_ACTORS)
    alliance: Alliance | None = None
    answers: Answers = Field(default_factory=Answers)
    tags: Tags = Field(default_factory=Tags)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def stakeholder(self, stakeholder_id: str) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == stakeholder_id), None)
