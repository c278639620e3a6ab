"""All listeners, wired by kind, as in Slack's Bolt starter template."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners import actions, commands, events
from bot.slack.replying import Deps


def register_listeners(app: AsyncApp, deps: Deps) -> None:
    events.register(app, deps)
    commands.register(app, deps)
    actions.register(app, deps)
