"""@advisor in a channel: answer in the message's thread; follow-ups keep context.

Asked in a thread for a recommendation ("so, node or django?"), it reads the thread's
discussion first (bot/slack/thread_answer.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import ThreadMessage, Turn
from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps, Place
from bot.slack.last_recommendation import remember
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import event_key
from bot.slack.thread_answer import answer_from_thread
from bot.slack.turns import handle
from bot.slack.web_api import post_reply


def in_a_thread(event: dict[str, Any]) -> bool:
    """A reply in a thread (not the thread's first message, nor a top-level message)."""
    thread = event.get("thread_ts")
    return bool(thread) and thread != event.get("ts")


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_mention(
        event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        team = str(body.get("team_id") or event.get("team") or "")
        thread = event.get("thread_ts") or event["ts"]
        place = Place(team, event["channel"], thread, context.bot_token)
        text, key = str(event.get("text", "")), event_key(body, event)
        if in_a_thread(event) and deps.engine.asks_for_recommendation(text):
            asked = ThreadMessage(str(event.get("user", "")), text)
            reply = await answer_from_thread(
                deps, place, asked, key, context.bot_user_id, str(event["ts"])
            )
        else:
            reply = await handle(deps, place, Turn(text=text))
            await post_reply(deps, place, reply, key, user=event.get("user"))
        await remember(deps, place, str(event.get("user", "")), reply)  # for App Home

    app.event("app_mention", middleware=[once_per_event(deps)])(ack=ack_now, lazy=[answer_mention])
