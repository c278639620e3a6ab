""" "Share in thread" under a privately shown answer (the message shortcut): the answer is
posted in the asked message's thread for everyone; the private copy says so."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import ThreadMessage, Turn
from bot.slack.blocks import message
from bot.slack.buttons import SHARE_IN_THREAD
from bot.slack.dedup import once_per_click
from bot.slack.deps import Deps
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import asker, click_key
from bot.slack.share import share
from bot.slack.shared_question import parse_shared
from bot.slack.thread_answer import answer_from_thread
from bot.slack.turns import handle
from bot.slack.web_api import tell


def register(app: AsyncApp, deps: Deps) -> None:
    async def share_answer(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        shared = parse_shared(str(action.get("value", "")))
        if shared is None:
            return
        who = asker(body, context)
        place = who.at(shared.channel, shared.thread_ts)
        texts = deps.engine.texts.shortcut
        if shared.reads_thread:  # the thread's recommendation, now for everyone in it
            asked = ThreadMessage(who.user, shared.question)
            key = click_key(body, action)
            await answer_from_thread(deps, place, asked, key, who.bot_user, None)
            await tell(deps, context, replace=True, text=texts.shared)
            return
        intent = shared.intent
        turn = Turn(action="intent", value=intent) if intent else Turn(text=shared.question)
        reply = await handle(deps, place, turn)
        content = message(deps.engine.kb.messages, reply, place.thread_ts)
        if await share(deps, place, content, who.user):
            await tell(deps, context, replace=True, text=texts.shared)
        else:
            await tell(deps, context, text=texts.not_posted)

    app.action(SHARE_IN_THREAD, middleware=[once_per_click(deps)])(ack=ack_now, lazy=[share_answer])
