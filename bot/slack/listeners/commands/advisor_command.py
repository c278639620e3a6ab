"""/advisor [question | start | form | help]: answers ephemerally; `start` opens a DM;
`form` opens the one-screen advisor."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.engine import Messages
from bot.reply import Reply, Turn
from bot.slack.blocks import message
from bot.slack.deps import Deps, Place
from bot.slack.dm_channels import remember_dm
from bot.slack.keys import command_key, private_channel
from bot.slack.listeners.views.advisor_form import open_advisor_form
from bot.slack.private_blocks import for_ephemeral
from bot.slack.turns import handle
from bot.slack.web_api import call, open_dm, post_reply


def _subcommand(command: dict[str, Any]) -> str:
    return str(command.get("text", "")).strip()


def is_help(command: dict[str, Any]) -> bool:
    return _subcommand(command).lower() in {"", "help"}


@lru_cache(maxsize=4)  # one per content version in use
def help_ack(words: Messages, reply: Reply) -> dict[str, Any]:
    """`/advisor` or `/advisor help`: pure, shared with the fast path (fast_acks.py)."""
    return {"response_type": "ephemeral", **for_ephemeral(message(words, reply))}


def register(app: AsyncApp, deps: Deps) -> None:
    async def acknowledge(ack: AsyncAck, command: dict[str, Any]) -> None:
        text = _subcommand(command)
        if is_help(command):
            await ack(**help_ack(deps.engine.kb.messages, await deps.engine.help()))
        elif text.lower() == "start":
            await ack(response_type="ephemeral", text=deps.engine.kb.messages.text("advisor_in_dm"))
        elif text.lower() == "form":
            await ack()  # the form opens right after
        else:  # a question: answered privately, remembered per person for follow-ups
            user = str(command.get("user_id", ""))
            place = Place(str(command.get("team_id", "")), private_channel(user))
            reply = await handle(deps, place, Turn(text=text))
            content = for_ephemeral(message(deps.engine.kb.messages, reply))
            await ack(response_type="ephemeral", **content)

    async def start_in_dm(command: dict[str, Any], context: AsyncBoltContext) -> None:
        if _subcommand(command).lower() != "start":
            return
        team, user = str(command["team_id"]), str(command["user_id"])
        key = command_key(team, user, str(command.get("trigger_id")))
        await start_advisor_in_dm(deps, team, user, context.bot_token, key)

    async def open_form(
        command: dict[str, Any], context: AsyncBoltContext, respond: AsyncRespond
    ) -> None:
        if _subcommand(command).lower() != "form":
            return
        team, user = str(command["team_id"]), str(command["user_id"])
        trigger = str(command.get("trigger_id", ""))
        if not await open_advisor_form(deps, team, user, trigger, context.bot_token):
            note = deps.engine.texts.form.not_opened
            await call(deps, "response_url", respond(response_type="ephemeral", text=note))

    app.command("/advisor")(ack=acknowledge, lazy=[start_in_dm, open_form])


async def start_advisor_in_dm(
    deps: Deps, team: str, user: str, token: str | None, key: str
) -> None:
    """Open a DM (this call must succeed now: the conversation is keyed by the DM) and
    start the advisor there; the first question goes through the outbox."""
    channel = await open_dm(deps, user, token)
    if channel is None:
        return
    await remember_dm(deps, team, user, channel)
    place = Place(team, channel, token=token)
    reply = await handle(deps, place, Turn(action="control", value="restart"))
    await post_reply(deps, place, reply, key)
