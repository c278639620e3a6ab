"""Advisor buttons: answer, back/skip/why/cancel/restart, change an answer.

The clicked message is updated to show the choice without buttons, so it cannot be
answered twice; the engine also rejects an answer to a question no longer pending.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.base.message_ids import CONTROL_CLICKED
from bot.engine import Messages
from bot.reply import Turn
from bot.slack.blocks import answered
from bot.slack.buttons import (
    ANSWER,
    CHANGE_ANSWER,
    CONTROL_PATTERN,
    AnswerValue,
    claims,
    control_of,
)
from bot.slack.dedup import once_per_click
from bot.slack.deps import Deps
from bot.slack.keys import delivery, is_private_channel
from bot.slack.last_recommendation import remember
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.catch_all import tell_stale
from bot.slack.reading import asker, click_key, click_place, message_ts
from bot.slack.turns import answer, handle
from bot.slack.web_api import reply_privately


def turn_for(words: Messages, action: dict[str, Any]) -> tuple[Turn, str] | None:
    """The engine turn for a click, and the note that replaces the buttons (None: a
    button this version cannot read)."""
    action_id, value = str(action.get("action_id", "")), str(action.get("value", ""))
    if action_id == CHANGE_ANSWER:
        selected = action.get("selected_option") or {}
        label = (selected.get("text") or {}).get("text", "")
        return Turn(action="change", value=str(selected.get("value", ""))), f":pencil2: {label}"
    control = control_of(value)
    if re.fullmatch(CONTROL_PATTERN, action_id):
        clicked = CONTROL_CLICKED.get(control) if control else None
        return (Turn(action="control", value=value), words.text(clicked)) if clicked else None
    answer = AnswerValue.parse(value)
    if answer is None:
        return None
    label = (action.get("text") or {}).get("text", answer.value)
    turn = Turn(action="answer", value=answer.value, question=answer.question)
    return turn, f":white_check_mark: *{label}*"


def register(app: AsyncApp, deps: Deps) -> None:
    async def advisor_click(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        key, who = click_key(body, action), asker(body, context)
        place = click_place(body, who)
        read = turn_for(deps.engine.kb.messages, action)
        if read is None:
            await tell_stale(deps, body, action)
            return
        turn, note = read
        if is_private_channel(place.channel):  # a private reply's button: private again
            reply = await handle(deps, place, turn)
            await reply_privately(deps, body, reply, key)
            await remember(deps, place, who.user, reply)
            return
        original = body.get("message") or {}
        if original.get("blocks") and turn.action != "change":
            args = {"channel": place.channel, "ts": message_ts(body), "text": note,
                    "blocks": answered(original["blocks"], note)}  # fmt: skip
            await deps.outbox.send_entry(
                deps.outbox.prepare(
                    delivery(key, "update"), "chat.update", args, place.channel, place.token
                )
            )
        await answer(deps, place, turn, key, who.user)

    pattern = claims(ANSWER.pattern, CONTROL_PATTERN, re.escape(CHANGE_ANSWER))
    app.action(pattern, middleware=[once_per_click(deps)])(ack=ack_now, lazy=[advisor_click])
