"""All listeners, wired by kind, as in Slack's Bolt starter template."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners import actions, assistant, commands, events, shortcuts, views


def register_listeners(app: AsyncApp, deps: Deps) -> None:
    # Bolt tries listeners in this order; slash commands must ack fastest, so first.
    commands.register(app, deps)
    assistant.register(app, deps)  # middleware: claims assistant-thread events first
    events.register(app, deps)
    actions.register(app, deps)
    views.register(app, deps)
    shortcuts.register(app, deps)
