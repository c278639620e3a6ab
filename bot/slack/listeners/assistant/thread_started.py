"""A person opens a thread with the assistant: a short greeting and suggested prompts."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAssistant
from slack_bolt.context.async_context import AsyncBoltContext

from bot.engine import AssistantTexts
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import asker
from bot.slack.thread_context import mark_assistant_thread
from bot.slack.web_api import call, post_now


def greeting(texts: AssistantTexts, viewing: str | None) -> str:
    """The greeting, naming the channel the person is looking at when Slack says which."""
    if viewing and texts.viewing:
        return f"{texts.greeting}\n{texts.viewing.replace('{channel}', viewing)}"
    return texts.greeting


# Bolt's AsyncAssistant types lazy listeners as plain functions; ours are coroutines.
def register(assistant: AsyncAssistant, deps: Deps) -> None:
    async def greet(event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext) -> None:
        who = asker(body, context)
        await mark_assistant_thread(deps.store, who.channel, who.thread_ts or "")
        texts = deps.engine.texts.assistant
        viewing = ((event.get("assistant_thread") or {}).get("context") or {}).get("channel_id")
        await post_now(deps, who.here, text=greeting(texts, viewing))
        if texts.prompts and context.set_suggested_prompts is not None:
            prompts = [{"title": p.title, "message": p.message} for p in texts.prompts]
            suggesting = context.set_suggested_prompts(
                prompts=prompts, title=texts.prompts_title or None
            )
            await call(deps, "assistant.threads.setSuggestedPrompts", suggesting)

    assistant.thread_started(lazy=[greet], middleware=[once_per_event(deps)])(  # type: ignore[list-item,arg-type]
        ack_now
    )
