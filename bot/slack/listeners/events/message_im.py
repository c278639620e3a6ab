"""Direct messages: the full engine (FAQ, follow-ups, the advisor)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps
from bot.slack.dm_channels import remember_dm
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import asker, event_key
from bot.slack.turns import answer


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
        who = asker(body, context)
        turn = Turn(text=str(event.get("text", "")))
        await answer(deps, who.here, turn, event_key(body, event), who.user)
        await remember_dm(deps, who.team, who.user, who.channel)  # for the form

    plain_dm = app.event("message", matchers=[is_plain_dm], middleware=[once_per_event(deps)])
    plain_dm(ack=ack_now, lazy=[answer_dm])
    # Every other message event (channels, edits, deletions, bots) is acknowledged and
    # ignored, so Bolt does not log it as unhandled.
    app.event("message")(ack_now)
