"""A "did you mean" or related-question button: post that answer where it was asked."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.conversation import Turn
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.actions.clicks import click_key, first_click, place_of
from bot.slack.replying import Deps, handle, post_reply, respond_later


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_click(
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
    ) -> None:
        if not await first_click(deps, body, action):
            return
        if str(action.get("action_id", "")).startswith("suggest_"):
            deps.metrics.clicked.inc()
        intent, _, thread = str(action.get("value", "")).partition("|")
        place = place_of(body, thread or None, context.bot_token)
        key = click_key(body, action)
        if (body.get("container") or {}).get("is_ephemeral"):
            await respond_later(deps, body, f"{key}:delete", delete_original=True)
        reply = await handle(deps, place, Turn(action="intent", value=intent))
        await post_reply(deps, place, reply, key, user=(body.get("user") or {}).get("id"))

    app.action(re.compile(r"^(intent|suggest)_\d+$"))(ack=ack_now, lazy=[answer_click])
