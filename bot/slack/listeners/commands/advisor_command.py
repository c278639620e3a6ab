"""/advisor [question | start | form | help]: answers ephemerally; `start` opens a DM;
`form` opens the one-screen advisor."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.engine import Messages
from bot.reply import Reply, Turn
from bot.slack.blocks import message
from bot.slack.deps import Deps
from bot.slack.dm_channels import remember_dm
from bot.slack.keys import command_key
from bot.slack.listeners.views.advisor_form import open_advisor_form
from bot.slack.private_blocks import for_ephemeral
from bot.slack.reading import Asker, asker
from bot.slack.turns import answer, handle
from bot.slack.web_api import open_dm, tell


def _subcommand(command: dict[str, Any]) -> str:
    return str(command.get("text", "")).strip()


def is_help(command: dict[str, Any]) -> bool:
    return _subcommand(command).lower() in {"", "help"}


@lru_cache(maxsize=4)  # one per content version in use
def help_ack(words: Messages, reply: Reply) -> dict[str, Any]:
    """`/advisor` or `/advisor help`: pure, shared with the fast path (fast_acks.py)."""
    return {"response_type": "ephemeral", **for_ephemeral(message(words, reply))}


def register(app: AsyncApp, deps: Deps) -> None:
    async def acknowledge(
        ack: AsyncAck, command: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        text = _subcommand(command)
        if is_help(command):
            await ack(**help_ack(deps.engine.kb.messages, await deps.engine.help()))
        elif text.lower() == "start":
            await ack(response_type="ephemeral", text=deps.engine.kb.messages.text("advisor_in_dm"))
        elif text.lower() == "form":
            await ack()  # the form opens right after
        else:  # a question: answered privately, remembered per person for follow-ups
            reply = await handle(deps, asker(command, context).private, Turn(text=text))
            content = for_ephemeral(message(deps.engine.kb.messages, reply))
            await ack(response_type="ephemeral", **content)

    async def start_in_dm(command: dict[str, Any], context: AsyncBoltContext) -> None:
        if _subcommand(command).lower() != "start":
            return
        who = asker(command, context)
        key = command_key(who.team, who.user, str(command.get("trigger_id")))
        await start_advisor_in_dm(deps, who, key)

    async def open_form(command: dict[str, Any], context: AsyncBoltContext) -> None:
        if _subcommand(command).lower() != "form":
            return
        trigger = str(command.get("trigger_id", ""))
        if not await open_advisor_form(deps, asker(command, context), trigger):
            await tell(deps, context, text=deps.engine.texts.form.not_opened)

    app.command("/advisor")(ack=acknowledge, lazy=[start_in_dm, open_form])


async def start_advisor_in_dm(deps: Deps, who: Asker, key: str) -> None:
    """Open a DM (this call must succeed now: the conversation is keyed by the DM) and
    start the advisor there; the first question goes through the outbox."""
    channel = await open_dm(deps, who.user, who.token)
    if channel is None:
        return
    await remember_dm(deps, who.team, who.user, channel)
    await answer(deps, who.at(channel), Turn(action="control", value="restart"), key, who.user)
