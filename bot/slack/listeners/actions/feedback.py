"""Thumbs up/down on an answer: recorded per intent (no user ids), counted once per person."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.slack import dedup
from bot.slack.deps import Deps
from bot.slack.listeners.acks import ack_now
from bot.slack.web_api import note_privately


def rating(action: dict[str, Any]) -> tuple[bool, str]:
    """(thumbs up?, intent) from Slack's feedback buttons ("up|intent") or, on messages
    posted before them, the feedback_up / feedback_down buttons (value: the intent)."""
    value = str(action.get("value", ""))
    if action.get("action_id") == "feedback":
        side, _, intent = value.partition("|")
        return side == "up", intent if side in {"up", "down"} else ""
    return action.get("action_id") == "feedback_up", value


def register(app: AsyncApp, deps: Deps) -> None:
    async def vote(body: dict[str, Any], action: dict[str, Any]) -> None:
        up, intent = rating(action)
        if not intent or not await deps.engine.vote(intent, up):
            return
        key = dedup.vote(body)
        await note_privately(deps, body, key, "feedback_thanks")

    once_per_vote = dedup.once(deps, dedup.vote)  # one vote per person and message
    app.action(re.compile(r"^feedback(_up|_down)?$"), middleware=[once_per_vote])(
        ack=ack_now, lazy=[vote]
    )
