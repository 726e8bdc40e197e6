"""Steps 2 and 3 (choose an alliance and analyse it) as pure functions, in three modules by
concern; this module gathers them for the pages:

- ``domain.members``: the members table (``members_to_rows`` feeds ``st.data_editor``;
  ``apply_editor_delta`` applies its delta), ``parse_family``, ``move_member``,
  ``edit_error_messages``, ``family_labels``, ``family_counts``;
- ``domain.alliances``: catalogue → carnet (``alliance_from_catalogue``...);
- ``domain.questions``: help with the three questions (``draft_from_members``,
  ``missing_families``, ``answer_check`` with the keywords of ``data/answer_keywords.json``).

Everything user-facing is a code plus params; the UI translates with the keys of
``data/locales/<lang>/analysis.json`` (``analysis.prompt.<code>``, ``analysis.criterion.<code>``,
``analysis.level.<level>``, ``analysis.error.<code>``, ``analysis.column.<column>``,
``family.<code>``).
"""

from __future__ import annotations

from domain.alliances import (
    alliance_from_catalogue,
    members_from_catalogue,
)
from domain.members import (
    COLUMN_LIMITS,
    ID_COLUMN,
    MEMBER_COLUMNS,
    EditResult,
    apply_editor_delta,
    edit_error_messages,
    family_counts,
    family_labels,
    members_to_rows,
    move_member,
    parse_family,
)
from domain.progress import MIN_ANSWER_CHARS
from domain.questions import (
    CRITERIA,
    EXPECTED_FAMILIES,
    KEYWORDS_FILE,
    LONG_ANSWER_CHARS,
    MEMBERS_TO_NAME,
    MIN_ALLIANCE_MEMBERS,
    SCAFFOLD_KEYS,
    AnswerCheck,
    Level,
    Prompt,
    Severity,
    answer_check,
    answer_level,
    draft_from_members,
    keywords,
    level_message,
    members_named,
    missing_families,
    without_scaffold,
)

__all__ = [
    "AnswerCheck",
    "COLUMN_LIMITS",
    "CRITERIA",
    "EXPECTED_FAMILIES",
    "EditResult",
    "ID_COLUMN",
    "KEYWORDS_FILE",
    "LONG_ANSWER_CHARS",
    "Level",
    "MEMBERS_TO_NAME",
    "MEMBER_COLUMNS",
    "MIN_ALLIANCE_MEMBERS",
    "MIN_ANSWER_CHARS",
    "Prompt",
    "SCAFFOLD_KEYS",
    "Severity",
    "alliance_from_catalogue",
    "answer_check",
    "answer_level",
    "apply_editor_delta",
    "draft_from_members",
    "edit_error_messages",
    "family_counts",
    "family_labels",
    "keywords",
    "level_message",
    "members_from_catalogue",
    "members_named",
    "members_to_rows",
    "missing_families",
    "move_member",
    "parse_family",
    "without_scaffold",
]
