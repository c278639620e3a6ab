from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners.shortcuts import ask_advisor


def register(app: AsyncApp, deps: Deps) -> None:
    ask_advisor.register(app, deps)
