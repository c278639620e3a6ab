from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.slack.deps import Deps
from bot.slack.listeners.actions import (
    advisor_buttons,
    feedback,
    home_buttons,
    home_continue,
    question_buttons,
    share_in_thread,
    sharing,
)


def register(app: AsyncApp, deps: Deps) -> None:
    question_buttons.register(app, deps)
    advisor_buttons.register(app, deps)
    sharing.register(app, deps)
    home_buttons.register(app, deps)
    feedback.register(app, deps)
    home_continue.register(app, deps)
    share_in_thread.register(app, deps)
