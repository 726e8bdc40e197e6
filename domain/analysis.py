"""Steps 2 and 3: choose an alliance and analyse it, as pure functions (no Streamlit here).

- The members table: ``members_to_rows`` feeds ``st.data_editor``; ``apply_editor_delta`` applies
  the editor's delta (``{"edited_rows", "added_rows", "deleted_rows"}``) to the carnet's members.
  Never write the editor's output back into its input (see research/streamlit-notes.md §1.3).
- Catalogue → carnet: ``members_from_catalogue``, ``alliance_from_catalogue``.
- Help for the three questions: ``draft_from_members``, ``missing_families`` (prompts),
  ``family_counts``, ``answer_check`` (length and a transparent keyword coverage check).

Everything user-facing is a code plus params; the UI translates with the keys of
``data/locales/<lang>/analysis.json`` (``analysis.prompt.<code>``, ``analysis.criterion.<code>``,
``analysis.level.<level>``, ``analysis.error.<code>``, ``analysis.column.<column>``,
``family.<code>``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from pydantic import ValidationError

from domain import answers
from domain.catalogue import CatalogueAlliance, localized
from domain.i18n import LANGUAGES, load_messages
from domain.models import (
    MAX_ANSWER,
    MAX_LINE,
    MAX_MEMBERS,
    MAX_NOTE,
    MAX_SHORT,
    Alliance,
    Family,
    Member,
)
from domain.network import FAMILY_ORDER
from domain.progress import MIN_ANSWER_CHARS
from domain.text import clean_text, escape_markdown, safe_url

Translate = Callable[..., str]

# --------------------------------------------------------------------------------------------
# The members table
# --------------------------------------------------------------------------------------------

MEMBER_COLUMNS = ("name", "family", "role", "expertise", "interest")
TEXT_COLUMNS = ("name", "role", "expertise", "interest")
ID_COLUMN = "id"
COLUMN_LIMITS = {"name": MAX_SHORT, "role": MAX_NOTE, "expertise": MAX_NOTE, "interest": MAX_NOTE}


def members_to_rows(members: Sequence[Member]) -> list[dict[str, str]]:
    """What the members editor shows: one dict per member, in the carnet's order.

    Each row holds ``ID_COLUMN`` ("id") then ``MEMBER_COLUMNS``; ``family`` is the family code
    (show it with ``SelectboxColumn(options=[f.value for f in Family], format_func=label)``).
    The UI hides the id with ``column_order=MEMBER_COLUMNS``: it is there so a row can be traced
    back to its member, but ``apply_editor_delta`` never reads ids from the delta: it works on
    positions in the list the rows were built from, like Streamlit does, and ignores any column
    that is not in ``MEMBER_COLUMNS``. Build the DataFrame with its default RangeIndex.
    """
    return [
        {
            ID_COLUMN: member.id,
            "name": member.name,
            "family": member.family.value,
            "role": member.role,
            "expertise": member.expertise,
            "interest": member.interest,
        }
        for member in members
    ]


@dataclass(frozen=True)
class EditResult:
    """The members after an edit, and what could not be applied.

    Each error is ``{"row": int, "column": str | None, "code": str, "params": dict}``: ``row``
    is the editor's 0-based row (the original index for an edited or deleted row,
    ``len(original) + i`` for the i-th added row); ``params["row"]`` is the same row counted
    from 1, for messages. Codes: ``required`` (empty name), ``too_long`` (params ``limit``),
    ``unknown_family`` (params ``value``), ``unknown_row``, ``too_many`` (params ``limit``),
    ``invalid``. Translate them with ``edit_error_messages``.
    """

    members: list[Member]
    errors: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm(value: str) -> str:
    """Lower case, no accents, plain apostrophes, single spaces: for forgiving comparisons."""
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u02bc", "'").replace("_", " ").casefold()
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _family_aliases() -> dict[str, Family]:
    aliases: dict[str, Family] = {}
    for family in Family:
        aliases[_norm(family.value)] = family
    for lang in LANGUAGES:
        messages = load_messages(lang)
        for family in Family:
            label = messages.get(f"family.{family.value}")
            if not label:
                continue
            aliases.setdefault(_norm(label), family)
            # "Association / structure de l'ESS" also answers to "association" and to
            # "structure de l'ESS"; the first family to claim a part keeps it.
            for part in label.split("/"):
                if _norm(part):
                    aliases.setdefault(_norm(part), family)
    return aliases


def parse_family(value: object) -> Family | None:
    """A family from its code or its French or English label (accents and case ignored).

    ``None`` for an unknown value; an empty value is the caller's business.
    """
    if isinstance(value, Family):
        return value
    if not isinstance(value, str):
        return None
    return _family_aliases().get(_norm(value))


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _as_text(value: object) -> str:
    return "" if _blank(value) else str(value)


def _error(row: int, column: str | None, code: str, **params: object) -> dict:
    return {"row": row, "column": column, "code": code, "params": {"row": row + 1, **params}}


def _build_member(
    base: dict[str, Any], cells: Mapping[str, object], row: int
) -> tuple[Member | None, list[dict]]:
    """Apply cells to a member's data; the member, or None and the errors of this row."""
    data = dict(base)
    errors: list[dict] = []
    for column in MEMBER_COLUMNS:
        if column not in cells:
            continue
        value = cells[column]
        if column == "family":
            if _blank(value):
                data["family"] = Family.OTHER
                continue
            family = parse_family(value)
            if family is None:
                errors.append(_error(row, "family", "unknown_family", value=str(value)[:60]))
            else:
                data["family"] = family
            continue
        data[column] = _as_text(value)
    try:
        member = Member.model_validate(data)
    except ValidationError as problem:
        for issue in problem.errors(include_url=False):
            column = next((p for p in issue["loc"] if isinstance(p, str)), None)
            kind = issue["type"]
            if kind == "string_too_short":
                errors.append(_error(row, column, "required"))
            elif kind == "string_too_long":
                errors.append(
                    _error(row, column, "too_long", limit=COLUMN_LIMITS.get(column or "", ""))
                )
            else:
                errors.append(_error(row, column, "invalid"))
        return None, errors
    if errors:
        return None, errors
    return member, []


def _row_index(key: object, count: int) -> int | None:
    """A delta's row key (int, or str after a JSON round trip) as an index of the list."""
    try:
        index = int(key)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < count else None


def apply_editor_delta(members: Sequence[Member], delta: Mapping[str, Any] | None) -> EditResult:
    """Apply ``st.data_editor``'s delta to the members, like Streamlit applies it to a DataFrame.

    Row indices in ``edited_rows`` and ``deleted_rows`` refer to the ORIGINAL list; a deleted
    row's edits are dropped; added rows are appended in order, with new ids; an added row with no
    value at all is ignored. Edited members keep their id. A row with a bad value (empty name,
    text over its limit, unknown family) is left as it was (an added one is not added) and
    reported in ``errors``; every other valid edit is applied. The input list is not modified.
    """
    delta = delta or {}
    original = list(members)
    count = len(original)
    errors: list[dict] = []

    deleted: set[int] = set()
    for key in delta.get("deleted_rows") or []:
        index = _row_index(key, count)
        if index is None:
            errors.append(_error(_safe_int(key), None, "unknown_row"))
        else:
            deleted.add(index)

    result: list[Member | None] = [m.model_copy() for m in original]
    for key, cells in (delta.get("edited_rows") or {}).items():
        index = _row_index(key, count)
        if index is None:
            errors.append(_error(_safe_int(key), None, "unknown_row"))
            continue
        if index in deleted or not isinstance(cells, Mapping):
            continue
        base = original[index].model_dump()
        member, row_errors = _build_member(base, cells, index)
        if member is not None:
            result[index] = member
        errors.extend(row_errors)

    kept = [m for i, m in enumerate(result) if i not in deleted and m is not None]
    for offset, cells in enumerate(delta.get("added_rows") or []):
        row = count + offset
        if not isinstance(cells, Mapping):
            continue
        if all(_blank(cells.get(column)) for column in MEMBER_COLUMNS):
            continue
        if len(kept) >= MAX_MEMBERS:
            errors.append(_error(row, None, "too_many", limit=MAX_MEMBERS))
            continue
        member, row_errors = _build_member({"name": ""}, cells, row)
        if member is not None:
            kept.append(member)
        errors.extend(row_errors)
    errors.sort(key=_error_order)
    return EditResult(kept, errors)


def _error_order(error: dict) -> tuple[int, int]:
    column = error["column"]
    return error["row"], MEMBER_COLUMNS.index(column) if column in MEMBER_COLUMNS else -1


def _safe_int(key: object) -> int:
    try:
        return int(key)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1


def move_member(members: Sequence[Member], member_id: str, offset: int) -> list[Member]:
    """A new list where the member moved by ``offset`` places (−1 = up), clamped to the ends.

    ``st.data_editor`` cannot reorder rows: the UI offers up/down buttons that call this. An
    unknown id leaves the order as it is.
    """
    ordered = list(members)
    index = next((i for i, m in enumerate(ordered) if m.id == member_id), None)
    if index is None or not offset:
        return ordered
    member = ordered.pop(index)
    target = max(0, min(len(ordered), index + offset))
    ordered.insert(target, member)
    return ordered


def edit_error_messages(
    errors: Iterable[Mapping[str, Any]], t: Translate, *, markdown: bool = True
) -> list[str]:
    """The errors of an ``EditResult`` as sentences (``analysis.error.<code>``).

    A learner's value quoted in a message is escaped for Markdown unless ``markdown=False``.
    """
    lines = []
    for error in errors:
        params = dict(error.get("params") or {})
        if "value" in params and markdown:
            params["value"] = escape_markdown(params["value"])
        column = error.get("column")
        params["column"] = t(f"analysis.column.{column}") if column else ""
        params.setdefault("limit", "")
        params.setdefault("value", "")
        lines.append(t(f"analysis.error.{error['code']}", **params))
    return lines


def family_labels(t: Translate) -> dict[Family, str]:
    """The families' labels in the translator's language, in FAMILY_ORDER."""
    return {family: t(f"family.{family.value}") for family in FAMILY_ORDER}


# --------------------------------------------------------------------------------------------
# From the catalogue (domain.catalogue / data/alliances.json) to the carnet
# --------------------------------------------------------------------------------------------


def _fit(text: str, limit: int, *, multiline: bool = False) -> str:
    text = clean_text(text, multiline=multiline)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _source_url(sources: Iterable[str]) -> str:
    """The first plain http(s) source that fits the carnet's limit."""
    return next((url for url in map(safe_url, sources) if url and len(url) <= MAX_LINE), "")


def members_from_catalogue(alliance: CatalogueAlliance, lang: str) -> list[Member]:
    """The catalogue alliance's members for the learner's table: name (in English when the
    catalogue translates it), family and role (in lang); expertise and interest stay empty, for
    the learner to write. New ids each time. Text is cut to the carnet's limits."""
    return [
        Member(
            name=_fit(item.display_name(lang), MAX_SHORT),
            family=parse_family(item.family) or Family.OTHER,
            role=_fit(localized(item.role, lang), MAX_NOTE, multiline=True),
        )
        for item in alliance.members[:MAX_MEMBERS]
        if clean_text(item.display_name(lang))
    ]


def alliance_from_catalogue(alliance: CatalogueAlliance, lang: str) -> Alliance:
    """The carnet's Alliance for a catalogue alliance: name, place "commune, département",
    source_url (its first http(s) source), description (its summary), lat/lon and members."""
    return Alliance(
        catalogue_id=alliance.id,
        name=_fit(alliance.name, MAX_SHORT),
        place=_fit(f"{alliance.commune}, {alliance.departement}", MAX_LINE),
        source_url=_source_url(alliance.sources),
        description=_fit(localized(alliance.summary, lang), MAX_NOTE, multiline=True),
        lat=alliance.lat,
        lon=alliance.lon,
        members=members_from_catalogue(alliance, lang),
    )


# --------------------------------------------------------------------------------------------
# Drafts for the three questions
# --------------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _within_limit(lines: list[str], limit: int = MAX_ANSWER) -> str:
    """Join lines, dropping the last ones rather than going over an answer's limit."""
    kept: list[str] = []
    size = 0
    for line in lines:
        extra = len(line) + (1 if kept else 0)
        if size + extra > limit:
            break
        kept.append(line)
        size += extra
    return "\n".join(kept)


def draft_from_members(members: Sequence[Member], question: str, t: Translate) -> str:
    """A starting draft for one of the three questions, from the members table.

    ``expertise`` / ``interest``: an intro line then one line per member who has one,
    "- {name} ({family}) : {text}". ``vision``: the families present, the members' roles and a
    sentence to complete. Plain text (learner strings kept as typed, never interpreted), at most
    MAX_ANSWER characters; "" when there is nothing to draft from.
    """
    if question in ("expertise", "interest"):
        lines = [
            t(
                "analysis.draft.line",
                name=m.name,
                family=t(f"family.{m.family.value}"),
                text=_one_line(getattr(m, question)),
            )
            for m in members
            if getattr(m, question).strip()
        ]
        if not lines:
            return ""
        return _within_limit([t(f"analysis.draft.{question}_intro"), *lines])
    if question == "vision":
        if not members:
            return ""
        counts = family_counts(members)
        families = t("analysis.draft.separator").join(
            t("analysis.draft.family_count", family=t(f"family.{f.value}"), count=n)
            for f, n in counts.items()
            if n
        )
        lines = [t("analysis.draft.vision_families", families=families, count=len(members))]
        roles = [
            t("analysis.draft.role_line", name=m.name, role=_one_line(m.role))
            for m in members
            if m.role.strip()
        ]
        if roles:
            lines += [t("analysis.draft.vision_roles"), *roles]
        lines.append(t("analysis.draft.vision_scaffold"))
        head = _within_limit(lines[:-1], MAX_ANSWER - len(lines[-1]) - 1)
        return f"{head}\n{lines[-1]}"
    raise ValueError(f"unknown question: {question!r}")


# --------------------------------------------------------------------------------------------
# What is missing
# --------------------------------------------------------------------------------------------

MIN_ALLIANCE_MEMBERS = 3

Severity = Literal["info", "warning"]


@dataclass(frozen=True)
class Prompt:
    """Something the learner may have missed.

    The UI shows ``t(f"analysis.prompt.{code}", **params)``; severity is "info" or "warning".
    """

    code: str
    params: dict = field(default_factory=dict)
    severity: Severity = "info"


# Families whose absence is worth a question, with the prompt's code, in the order shown.
EXPECTED_FAMILIES = (
    (Family.LOCAL_AUTHORITY, "no_local_authority"),
    (Family.COMPANY, "no_company"),
    (Family.ASSOCIATION, "no_association"),
    (Family.RESEARCH, "no_research"),
    (Family.CITIZENS, "no_citizens"),
    (Family.FOUNDATION, "no_funder"),
)


def family_counts(members: Iterable[Member]) -> dict[Family, int]:
    """How many members per family, every family in FAMILY_ORDER (zeros included)."""
    counts = {family: 0 for family in FAMILY_ORDER}
    for member in members:
        counts[member.family] += 1
    return counts


def missing_families(members: Sequence[Member]) -> list[Prompt]:
    """Prompts on what the members table lacks, most pressing first.

    warnings: no member at all (then nothing else), fewer than 3 members, members without role,
    expertise or interest (with their count); info: each expected family that is absent (a local
    authority, a company, an association / ESS actor, research or teaching, citizens, a funder).
    """
    if not members:
        return [Prompt("no_members", {"minimum": MIN_ALLIANCE_MEMBERS}, "warning")]
    prompts: list[Prompt] = []
    if len(members) < MIN_ALLIANCE_MEMBERS:
        params = {"count": len(members), "minimum": MIN_ALLIANCE_MEMBERS}
        prompts.append(Prompt("few_members", params, "warning"))
    for column in ("role", "expertise", "interest"):
        missing = sum(1 for m in members if not getattr(m, column).strip())
        if missing:
            prompts.append(
                Prompt(f"missing_{column}", {"count": missing, "total": len(members)}, "warning")
            )
    counts = family_counts(members)
    for family, code in EXPECTED_FAMILIES:
        if not counts[family]:
            prompts.append(Prompt(code, {}, "info"))
    return prompts


# --------------------------------------------------------------------------------------------
# Completeness of an answer
# --------------------------------------------------------------------------------------------

LONG_ANSWER_CHARS = 3_000
# "draft": nothing but an untouched draft; "own": long enough, but too few of the learner's own
# words (domain.answers decides, for every place that shows progress).
Level = Literal["empty", "draft", "short", "own", "ok", "long"]

# Keywords in French and English, compared without accents or case. "stem*" matches words that
# start with the stem; a word without "*" must appear whole.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "vision_issue": (
        "enjeu*",
        "defi*",
        "probleme*",
        "besoin*",
        "cause*",
        "precarit*",
        "chomage",
        "exclusion*",
        "transition*",
        "crise*",
        "difficult*",
        "lutter",
        "lutte*",
        "fragil*",
        "issue*",
        "challenge*",
        "problem*",
        "need*",
        "unemploy*",
        "povert*",
        "tackl*",
    ),
    "vision_territory": (
        "territ*",
        "local*",
        "quartier*",
        "commune*",
        "ville*",
        "village*",
        "region*",
        "departement*",
        "bassin*",
        "vallee*",
        "habitant*",
        "metropol*",
        "intercommunal*",
        "rural*",
        "neighbourhood*",
        "neighborhood*",
        "town*",
        "city",
        "cities",
        "community",
        "communities",
        "resident*",
        "inhabitant*",
        "area*",
        "district*",
    ),
    "vision_goal": (
        "objecti*",
        "ambition*",
        "vision*",
        "viser",
        "vise",
        "visent",
        "ensemble",
        "commun",
        "communs",
        "partag*",
        "changer",
        "transform*",
        "construire",
        "developper",
        "creer",
        "goal*",
        "aim*",
        "purpose*",
        "shared",
        "share*",
        "common",
        "together",
        "change*",
        "build*",
        "create*",
        "develop*",
    ),
    "expertise_words": (
        "savoir*",
        "competence*",
        "expertise*",
        "expert*",
        "experience*",
        "connaissance*",
        "reseau*",
        "moyen*",
        "financ*",
        "apport*",
        "met",
        "mettent",
        "fournit",
        "fournissent",
        "locau*",
        "ingenierie",
        "accompagn*",
        "metier*",
        "skill*",
        "know*",
        "experience*",
        "network*",
        "resource*",
        "fund*",
        "bring*",
        "provid*",
        "premises",
        "support*",
    ),
    "interest_words": (
        "interet*",
        "benefic*",
        "gagn*",
        "avantage*",
        "profit*",
        "visibilit*",
        "image",
        "mission*",
        "utilit*",
        "retombee*",
        "recrut*",
        "impact*",
        "attractiv*",
        "reputation*",
        "interest*",
        "benefit*",
        "gain*",
        "advantage*",
        "visibility",
        "value*",
        "mission*",
        "recruit*",
        "impact*",
        "reputation*",
    ),
    "interest_mutual": (
        "mutuel*",
        "reciproque*",
        "gagnant*",
        "chacun",
        "chacune",
        "ensemble",
        "seul",
        "seuls",
        "complementar*",
        "mutual*",
        "reciproc*",
        "win",
        "each",
        "alone",
        "together",
        "complementar*",
    ),
}

CRITERIA: dict[str, tuple[str, ...]] = {
    "vision": ("vision_issue", "vision_territory", "vision_goal"),
    "expertise": ("expertise_members", "expertise_words"),
    "interest": ("interest_words", "interest_members", "interest_mutual"),
}
# How many members an answer should name: several for expertise, at least two for interest
# (fewer when the table has fewer members).
MEMBERS_TO_NAME = {"expertise_members": 3, "interest_members": 2}


@dataclass(frozen=True)
class AnswerCheck:
    chars: int
    words: int
    level: Level
    covered: list[str]
    missing: list[str]
    own_words: int = 0

    @property
    def done(self) -> bool:
        return self.level in ("ok", "long")

    @property
    def progress(self) -> float:
        """How far the answer is, 0 to 1 (1 only when it counts as written)."""
        if self.done:
            return 1.0
        if self.level in ("empty", "draft"):
            return 0.0
        if self.level == "own":
            return min(0.95, self.own_words / answers.MIN_OWN_WORDS)
        return min(0.95, self.chars / MIN_ANSWER_CHARS)


def _keyword_pattern(keywords: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for word in keywords:
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        else:
            parts.append(re.escape(word))
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


_PATTERNS = {code: _keyword_pattern(words) for code, words in KEYWORDS.items()}
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,}\b")


def _name_variants(name: str) -> set[str]:
    """Ways an answer may refer to a member: its full name, the name without the part in
    brackets, what is in brackets, and its acronyms (ATD, TEZEA, ETCLD...)."""
    variants = {name, re.sub(r"\([^)]*\)", " ", name)}
    variants.update(re.findall(r"\(([^)]*)\)", name))
    variants.update(re.split(r"\s+[–—-]\s+", name))
    variants.update(_ACRONYM.findall(name))
    return {v for v in (_norm(x) for x in variants) if len(v) >= 2}


def members_named(text: str, members: Iterable[Member]) -> list[str]:
    """Ids of the members an answer mentions by name (whole words, accents and case ignored)."""
    normalised = _norm(text)
    found = []
    for member in members:
        for variant in _name_variants(member.name):
            if re.search(r"(?<!\w)" + re.escape(variant) + r"(?!\w)", normalised):
                found.append(member.id)
                break
    return found


# Draft lines written by draft_from_members rather than by the learner: an untouched scaffold
# must not count as an answer (neither its length nor its keywords).
SCAFFOLD_KEYS = (
    "analysis.draft.expertise_intro",
    "analysis.draft.interest_intro",
    "analysis.draft.vision_families",
    "analysis.draft.vision_roles",
    "analysis.draft.vision_scaffold",
)


@lru_cache(maxsize=1)
def _scaffold_lines() -> re.Pattern[str] | None:
    alternatives = []
    for lang in LANGUAGES:
        messages = load_messages(lang)
        for key in SCAFFOLD_KEYS:
            template = messages.get(key)
            if not template:
                continue
            parts = re.split(r"\{[a-z_]+\}", " ".join(template.split()))
            alternatives.append(".*?".join(re.escape(part) for part in parts))
    if not alternatives:
        return None
    return re.compile(r"^[ \t]*(?:" + "|".join(alternatives) + r")[ \t]*$", re.MULTILINE)


def without_scaffold(text: str) -> str:
    """The text less the lines of a draft that the learner left as generated."""
    pattern = _scaffold_lines()
    text = "\n".join(
        " ".join(line.split()) if line.strip() else "" for line in (text or "").splitlines()
    )
    return (pattern.sub("", text) if pattern else text).strip()


def answer_level(chars: int) -> Level:
    if chars == 0:
        return "empty"
    if chars < MIN_ANSWER_CHARS:
        return "short"
    if chars > LONG_ANSWER_CHARS:
        return "long"
    return "ok"


def answer_check(question: str, text: str, members: Sequence[Member] = ()) -> AnswerCheck:
    """Length and coverage of an answer to one of the three questions.

    Level: "empty", "short" (under MIN_ANSWER_CHARS), "ok", "long" (over LONG_ANSWER_CHARS).
    Criteria (``CRITERIA[question]``, explained by ``analysis.criterion.<code>``) are met by
    keywords in French or English, or by naming members of the table; a criterion on members
    is left out when the table is empty. An empty answer covers nothing. Lines of a draft left as
    ``draft_from_members`` wrote them (intros, the vision scaffold) count neither for the length
    nor for the criteria; the members' lines do.
    """
    if question not in CRITERIA:
        raise ValueError(f"unknown question: {question!r}")
    stripped = without_scaffold(text)
    normalised = _norm(stripped)
    covered: list[str] = []
    missing: list[str] = []
    for code in CRITERIA[question]:
        if code in MEMBERS_TO_NAME:
            if not members:
                continue
            needed = min(MEMBERS_TO_NAME[code], len(members))
            met = bool(stripped) and len(members_named(stripped, members)) >= needed
        else:
            met = bool(_PATTERNS[code].search(normalised))
        (covered if met else missing).append(code)
    own = answers.word_count(answers.own_words(question, text, members))
    state = answers.answer_state(question, text, members)
    level: Level = answer_level(len(stripped))
    if state in ("empty", "draft"):
        level = state
    elif state == "short" and level != "short":
        level = "own"
    return AnswerCheck(
        chars=len(stripped),
        words=len(re.findall(r"\w+", stripped)),
        level=level,
        covered=covered,
        missing=missing,
        own_words=own,
    )


def level_message(check: AnswerCheck, t: Translate) -> str:
    """The length indicator as a sentence (``analysis.level.<level>``)."""
    return t(
        f"analysis.level.{check.level}",
        chars=check.chars,
        min=MIN_ANSWER_CHARS,
        max=LONG_ANSWER_CHARS,
        words=check.own_words,
        min_words=answers.MIN_OWN_WORDS,
    )
