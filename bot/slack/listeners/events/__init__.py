from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners.events import app_home_opened, app_mention, message_im


def register(app: AsyncApp, deps: Deps) -> None:
    app_mention.register(app, deps)
    message_im.register(app, deps)
    app_home_opened.register(app, deps)
