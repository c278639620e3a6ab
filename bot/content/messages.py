"""The assistant's own sentences (knowledge/messages.yaml): fallbacks, notices, hints.

Each message has an id the code asks for and may hold placeholders ({name}); `kb check`
reports a missing or unknown id, and a message that lost or gained a placeholder."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.base.slack_limits import SLACK_BUTTON_TEXT, SLACK_SECTION_TEXT
from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem, read_yaml

MESSAGES_FILE = "messages.yaml"
# Every message the code uses, with the placeholders it fills in.
PLACEHOLDERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "fallback": frozenset(),
        "other_technology": frozenset({"name"}),
        "framework": frozenset({"name"}),
        "left_out": frozenset({"name"}),
        "unsure": frozenset(),
        "nothing_more": frozenset(),
        "nothing_to_expand": frozenset(),
        "no_list": frozenset(),
        "pick_a_number": frozenset({"valid"}),
        "described": frozenset(),
        "not_understood": frozenset(),
        "pick_an_option": frozenset({"count"}),
        "already_choosing": frozenset(),
        "nothing_to_cancel": frozenset(),
        "session_ended": frozenset(),
        "outcome_node": frozenset(),
        "outcome_django": frozenset(),
        "outcome_both": frozenset(),
        "clarity_clear": frozenset(),
        "clarity_leaning": frozenset(),
        "clarity_close_call": frozenset(),
        "hybrid": frozenset(),
        "question_heading": frozenset({"number", "total"}),
        "changing_heading": frozenset({"title"}),
        "your_answer": frozenset({"answer"}),
        "skipped": frozenset(),
        "why_i_ask": frozenset({"why"}),
        "recommend": frozenset({"outcome", "clarity"}),
        "why_heading": frozenset(),
        "would_change": frozenset({"question", "option", "other"}),
        "solid": frozenset(),
        "recommendation_title": frozenset({"outcome"}),
        "picking_up": frozenset(),
        "understood": frozenset({"parts"}),
        "tailor_offer": frozenset({"noted"}),
        "change_option": frozenset({"title"}),
        "change_which": frozenset(),
        "nothing_to_change": frozenset(),
        "advisor_cancelled": frozenset(),
        "already_answered": frozenset(),
        "starting_over": frozenset(),
        "first_question": frozenset(),
        "no_such_question": frozenset(),
        "finish_first": frozenset(),
        "nothing_to_decide": frozenset(),
        "control_back": frozenset(),
        "control_skip": frozenset(),
        "control_why": frozenset(),
        "control_cancel": frozenset(),
        "control_decide": frozenset(),
        "control_restart": frozenset(),
        "control_share": frozenset(),
        "edge_node": frozenset(),
        "edge_django": frozenset(),
        "edge_tie": frozenset(),
        "edge_short_node": frozenset(),
        "edge_short_django": frozenset(),
        "edge_short_tie": frozenset(),
        "comparison_title": frozenset({"criterion"}),
        "at_a_glance": frozenset(),
        "unknown_criterion": frozenset({"asked", "names"}),
        "side_on": frozenset({"side", "criterion"}),
        "feedback_thanks": frozenset(),
        "stale_button": frozenset(),
        "store_sorry": frozenset(),
        "source_line": frozenset(),
        "compare_hint": frozenset(),
        "edge_badge_node": frozenset(),
        "edge_badge_django": frozenset(),
        "edge_badge_tie": frozenset(),
        "question_progress": frozenset({"current", "total"}),
        "not_quite": frozenset(),
        "related_heading": frozenset(),
        "helpful": frozenset(),
        "not_helpful": frozenset(),
        "change_answer": frozenset(),
        "shared_by": frozenset({"user"}),
        "advisor_in_dm": frozenset(),
        "chat_welcome": frozenset(),
        "chat_goodbye": frozenset(),
        "chat_unknown_command": frozenset(),
        "terminal_alternatives": frozenset(),
        "terminal_related": frozenset(),
        "terminal_or": frozenset({"words"}),
        "terminal_change_hint": frozenset(),
        "clicked_back": frozenset(),
        "clicked_skip": frozenset(),
        "clicked_why": frozenset(),
        "clicked_cancel": frozenset(),
        "clicked_restart": frozenset(),
        "clicked_decide": frozenset(),
        "shared_in": frozenset({"channel"}),
        "not_shared": frozenset({"channel"}),
        "shared_fallback": frozenset(),
        "thread_read": frozenset({"count"}),
        "thread_cut_short": frozenset(),
        "thread_disagrees": frozenset({"titles"}),
        "thread_nothing": frozenset(),
        "thread_no_access": frozenset(),
        "thread_reading": frozenset(),
    }
)


@dataclass(frozen=True, eq=False)  # hashed by identity: one per content version
class Messages:
    texts: Mapping[str, str] = field(default_factory=dict)

    def text(self, message: str, **values: object) -> str:
        return self.texts[message].format(**values) if values else self.texts[message]


# Messages that end up where Slack allows less than a section's text.
LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "helpful": SLACK_BUTTON_TEXT,
        "not_helpful": SLACK_BUTTON_TEXT,
    }  # a feedback button's accessibility label
)


def read_messages(path: Path, shown: str) -> tuple[Messages, list[Problem]]:
    doc = read_yaml(path, shown)
    if doc.data is None:
        return Messages(), list(doc.problems)
    r = FieldReader(doc.path, doc.data, required=tuple(PLACEHOLDERS), what="messages")
    texts = {m: r.text(m, max_chars=LIMITS.get(m, SLACK_SECTION_TEXT)) for m in PLACEHOLDERS}
    for message, text in texts.items():
        if message in r.data:
            problem = _placeholder_problem(text, PLACEHOLDERS[message])
            if problem:
                r.fail(message, f"'{message}' {problem}")
    return Messages(MappingProxyType(texts)), list(doc.problems) + r.problems


def _placeholder_problem(text: str, wanted: frozenset[str]) -> str:
    """Why `text` would not fill in as the code fills it (stray braces, other names)."""
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        text.format(**{name: "x" for name in wanted})
    except (ValueError, KeyError, IndexError) as exc:
        return f"cannot be filled in ({exc}); write a literal brace as {{{{ or }}}}"
    if used != wanted:
        names = ", ".join(f"{{{p}}}" for p in sorted(wanted)) or "none"
        return f"must use the placeholders {names}"
    return ""
