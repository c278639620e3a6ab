"""A person opens a thread with the assistant: a short greeting and suggested prompts."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAssistant
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.set_suggested_prompts.async_set_suggested_prompts import (
    AsyncSetSuggestedPrompts,
)

from bot.engine import AssistantTexts
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps
from bot.slack.listeners.acks import ack_now
from bot.slack.thread_context import mark_assistant_thread
from bot.slack.web_api import call


def greeting(texts: AssistantTexts, viewing: str | None) -> str:
    """The greeting, naming the channel the person is looking at when Slack says which."""
    if viewing and texts.viewing:
        return f"{texts.greeting}\n{texts.viewing.replace('{channel}', viewing)}"
    return texts.greeting


# Bolt's AsyncAssistant types lazy listeners as plain functions; ours are coroutines.
def register(assistant: AsyncAssistant, deps: Deps) -> None:
    async def greet(
        event: dict[str, Any],
        body: dict[str, Any],
        context: AsyncBoltContext,
        set_suggested_prompts: AsyncSetSuggestedPrompts,
    ) -> None:
        thread = event.get("assistant_thread") or {}
        await mark_assistant_thread(
            deps.store, thread.get("channel_id", ""), thread.get("thread_ts", "")
        )
        texts = deps.engine.texts.assistant
        viewing = (thread.get("context") or {}).get("channel_id")
        text = greeting(texts, viewing)
        await call(
            deps,
            "chat.postMessage",
            deps.web.chat_postMessage(
                token=context.bot_token,
                channel=thread.get("channel_id", ""),
                thread_ts=thread.get("thread_ts"),
                text=text,
            ),
        )
        if texts.prompts:
            prompts = [{"title": p.title, "message": p.message} for p in texts.prompts]
            title = texts.prompts_title or None
            await call(
                deps,
                "assistant.threads.setSuggestedPrompts",
                set_suggested_prompts(prompts=prompts, title=title),
            )

    assistant.thread_started(lazy=[greet], middleware=[once_per_event(deps)])(  # type: ignore[list-item,arg-type]
        ack_now
    )
