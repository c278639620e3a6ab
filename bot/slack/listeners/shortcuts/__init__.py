from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.listeners.shortcuts import ask_advisor
from bot.slack.replying import Deps


def register(app: AsyncApp, deps: Deps) -> None:
    ask_advisor.register(app, deps)
