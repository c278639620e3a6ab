"""A "did you mean", "Not quite?" or related-question button: post that answer where it
was asked (on a private reply, privately). A "Not quite?" click is also recorded as a
confusion for `advisor kb gaps`."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.buttons import ALTERNATIVE, QUESTION_BUTTONS, SUGGEST, QuestionValue, claims
from bot.slack.dedup import once_per_click
from bot.slack.deps import Deps
from bot.slack.keys import delivery, is_private_channel
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.catch_all import tell_stale
from bot.slack.reading import asker, click_key, click_place, is_private_click
from bot.slack.turns import handle
from bot.slack.web_api import post_reply, reply_privately, respond_later


def register(app: AsyncApp, deps: Deps) -> None:
    async def answer_click(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        action_id = str(action.get("action_id", ""))
        value = QuestionValue.parse(str(action.get("value", "")))
        if value is None:
            await tell_stale(deps, body, action)
            return
        intent = value.intent
        if SUGGEST.matches(action_id):
            await deps.engine.suggestion_clicked()
        if ALTERNATIVE.matches(action_id) and value.answered:
            await deps.engine.alternative_clicked(value.answered, intent)
        who, key = asker(body, context), click_key(body, action)
        place = click_place(body, who, value.thread_ts)
        reply = await handle(deps, place, Turn(action="intent", value=intent))
        if is_private_channel(place.channel):  # a private reply's button: private again
            await reply_privately(deps, body, reply, key)
            return
        # A private "did you mean" under a public mention: answered in that mention's
        # thread, where it was asked; the private prompt goes.
        if is_private_click(body):
            await respond_later(deps, body, delivery(key, "delete"), delete_original=True)
        await post_reply(deps, place, reply, key, user=who.user)

    buttons = claims(*(kind.pattern for kind in QUESTION_BUTTONS))
    app.action(buttons, middleware=[once_per_click(deps)])(ack=ack_now, lazy=[answer_click])
