"""@advisor in a channel: answer in the message's thread; follow-ups keep context.
Asked in a thread for a recommendation ("so, node or django?"), it reads the thread's
discussion first (bot/slack/thread_answer.py).

The ack is a promise: it is sent once the mention is accepted (claimed and its job
recorded in the inbox, bot/slack/intake.py); the workers answer it
(bot/slack/mention_work.py). With one workspace over HTTP the edge accepts mentions
itself, before Bolt (bot/slack/fast_acks.py); this listener serves Socket Mode and OAuth.
"""

from __future__ import annotations

import time
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack.deps import Deps
from bot.slack.mention_work import mention_job


def register(app: AsyncApp, deps: Deps) -> None:
    async def accept_mention(
        ack: AsyncAck, body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        job = mention_job(body, context.bot_token, time.time(), context.bot_user_id)
        if job is not None:
            await deps.intake.accept(job)  # a duplicate is acknowledged, nothing more
        await ack()

    app.event("app_mention")(accept_mention)
