"""The carnet: one learner's worksheet, as validated, JSON-round-trippable pydantic models.

Limits are explicit constants so that forms, imports and tests share them. Free text is cleaned
(no control or bidi-override characters) on the way in; escaping happens on the way out
(see domain.text).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Literal

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


def Line(max_length: int, min_length: int = 0):
    """One line of learner text: cleaned, then its length checked."""
    return Annotated[str, AfterValidator(lambda v: _checked(v, min_length, max_length))]


def Paragraph(max_length: int):
    """Learner text that may hold line breaks: cleaned, then its length checked."""
    return Annotated[str, AfterValidator(lambda v: _checked(v, 0, max_length, multiline=True))]


Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


class Territory(Model):
    """The learner's territory, anchored on a commune of the gazetteer (or typed by hand)."""

    commune: Line(MAX_SHORT) = ""
    insee: str = Field("", pattern=r"^(|[0-9][0-9AB][0-9]{3})$")
    postcode: str = Field("", pattern=r"^(|[0-9]{5})$")
    departement: Line(MAX_SHORT) = ""
    departement_code: str = Field("", pattern=r"^(|[0-9][0-9AB]|97[1-6])$")
    region: Line(MAX_SHORT) = ""
    region_code: str = Field("", pattern=r"^(|[0-9]{2})$")
    lat: Latitude | None = None
    lon: Longitude | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


class Project(Model):
    name: Line(MAX_SHORT) = ""
    description: Paragraph(MAX_DESCRIPTION) = ""
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
    name: Line(MAX_SHORT, min_length=1)
    category: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")
    address: Line(MAX_LINE) = ""
    commune: Line(MAX_SHORT) = ""
    lat: Latitude | None = None
    lon: Longitude | None = None
    website: Line(MAX_LINE) = ""
    contact_person: Line(MAX_SHORT) = ""
    notes: Paragraph(MAX_NOTE) = ""
    status: ContactStatus = ContactStatus.IDENTIFIED
    contact_log: list[ContactStep] = Field(default_factory=list, max_length=MAX_CONTACT_STEPS)
    placed_by: Literal["search", "gazetteer", "click", "import", "manual", "example"] = "manual"

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
    name: Line(MAX_SHORT, min_length=1)
    family: Family = Family.OTHER
    role: Paragraph(MAX_NOTE) = ""
    expertise: Paragraph(MAX_NOTE) = ""
    interest: Paragraph(MAX_NOTE) = ""


class Alliance(Model):
    """The alliance the learner analyses: from the catalogue (catalogue_id) or found elsewhere."""

    catalogue_id: str | None = Field(None, max_length=60)
    name: Line(MAX_SHORT, min_length=1)
    place: Line(MAX_LINE) = ""
    source_url: Line(MAX_LINE) = ""
    description: Paragraph(MAX_NOTE) = ""
    lat: Latitude | None = None
    lon: Longitude | None = None
    members: list[Member] = Field(default_factory=list, max_length=MAX_MEMBERS)

    @field_validator("source_url")
    @classmethod
    def _source_is_http(cls, value: str) -> str:
        value = http_link(value)
        return _length(value, 0, MAX_LINE)  # again: escaped characters count


QUESTIONS = ("vision", "expertise", "interest")


class Answers(Model):
    """The course's three questions on the chosen alliance."""

    vision: Paragraph(MAX_ANSWER) = ""
    expertise: Paragraph(MAX_ANSWER) = ""
    interest: Paragraph(MAX_ANSWER) = ""


class Tags(Model):
    """Le RAMEAU's typologies, chosen by the learner (ids from data/typologies.json)."""

    partnership_modes: list[Annotated[str, Field(pattern=r"^[a-z_]+$")]] = Field(
        default_factory=list, max_length=MAX_TAGS
    )
    coconstruction_forms: list[Annotated[str, Field(pattern=r"^[a-z_]+$")]] = Field(
        default_factory=list, max_length=MAX_TAGS
    )


class Carnet(Model):
    """Everything one learner has done in the activity."""

    schema_version: Literal[1] = SCHEMA_VERSION
    language: Literal["fr", "en"] = "fr"
    project: Project = Field(default_factory=Project)
    actors: list[Actor] = Field(default_factory=list, max_length=MAX_ACTORS)
    alliance: Alliance | None = None
    answers: Answers = Field(default_factory=Answers)
    tags: Tags = Field(default_factory=Tags)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    def actor(self, actor_id: str) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)
