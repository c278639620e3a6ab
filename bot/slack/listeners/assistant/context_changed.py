"""The person switched channels with the panel open: remember which (for the greeting)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAssistant
from slack_bolt.context.save_thread_context.async_save_thread_context import (
    AsyncSaveThreadContext,
)

from bot.slack.deps import Deps
from bot.slack.listeners.acks import ack_now


# Bolt's AsyncAssistant types lazy listeners as plain functions; ours are coroutines.
def register(assistant: AsyncAssistant, deps: Deps) -> None:
    async def remember_context(
        event: dict[str, Any], save_thread_context: AsyncSaveThreadContext
    ) -> None:
        context = (event.get("assistant_thread") or {}).get("context") or {}
        if context.get("channel_id"):
            await save_thread_context(context)

    assistant.thread_context_changed(lazy=[remember_context])(ack_now)  # type: ignore[list-item]
