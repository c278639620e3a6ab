"""App Home buttons: start the advisor (or start over), open the one-screen form, or get
a comparison, in a DM."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.dialogue.compare import compare_reply
from bot.slack.blocks import message
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.commands.advisor_command import start_advisor_in_dm
from bot.slack.listeners.views.advisor_form import open_advisor_form
from bot.slack.replying import Deps, open_dm


def _ids(body: dict[str, Any]) -> tuple[str, str]:
    return str((body.get("team") or {}).get("id", "")), str((body.get("user") or {}).get("id", ""))


def register(app: AsyncApp, deps: Deps) -> None:
    async def start(body: dict[str, Any], context: AsyncBoltContext) -> None:
        team, user = _ids(body)
        key = f"home:{team}:{user}:{body.get('trigger_id')}"
        await start_advisor_in_dm(deps, team, user, context.bot_token, key)

    async def compare(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        _team, user = _ids(body)
        reply, _ = compare_reply(deps.kb, str(action.get("value", "all")))
        channel = await open_dm(deps, user, context.bot_token)
        if channel is not None:
            key = f"home:{user}:{body.get('trigger_id')}:compare"
            args = {"channel": channel, **message(reply)}
            await deps.outbox.send(key, "chat.postMessage", args, channel, context.bot_token)

    async def open_form(body: dict[str, Any], context: AsyncBoltContext) -> None:
        team, user = _ids(body)
        trigger = str(body.get("trigger_id", ""))
        await open_advisor_form(deps, team, user, trigger, context.bot_token)

    app.action(re.compile(r"^(start_advisor|home_start_over)$"))(ack=ack_now, lazy=[start])
    app.action("open_advisor_form")(ack=ack_now, lazy=[open_form])
    app.action(re.compile(r"^compare_\d+$"))(ack=ack_now, lazy=[compare])
