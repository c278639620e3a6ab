"""A "did you mean", "Not quite?" or related-question button: post that answer where it
was asked (on a private reply, privately). A "Not quite?" click is also recorded as a
confusion for `advisor kb gaps`."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.dedup import once_per_click
from bot.slack.deps import Deps
from bot.slack.keys import is_private_channel
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import click_key, is_private_click, place_of
from bot.slack.turns import handle
from bot.slack.web_api import post_reply, reply_privately, respond_later


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_click(
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
    ) -> None:
        kind = str(action.get("action_id", "")).partition("_")[0]
        intent, _, rest = str(action.get("value", "")).partition("|")
        thread, _, answered = rest.partition("|")
        if kind == "suggest":
            await deps.engine.suggestion_clicked()
        if kind == "alt" and answered:
            await deps.engine.alternative_clicked(answered, intent)
        place = place_of(body, thread or None, context.bot_token)
        key = click_key(body, action)
        reply = await handle(deps, place, Turn(action="intent", value=intent))
        if is_private_channel(place.channel):  # a private reply's button: private again
            await reply_privately(deps, body, reply, key)
            return
        # A private "did you mean" under a public mention: answered in that mention's
        # thread, where it was asked; the private prompt goes.
        if is_private_click(body):
            await respond_later(deps, body, f"{key}:delete", delete_original=True)
        await post_reply(deps, place, reply, key, user=(body.get("user") or {}).get("id"))

    buttons = re.compile(r"^(intent|suggest|alt)_\d+$")
    app.action(buttons, middleware=[once_per_click(deps)])(ack=ack_now, lazy=[answer_click])
