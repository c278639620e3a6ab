"""@advisor in a channel: answer in the message's thread; follow-ups keep context."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps, Place
from bot.slack.last_recommendation import remember
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import event_key
from bot.slack.turns import handle
from bot.slack.web_api import post_reply


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_mention(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        team = str(body.get("team_id") or event.get("team") or "")
        thread = event.get("thread_ts") or event["ts"]
        place = Place(team, event["channel"], thread, context.bot_token)
        reply = await handle(deps, place, Turn(text=str(event.get("text", ""))))
        await post_reply(deps, place, reply, event_key(body, event), user=event.get("user"))
        await remember(deps, place, str(event.get("user", "")), reply)  # for App Home

    app.event("app_mention", middleware=[once_per_event(deps)])(ack=ack_now, lazy=[answer_mention])
