"""The assistant side panel (Agents & AI Apps), with Bolt's AsyncAssistant.

Workspaces without the feature never send these events; their people use DMs.
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp, AsyncAssistant

from bot.slack.deps import Deps
from bot.slack.listeners.assistant import context_changed, thread_started, user_message
from bot.slack.thread_context import StoredThreadContexts


def register(app: AsyncApp, deps: Deps) -> None:
    assistant = AsyncAssistant(thread_context_store=StoredThreadContexts(deps.store))
    thread_started.register(assistant, deps)
    context_changed.register(assistant, deps)
    user_message.register(assistant, deps)
    app.assistant(assistant)
