"""Every message id the code asks knowledge/messages.yaml for, declared once.

`MessageId` is the one list: `Messages.text` takes only these (mypy checks each use),
`kb check` wants each in messages.yaml and no other, and tests/test_names.py fails when
an id is declared that no code uses. An id chosen at run time comes from a family below
(`family`: each member's id, checked against `MessageId` as this module loads), never
from a string assembled where it is asked for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal, TypeVar, cast, get_args

from bot.base.controls import CONTROLS, Control
from bot.base.sides import CLARITIES, EDGES, RECOMMENDATIONS, SIDES

MessageId = Literal[
    "fallback",
    "other_technology",
    "framework",
    "left_out",
    "unsure",
    "nothing_more",
    "nothing_to_expand",
    "no_list",
    "pick_a_number",
    "pick_the_one",
    "described",
    "not_understood",
    "pick_an_option",
    "already_choosing",
    "nothing_to_cancel",
    "session_ended",
    "outcome_node",
    "outcome_django",
    "outcome_both",
    "clarity_clear",
    "clarity_leaning",
    "clarity_close_call",
    "clarity_provisional",
    "outcome_none",
    "close_call_tie",
    "strengths_node",
    "strengths_django",
    "would_tip",
    "next_most",
    "no_pick",
    "hybrid",
    "question_heading",
    "changing_heading",
    "your_answer",
    "skipped",
    "why_i_ask",
    "recommend",
    "why_heading",
    "would_change",
    "solid",
    "recommendation_title",
    "picking_up",
    "understood",
    "tailor_offer",
    "change_option",
    "change_which",
    "nothing_to_change",
    "advisor_cancelled",
    "already_answered",
    "starting_over",
    "first_question",
    "no_such_question",
    "finish_first",
    "nothing_to_decide",
    "control_back",
    "control_skip",
    "control_why",
    "control_cancel",
    "control_decide",
    "control_restart",
    "control_share",
    "edge_node",
    "edge_django",
    "edge_tie",
    "edge_short_node",
    "edge_short_django",
    "edge_short_tie",
    "comparison_title",
    "at_a_glance",
    "unknown_criterion",
    "side_on",
    "feedback_thanks",
    "stale_button",
    "store_sorry",
    "source_line",
    "compare_hint",
    "edge_badge_node",
    "edge_badge_django",
    "edge_badge_tie",
    "question_progress",
    "not_quite",
    "related_heading",
    "helpful",
    "not_helpful",
    "change_answer",
    "shared_by",
    "advisor_in_dm",
    "chat_welcome",
    "chat_goodbye",
    "chat_unknown_command",
    "terminal_alternatives",
    "terminal_related",
    "terminal_or",
    "terminal_change_hint",
    "clicked_back",
    "clicked_skip",
    "clicked_why",
    "clicked_cancel",
    "clicked_restart",
    "clicked_decide",
    "shared_in",
    "not_shared",
    "shared_fallback",
    "thread_read",
    "thread_cut_short",
    "thread_disagrees",
    "thread_nothing",
    "thread_nothing_private",
    "thread_no_access",
    "thread_reading",
]
MESSAGE_IDS: tuple[MessageId, ...] = get_args(MessageId)

# The placeholders the code fills in, for the messages that have any.
PLACEHOLDERS: Mapping[MessageId, frozenset[str]] = MappingProxyType(
    {
        "other_technology": frozenset({"name"}),
        "framework": frozenset({"name"}),
        "left_out": frozenset({"name"}),
        "pick_a_number": frozenset({"count"}),
        "pick_an_option": frozenset({"count"}),
        "question_heading": frozenset({"number", "total"}),
        "changing_heading": frozenset({"title"}),
        "your_answer": frozenset({"answer"}),
        "why_i_ask": frozenset({"why"}),
        "recommend": frozenset({"clarity", "outcome"}),
        "would_change": frozenset({"option", "other", "question"}),
        "close_call_tie": frozenset({"option", "outcome", "question"}),
        "would_tip": frozenset({"option", "other", "question"}),
        "next_most": frozenset({"count", "question", "total"}),
        "recommendation_title": frozenset({"outcome"}),
        "understood": frozenset({"parts"}),
        "tailor_offer": frozenset({"noted"}),
        "change_option": frozenset({"title"}),
        "comparison_title": frozenset({"criterion"}),
        "unknown_criterion": frozenset({"asked", "names"}),
        "side_on": frozenset({"criterion", "side"}),
        "question_progress": frozenset({"current", "total"}),
        "shared_by": frozenset({"user"}),
        "terminal_or": frozenset({"words"}),
        "shared_in": frozenset({"channel"}),
        "not_shared": frozenset({"channel"}),
        "thread_read": frozenset({"count"}),
        "thread_disagrees": frozenset({"titles"}),
    }
)


def placeholders(message: MessageId) -> frozenset[str]:
    return PLACEHOLDERS.get(message, frozenset())


K = TypeVar("K", bound=str)


def family(prefix: str, names: Iterable[K]) -> Mapping[K, MessageId]:
    """One message per member of a typed name, `PREFIX_member` (a space as `_`). Every id
    must be declared in `MessageId`, or importing this module fails: a typo never waits
    for the one path that asks for it."""
    ids = {name: f"{prefix}_{name.replace(' ', '_')}" for name in names}
    undeclared = sorted(set(ids.values()) - set(MESSAGE_IDS))
    if undeclared:
        raise ValueError(f"message ids missing from MessageId: {', '.join(undeclared)}")
    return cast(dict[K, MessageId], ids)


# Families: one message per member of a typed name.
RECOMMENDATION_NAME = family("outcome", RECOMMENDATIONS)
CLARITY_WORD = family("clarity", CLARITIES)
STRENGTHS_HEADING = family("strengths", SIDES)  # a close call: each side's strengths
CONTROL_LABEL = family("control", CONTROLS)
# The note that replaces a clicked button (sharing posts elsewhere and leaves it).
NOTED: tuple[Control, ...] = tuple(c for c in CONTROLS if c != "share")
CONTROL_CLICKED: Mapping[Control, MessageId] = family("clicked", NOTED)
EDGE_LINE = family("edge", EDGES)
EDGE_SHORT = family("edge_short", EDGES)
EDGE_BADGE = family("edge_badge", EDGES)
