"""Is this answer written by the learner? One rule for every place that shows progress.

« Partir d'un brouillon » fills a question with a draft built from the members table
(``domain.analysis.draft_from_members``): fixed intro lines, one line per member, and for the
vision a sentence with « … (hint) » placeholders. An untouched draft is not an answer. This
module tells the learner's own words apart from what the app wrote:

- the fixed lines of a draft (intros, the vision scaffold) and the lines it generated from the
  members table are not the learner's own words;
- « … » placeholders (with their hint in brackets) are ignored, and so are the fixed parts of
  the scaffold sentence when the learner completed it in place;
- an answer is *written* when it is long enough (``MIN_ANSWER_CHARS``, the generated member lines
  included: they are the learner's notes) and holds at least ``MIN_OWN_WORDS`` words of the
  learner's own.

``answer_state`` says which of "empty", "draft", "short", "written" an answer is; the sidebar,
the Analyse page, the Synthèse checklist, the summary and the forum post all read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Literal

from domain.i18n import LANGUAGES, load_messages
from domain.models import Member

MIN_ANSWER_CHARS = 200  # about three sentences: below this an answer is a note, not an analysis
MIN_OWN_WORDS = 15  # words the learner wrote, beyond what the draft put there

AnswerState = Literal["empty", "draft", "short", "written"]

# Lines a draft writes as they are (no learner text in them but counts and family labels).
FIXED_KEYS = (
    "analysis.draft.expertise_intro",
    "analysis.draft.interest_intro",
    "analysis.draft.vision_families",
    "analysis.draft.vision_roles",
    "analysis.draft.vision_scaffold",
)
# The member lines of a draft, per question: (template key, the member's field it quotes).
MEMBER_LINES = {
    "expertise": ("analysis.draft.line", "expertise"),
    "interest": ("analysis.draft.line", "interest"),
    "vision": ("analysis.draft.role_line", "role"),
}
# « … » or "..." with an optional hint in brackets: a hole of the scaffold.
_PLACEHOLDER = re.compile(r"(?:…|\.\.\.)\s*(?:\([^)\n]*\))?")
_WORD = re.compile(r"\w+")


def _squeeze(line: str) -> str:
    return " ".join(line.split())


def _template_pattern(template: str) -> str:
    parts = re.split(r"\{[a-z_]+\}", _squeeze(template))
    return ".*?".join(re.escape(part) for part in parts)


@lru_cache(maxsize=1)
def fixed_lines() -> re.Pattern[str]:
    """A whole (squeezed) line that a draft writes as it is."""
    alternatives = []
    for lang in LANGUAGES:
        messages = load_messages(lang)
        alternatives += [_template_pattern(messages[k]) for k in FIXED_KEYS if messages.get(k)]
    return re.compile(r"^(?:" + "|".join(alternatives) + r")$")


@lru_cache(maxsize=1)
def _scaffold_fragments() -> tuple[str, ...]:
    """The fixed words of the scaffold sentence (at least three words each), longest first:
    what is left of it when the learner filled its holes in place."""
    fragments: list[str] = []
    for lang in LANGUAGES:
        template = load_messages(lang).get("analysis.draft.vision_scaffold", "")
        for part in _PLACEHOLDER.split(_squeeze(template)):
            part = part.strip(" ,.;:")
            if len(_WORD.findall(part)) >= 3:
                fragments.append(part)
    return tuple(sorted(set(fragments), key=len, reverse=True))


def _generated_member_lines(question: str, members: Iterable[Member]) -> set[str]:
    """The lines ``draft_from_members`` writes for these members, in every language."""
    key, column = MEMBER_LINES.get(question, ("", ""))
    if not key:
        return set()
    members = list(members)
    lines: set[str] = set()
    for lang in LANGUAGES:
        messages = load_messages(lang)
        template = messages.get(key, "")
        for member in members:
            text = _squeeze(getattr(member, column))
            if not text:
                continue
            family = messages.get(f"family.{member.family.value}", member.family.value)
            lines.add(
                _squeeze(template.format(name=member.name, family=family, text=text, role=text))
            )
    return lines


def without_placeholders(text: str) -> str:
    """The text less the draft's fixed lines and its « … (hint) » holes, one space per gap."""
    fixed = fixed_lines()
    kept = []
    for line in (text or "").splitlines():
        line = _squeeze(line)
        if not line or fixed.match(line):
            continue
        line = _squeeze(_PLACEHOLDER.sub(" ", line))
        if line and _WORD.search(line):
            kept.append(line)
    return "\n".join(kept)


def own_words(question: str, text: str, members: Sequence[Member] = ()) -> str:
    """What the learner wrote in an answer: no draft line, no placeholder, no scaffold words."""
    generated = _generated_member_lines(question, members)
    kept = []
    for line in without_placeholders(text).splitlines():
        if line in generated:
            continue
        for fragment in _scaffold_fragments():
            line = line.replace(fragment, " ")
        line = _squeeze(line)
        if _WORD.search(line):
            kept.append(line)
    return "\n".join(kept)


def word_count(text: str) -> int:
    return len(_WORD.findall(text or ""))


def answer_state(question: str, text: str, members: Sequence[Member] = ()) -> AnswerState:
    """ "empty" (nothing typed), "draft" (nothing but what a draft wrote), "short" (the
    learner's words, not enough of them yet) or "written" (an answer)."""
    if not (text or "").strip():
        return "empty"
    own = own_words(question, text, members)
    if not own:
        return "draft"
    enough = len(without_placeholders(text)) >= MIN_ANSWER_CHARS
    if enough and word_count(own) >= MIN_OWN_WORDS:
        return "written"
    return "short"


def answer_written(question: str, text: str, members: Sequence[Member] = ()) -> bool:
    """True when the answer counts as done, everywhere progress or completeness is shown."""
    return answer_state(question, text, members) == "written"
