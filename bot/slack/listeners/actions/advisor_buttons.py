"""Advisor buttons: answer, back/skip/why/cancel/restart, change an answer.

The clicked message is updated to show the choice without buttons, so it cannot be
answered twice; the engine also rejects an answer to a question no longer pending.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.base.controls import parse_control
from bot.base.message_ids import CONTROL_CLICKED
from bot.engine import Messages
from bot.reply import Turn
from bot.slack.blocks import answered
from bot.slack.dedup import once_per_click
from bot.slack.deps import Deps
from bot.slack.keys import is_private_channel
from bot.slack.last_recommendation import remember
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import click_key, message_ts, place_of
from bot.slack.turns import handle
from bot.slack.web_api import post_reply, reply_privately


def turn_for(words: Messages, action: dict[str, Any]) -> tuple[Turn, str]:
    """The engine turn for a click, and the note that replaces the buttons."""
    action_id = str(action.get("action_id", ""))
    if action_id == "change_answer":
        selected = action.get("selected_option") or {}
        label = (selected.get("text") or {}).get("text", "")
        return Turn(action="change", value=str(selected.get("value", ""))), f":pencil2: {label}"
    if action_id.startswith("control_"):
        name = str(action.get("value", ""))
        control = parse_control(name)
        clicked = CONTROL_CLICKED.get(control) if control else None
        note = words.text(clicked) if clicked else name
        return Turn(action="control", value=name), note
    question, _, value = str(action.get("value", "")).partition("=")
    label = (action.get("text") or {}).get("text", value)
    return Turn(action="answer", value=value, question=question), f":white_check_mark: *{label}*"


def register(app: AsyncApp, deps: Deps) -> None:
    async def advisor_click(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        key = click_key(body, action)
        place = place_of(body, token=context.bot_token)
        turn, note = turn_for(deps.engine.kb.messages, action)
        reply = await handle(deps, place, turn)
        user = str((body.get("user") or {}).get("id", ""))
        if is_private_channel(place.channel):  # a private reply's button: private again
            await reply_privately(deps, body, reply, key)
            await remember(deps, place, user, reply)
            return
        original = body.get("message") or {}
        if original.get("blocks") and turn.action != "change":
            args = {"channel": place.channel, "ts": message_ts(body), "text": note,
                    "blocks": answered(original["blocks"], note)}  # fmt: skip
            await deps.outbox.send(f"{key}:update", "chat.update", args, place.channel, place.token)
        await post_reply(deps, place, reply, key)
        await remember(deps, place, user, reply)

    pattern = re.compile(r"^(answer_\d+|control_\w+|change_answer)$")
    app.action(pattern, middleware=[once_per_click(deps)])(ack=ack_now, lazy=[advisor_click])
