"""The "Ask the advisor" message shortcut (callback_id `ask_advisor`): the answer to
someone's message, shown only to the person who used it, with "Share in thread". On a
message with replies it reads the thread, as a mention asking in it does."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.blocks import message, with_button
from bot.slack.buttons import SHARE_IN_THREAD
from bot.slack.deps import Deps
from bot.slack.listeners.acks import ack_now
from bot.slack.private_blocks import for_ephemeral
from bot.slack.reading import asker
from bot.slack.shared_question import SharedQuestion
from bot.slack.thread_answer import answer_privately as from_thread
from bot.slack.thread_answer import has_replies
from bot.slack.turns import handle
from bot.slack.web_api import tell

CALLBACK_ID = "ask_advisor"


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_privately(body: dict[str, Any], context: AsyncBoltContext) -> None:
        texts = deps.engine.texts.shortcut
        asked = body.get("message") or {}
        text = str(asked.get("text") or "")
        if not text.strip():
            await tell(deps, context, text=texts.no_text)
            return
        who = asker(body, context)
        thread = str(who.thread_ts or asked.get("ts") or "")
        if has_replies(asked):  # a discussion: read it as a mention in it would
            where = who.at(who.channel, thread)
            reply = await from_thread(deps, where, who.user, text, who.bot_user)
            shared = SharedQuestion(who.channel, thread, "", text, reads_thread=True)
        else:
            # The person's private conversation, as /advisor questions: its buttons and
            # follow-ups go on there.
            reply = await handle(deps, who.private, Turn(text=text))
            shared = SharedQuestion(who.channel, thread, reply.intent or "", text)
        content = with_button(
            for_ephemeral(message(deps.engine.kb.messages, reply)),
            texts.share,
            SHARE_IN_THREAD,
            shared.to_value(),
        )
        await tell(deps, context, **content)

    app.shortcut(CALLBACK_ID)(ack=ack_now, lazy=[answer_privately])
