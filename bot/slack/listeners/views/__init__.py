from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners.views import advisor_form


def register(app: AsyncApp, deps: Deps) -> None:
    advisor_form.register(app, deps)
