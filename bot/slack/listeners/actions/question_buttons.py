"""A "did you mean", "Not quite?" or related-question button: post that answer where it
was asked. A "Not quite?" click is also recorded as a confusion for `advisor kb gaps`."""

from __future__ import annotations

import contextlib
import re
import time
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.ops.analytics import record_confusion
from bot.reply import Turn
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.actions.clicks import click_key, first_click, place_of
from bot.slack.replying import Deps, handle, post_reply, respond_later
from bot.storage.protocol import StoreError


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_click(
        body: dict[str, Any],
        action: dict[str, Any],
        context: AsyncBoltContext,
    ) -> None:
        if not await first_click(deps, body, action):
            return
        kind = str(action.get("action_id", "")).partition("_")[0]
        intent, _, rest = str(action.get("value", "")).partition("|")
        thread, _, answered = rest.partition("|")
        if kind == "suggest":
            deps.metrics.clicked.inc()
        if kind == "alt" and answered:
            deps.metrics.alternative_clicked.inc()
            with contextlib.suppress(StoreError):  # analytics never stops the answer
                await record_confusion(deps.store, answered, intent, time.time())
        place = place_of(body, thread or None, context.bot_token)
        key = click_key(body, action)
        if (body.get("container") or {}).get("is_ephemeral"):
            await respond_later(deps, body, f"{key}:delete", delete_original=True)
        reply = await handle(deps, place, Turn(action="intent", value=intent))
        await post_reply(deps, place, reply, key, user=(body.get("user") or {}).get("id"))

    app.action(re.compile(r"^(intent|suggest|alt)_\d+$"))(ack=ack_now, lazy=[answer_click])
