"""Thumbs up/down on an answer: recorded per intent (no user ids), counted once per person."""

from __future__ import annotations

import re
import time
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.ops.analytics import record_vote
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.actions.clicks import message_ts, place_of
from bot.slack.replying import Deps, first_time, respond_later
from bot.storage.protocol import StoreError

THANKS = "Thanks for the feedback! It helps us improve the answers."


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
        user = (body.get("user") or {}).get("id", "")
        place = place_of(body)
        # The user id is used only to count one vote per person and message, then expires.
        key = f"vote:{place.channel}:{message_ts(body)}:{user}"
        if not await first_time(deps, key):
            return
        up, intent = rating(action)
        if not intent:
            return
        try:
            await record_vote(deps.store, intent, up, time.time())
        except StoreError:
            return
        await respond_later(
            deps, body, key, response_type="ephemeral", replace_original=False, text=THANKS
        )

    app.action(re.compile(r"^feedback(_up|_down)?$"))(ack=ack_now, lazy=[vote])
