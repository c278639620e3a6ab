from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners.commands import advisor_command, compare_command


def register(app: AsyncApp, deps: Deps) -> None:
    compare_command.register(app, deps)
    advisor_command.register(app, deps)
