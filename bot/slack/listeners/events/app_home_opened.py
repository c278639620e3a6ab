"""App Home: what the assistant does, examples, the advisor, comparisons and the
person's last recommendation."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps
from bot.slack.dm_channels import remember_dm
from bot.slack.home_view import home_view
from bot.slack.keys import delivery, event_key
from bot.slack.last_recommendation import recall
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import asker


def register(app: AsyncApp, deps: Deps) -> None:
    async def publish_home(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        who = asker(body, context)
        await remember_dm(deps, who.team, who.user, who.channel)
        if event.get("tab", "home") != "home":
            return
        last = await recall(deps, who.team, who.user)
        args = {"user_id": who.user, "view": home_view(deps.engine.home(), last)}
        key = delivery(event_key(str(body.get("event_id"))), "home")
        await deps.outbox.send_entry(
            deps.outbox.prepare(key, "views.publish", args, who.user, context.bot_token)
        )

    app.event("app_home_opened", middleware=[once_per_event(deps)])(
        ack=ack_now, lazy=[publish_home]
    )
