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
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps, Place
from bot.slack.last_recommendation import remember
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import event_key
from bot.slack.thread_context import is_assistant_thread
from bot.slack.turns import handle
from bot.slack.web_api import call, post_reply

TITLE_CHARS = 80


# Bolt's AsyncAssistant types lazy listeners as plain functions; ours are coroutines.
def register(assistant: AsyncAssistant, deps: Deps) -> None:
    async def answer_in_thread(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        set_status: AsyncSetStatus,
        set_title: AsyncSetTitle,
    ) -> None:
        if event.get("subtype"):
            return
        team = str(body.get("team_id") or event.get("team") or "")
        place = Place(team, event["channel"], event["thread_ts"], context.bot_token)
        text = str(event.get("text", ""))
        # Bolt sends every DM thread here; only the panel's threads have a status and title.
        if await is_assistant_thread(deps.store, place.channel, event["thread_ts"]):
            status = deps.engine.texts.assistant.status
            await call(deps, "assistant.threads.setStatus", set_status(status=status))
            if text.strip() and await deps.engine.is_new(place.key):
                title = text[:TITLE_CHARS]
                await call(deps, "assistant.threads.setTitle", set_title(title=title))
        reply = await handle(deps, place, Turn(text=text))
        await post_reply(deps, place, reply, event_key(body, event))
        await remember(deps, place, str(event.get("user", "")), reply)

    once = [once_per_event(deps)]
    assistant.user_message(lazy=[answer_in_thread], middleware=once)(ack_now)  # type: ignore[list-item,arg-type]
