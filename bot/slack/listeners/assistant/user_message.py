"""A message in an assistant thread: answered in the thread like a DM (follow-ups, the
advisor, described projects), with a status while it works and, for the first
question, the thread's title."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAssistant
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.set_status.async_set_status import AsyncSetStatus
from slack_bolt.context.set_title.async_set_title import AsyncSetTitle

from bot.reply import Turn
from bot.slack.last_recommendation import remember
from bot.slack.listeners.acks import ack_now
from bot.slack.replying import Deps, Place, call, first_delivery, handle, post_reply
from bot.slack.thread_context import is_assistant_thread
from bot.storage.protocol import StoreError

TITLE_CHARS = 80


async def is_new_conversation(deps: Deps, place: Place) -> bool:
    try:
        return await deps.store.get(place.key) is None
    except StoreError:
        return False


# Bolt's AsyncAssistant types lazy listeners as plain functions; ours are coroutines.
def register(assistant: AsyncAssistant, deps: Deps) -> None:
    async def answer_in_thread(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        set_status: AsyncSetStatus,
        set_title: AsyncSetTitle,
    ) -> None:
        if not await first_delivery(deps, body) or event.get("subtype"):
            return
        team = str(body.get("team_id") or event.get("team") or "")
        place = Place(team, event["channel"], event["thread_ts"], context.bot_token)
        text = str(event.get("text", ""))
        # Bolt sends every DM thread here; only the panel's threads have a status and title.
        if await is_assistant_thread(deps.store, place.channel, event["thread_ts"]):
            status = deps.kb.surfaces.assistant.status
            await call(deps, "assistant.threads.setStatus", set_status(status=status))
            if text.strip() and await is_new_conversation(deps, place):
                title = text[:TITLE_CHARS]
                await call(deps, "assistant.threads.setTitle", set_title(title=title))
        reply = await handle(deps, place, Turn(text=text))
        await post_reply(deps, place, reply, f"event:{body.get('event_id') or event.get('ts')}")
        await remember(deps, place, str(event.get("user", "")), reply)

    assistant.user_message(lazy=[answer_in_thread])(ack_now)  # type: ignore[list-item]
