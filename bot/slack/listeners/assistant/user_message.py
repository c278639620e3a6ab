"""A message in an assistant thread: answered in the thread like a DM (follow-ups, the
advisor, described projects), with a status while it works and, for the first
question, the thread's title."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAssistant
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps, Place
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import asker, event_key
from bot.slack.thread_context import is_assistant_thread
from bot.slack.turns import answer
from bot.slack.web_api import call

TITLE_CHARS = 80


# Bolt's AsyncAssistant types lazy listeners as plain functions; ours are coroutines.
def register(assistant: AsyncAssistant, deps: Deps) -> None:
    async def answer_in_thread(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if event.get("subtype"):
            return
        who = asker(body, context)
        text = str(event.get("text", ""))
        # Bolt sends every DM thread here; only the panel's threads have a status and title.
        if await is_assistant_thread(deps.store, who.channel, who.thread_ts or ""):
            await set_status_and_title(deps, context, who.here, text)
        await answer(deps, who.here, Turn(text=text), event_key(body, event), who.user)

    once = [once_per_event(deps)]
    assistant.user_message(lazy=[answer_in_thread], middleware=once)(ack_now)  # type: ignore[list-item,arg-type]


async def set_status_and_title(
    deps: Deps, context: AsyncBoltContext, place: Place, text: str
) -> None:
    """The status while it works; the first question as the thread's title."""
    if context.set_status is not None:
        status = deps.engine.texts.assistant.status
        await call(deps, "assistant.threads.setStatus", context.set_status(status=status))
    if context.set_title is not None and text.strip() and await deps.engine.is_new(place.key):
        title = text[:TITLE_CHARS]
        await call(deps, "assistant.threads.setTitle", context.set_title(title=title))
