"""Help with the three questions: drafts from the members table, prompts on what the table
lacks, and the completeness of an answer (length, and a transparent check of what it covers:
keywords of ``data/answer_keywords.json`` and members named)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from domain import answers
from domain.members import family_counts
from domain.models import (
    MAX_ANSWER,
    Family,
    Member,
)
from domain.progress import MIN_ANSWER_CHARS
from domain.text import fold

Translate = Callable[..., str]

KEYWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "answer_keywords.json"


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
    params: dict[str, Any] = field(default_factory=dict)
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


@lru_cache(maxsize=1)
def keywords() -> dict[str, tuple[str, ...]]:
    """The keywords of each criterion (``data/answer_keywords.json``, read once)."""
    data = json.loads(KEYWORDS_FILE.read_text(encoding="utf-8"))
    return {code: tuple(words) for code, words in data.items() if not code.startswith("_")}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return {code: _keyword_pattern(words) for code, words in keywords().items()}


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,}\b")


def _name_variants(name: str) -> set[str]:
    """Ways an answer may refer to a member: its full name, the name without the part in
    brackets, what is in brackets, and its acronyms (ATD, TEZEA, ETCLD...)."""
    variants = {name, re.sub(r"\([^)]*\)", " ", name)}
    variants.update(re.findall(r"\(([^)]*)\)", name))
    variants.update(re.split(r"\s+[–—-]\s+", name))
    variants.update(_ACRONYM.findall(name))
    return {v for v in (fold(x) for x in variants) if len(v) >= 2}


def members_named(text: str, members: Iterable[Member]) -> list[str]:
    """Ids of the members an answer mentions by name (whole words, accents and case ignored)."""
    normalised = fold(text)
    found = []
    for member in members:
        for variant in _name_variants(member.name):
            if re.search(r"(?<!\w)" + re.escape(variant) + r"(?!\w)", normalised):
                found.append(member.id)
                break
    return found


# Draft lines written by draft_from_members rather than by the learner: an untouched scaffold
# must not count as an answer (neither its length nor its keywords). domain.answers owns them.
SCAFFOLD_KEYS = answers.FIXED_KEYS


def without_scaffold(text: str) -> str:
    """The text less the lines of a draft that the learner left as generated."""
    fixed = answers.fixed_lines()
    lines = (" ".join(line.split()) for line in (text or "").splitlines())
    return "\n".join("" if fixed.match(line) else line for line in lines).strip()


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
    normalised = fold(stripped)
    covered: list[str] = []
    missing: list[str] = []
    for code in CRITERIA[question]:
        if code in MEMBERS_TO_NAME:
            if not members:
                continue
            needed = min(MEMBERS_TO_NAME[code], len(members))
            met = bool(stripped) and len(members_named(stripped, members)) >= needed
        else:
            met = bool(_patterns()[code].search(normalised))
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
