"""Direct messages: the full engine (FAQ, follow-ups, the advisor)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps, Place
from bot.slack.dm_channels import remember_dm
from bot.slack.last_recommendation import remember
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import event_key
from bot.slack.turns import handle
from bot.slack.web_api import post_reply


async def is_plain_dm(event: dict[str, Any]) -> bool:
    """A person's new message in a DM: not an edit, deletion, join or another bot."""
    return (
        event.get("channel_type") == "im"
        and "subtype" not in event
        and "bot_id" not in event
        and bool(event.get("user"))
    )


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_dm(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        team = str(body.get("team_id") or event.get("team") or "")
        place = Place(team, event["channel"], event.get("thread_ts"), context.bot_token)
        reply = await handle(deps, place, Turn(text=str(event.get("text", ""))))
        await post_reply(deps, place, reply, event_key(body, event))
        await remember(deps, place, str(event.get("user", "")), reply)  # for App Home
        await remember_dm(deps, team, str(event.get("user", "")), place.channel)  # for the form

    plain_dm = app.event("message", matchers=[is_plain_dm], middleware=[once_per_event(deps)])
    plain_dm(ack=ack_now, lazy=[answer_dm])
    # Every other message event (channels, edits, deletions, bots) is acknowledged and
    # ignored, so Bolt does not log it as unhandled.
    app.event("message")(ack_now)
