"""A conversation's state as a stored record: versioned JSON, read back defensively
(an unreadable record starts the person afresh rather than failing every turn)."""

from __future__ import annotations

import json
import logging
from typing import Any

from bot.dialogue.advisor import AdvisorState
from bot.dialogue.conversation import ConversationState

STATE_VERSION = 1
log = logging.getLogger(__name__)


class CorruptState(ValueError):
    """A stored record that cannot be read as this version's state."""


def encode_state(state: ConversationState) -> str | None:
    """Versioned JSON; None (delete the record) when there is nothing to remember."""
    if state == ConversationState():
        return None
    run = state.advisor
    return json.dumps(
        {
            "v": STATE_VERSION,
            "last_intent": state.last_intent,
            "offered": list(state.offered),
            **({"noted": [list(pair) for pair in state.noted]} if state.noted else {}),
            "advisor": None
            if run is None
            else {
                "answers": [list(pair) for pair in run.answers],
                "position": run.position,
                "revising": run.revising,
                "asking": None if run.asking is None else list(run.asking),
            },
        },
        separators=(",", ":"),
    )


def _text(value: Any, field: str, optional: bool = False) -> Any:
    if (value is None and optional) or isinstance(value, str):
        return value
    raise CorruptState(f"{field} must be text")


def decode_state(raw: str | None) -> ConversationState:
    """Read a stored record; raises CorruptState when it is not this version's shape."""
    if raw is None:
        return ConversationState()
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise CorruptState(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("v") != STATE_VERSION:
        version = data.get("v") if isinstance(data, dict) else None
        raise CorruptState(f"unknown version {version!r}")
    offered = data.get("offered", [])
    if not isinstance(offered, list):
        raise CorruptState("offered must be a list")
    run = data.get("advisor")
    advisor_state = None
    if run is not None:
        if not isinstance(run, dict) or not isinstance(run.get("answers"), list):
            raise CorruptState("advisor must hold a list of answers")
        answers = run["answers"]
        if not all(isinstance(a, list) and len(a) == 2 for a in answers):
            raise CorruptState("each answer must be a [question, value] pair")
        position = run.get("position")
        if not isinstance(position, int) or isinstance(position, bool) or position < 0:
            raise CorruptState("position must be a whole number")
        asking = run.get("asking")  # absent in records written before descriptions
        if asking is not None and not isinstance(asking, list):
            raise CorruptState("asking must be a list")
        advisor_state = AdvisorState(
            answers=tuple((_text(q, "question"), _text(v, "value")) for q, v in answers),
            position=position,
            revising=_text(run.get("revising"), "revising", optional=True),
            asking=None if asking is None else tuple(_text(q, "asking") for q in asking),
        )
    noted = data.get("noted", [])  # absent unless a described project was noted
    if not isinstance(noted, list) or not all(isinstance(a, list) and len(a) == 2 for a in noted):
        raise CorruptState("noted must be a list of [question, value] pairs")
    return ConversationState(
        last_intent=_text(data.get("last_intent"), "last_intent", optional=True),
        offered=tuple(_text(o, "offered") for o in offered),
        advisor=advisor_state,
        noted=tuple((_text(q, "question"), _text(v, "value")) for q, v in noted),
    )


def load_state(key: str, raw: str | None) -> ConversationState:
    """The stored state, or a fresh one (with a log line) when the record is unreadable."""
    try:
        return decode_state(raw)
    except CorruptState as exc:
        log.warning("discarding unreadable conversation state for %s: %s", key, exc)
        return ConversationState()
