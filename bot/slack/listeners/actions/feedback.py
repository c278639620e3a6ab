"""Thumbs up/down on an answer: recorded per intent (no user ids), counted once per person."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.slack import dedup
from bot.slack.buttons import FEEDBACK, OLD_FEEDBACK, Rating, exactly
from bot.slack.deps import Deps
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.catch_all import tell_stale
from bot.slack.web_api import note_privately


def register(app: AsyncApp, deps: Deps) -> None:
    async def vote(body: dict[str, Any], action: dict[str, Any]) -> None:
        rating = Rating.parse(str(action.get("action_id", "")), str(action.get("value", "")))
        if rating is None:
            await tell_stale(deps, body, action)
            return
        if not await deps.engine.vote(rating.intent, rating.up):
            return
        key = dedup.vote(body)
        await note_privately(deps, body, key, "feedback_thanks")

    once_per_vote = dedup.once(deps, dedup.vote)  # one vote per person and message
    app.action(exactly(FEEDBACK, *OLD_FEEDBACK), middleware=[once_per_vote])(
        ack=ack_now, lazy=[vote]
    )
