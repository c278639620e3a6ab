"""App Home buttons: start the advisor (or start over), open the one-screen form, or get
a comparison, in a DM."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack.blocks import message
from bot.slack.buttons import (
    ALL_CRITERIA,
    COMPARE,
    HOME_START_OVER,
    OPEN_ADVISOR_FORM,
    START_ADVISOR,
    claims,
    exactly,
)
from bot.slack.deps import Deps
from bot.slack.dm_channels import known_dm
from bot.slack.keys import delivery, home_click_key
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.commands.advisor_command import start_advisor_in_dm
from bot.slack.listeners.views.advisor_form import open_advisor_form
from bot.slack.reading import Asker, asker
from bot.slack.web_api import open_dm


def register(app: AsyncApp, deps: Deps) -> None:
    def home_key(body: dict[str, Any], who: Asker) -> str:
        """App Home has no message: the click is its trigger."""
        return home_click_key(who.team, who.user, str(body.get("trigger_id")))

    async def start(body: dict[str, Any], context: AsyncBoltContext) -> None:
        who = asker(body, context)
        await start_advisor_in_dm(deps, who, home_key(body, who))

    async def compare(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        who = asker(body, context)
        reply, _ = await deps.engine.compare(str(action.get("value", ALL_CRITERIA)))
        channel = await open_dm(deps, who.user, who.token)
        if channel is not None:
            key = delivery(home_key(body, who), "compare")
            args = {"channel": channel, **message(deps.engine.kb.messages, reply)}
            await deps.outbox.send_entry(
                deps.outbox.prepare(key, "chat.postMessage", args, channel, who.token)
            )

    async def open_form(body: dict[str, Any], context: AsyncBoltContext) -> None:
        who = asker(body, context)
        if await open_advisor_form(deps, who, str(body.get("trigger_id", ""))):
            return
        # App Home has no response_url: the note goes to the person's DM.
        channel = await known_dm(deps, who.team, who.user) or await open_dm(
            deps, who.user, who.token
        )
        if channel is not None:
            args = {"channel": channel, "text": deps.engine.texts.form.not_opened}
            key = delivery(home_key(body, who), "form_not_opened")
            await deps.outbox.send_entry(
                deps.outbox.prepare(key, "chat.postMessage", args, channel, who.token)
            )

    app.action(exactly(START_ADVISOR, HOME_START_OVER))(ack=ack_now, lazy=[start])
    app.action(OPEN_ADVISOR_FORM)(ack=ack_now, lazy=[open_form])
    app.action(claims(COMPARE.pattern))(ack=ack_now, lazy=[compare])
