"""App Home's "Continue": the person's advisor where they left it (the pending question,
or the result with "Change an answer"), posted where their last recommendation was."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.engine import StoreError
from bot.slack.buttons import HOME_CONTINUE
from bot.slack.deps import Deps
from bot.slack.keys import is_private_channel
from bot.slack.last_recommendation import recall
from bot.slack.listeners.acks import ack_now
from bot.slack.listeners.commands.advisor_command import start_advisor_in_dm
from bot.slack.reading import asker, click_key
from bot.slack.web_api import post_reply


def register(app: AsyncApp, deps: Deps) -> None:
    async def continue_advisor(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        key, who = click_key(body, action), asker(body, context)
        last = await recall(deps, who.team, who.user)
        # Forgotten since the Home tab was drawn, or given privately (nowhere to post
        # it back): a fresh start in the DM.
        if last is None or is_private_channel(last.channel):
            await start_advisor_in_dm(deps, who, key)
            return
        place = who.at(last.channel, last.thread_ts)
        try:
            reply = await deps.engine.standing(place.key)
        except StoreError:
            reply = None
        if reply is None:
            await start_advisor_in_dm(deps, who, key)
            return
        await post_reply(deps, place, reply, key)

    app.action(HOME_CONTINUE)(ack=ack_now, lazy=[continue_advisor])
