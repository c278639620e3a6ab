""" "Share in thread" under a privately shown answer (the message shortcut): the answer is
posted in the asked message's thread for everyone; the private copy says so."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.context.respond.async_respond import AsyncRespond

from bot.reply import ThreadMessage, Turn
from bot.slack.blocks import message, share_blocks
from bot.slack.buttons import SHARE_IN_THREAD
from bot.slack.dedup import once_per_click
from bot.slack.deps import Deps, Place
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import click_key, team_and_user
from bot.slack.shared_question import parse_shared
from bot.slack.thread_answer import answer_from_thread
from bot.slack.turns import handle
from bot.slack.web_api import call


def register(app: AsyncApp, deps: Deps) -> None:
    async def share(
        body: dict[str, Any],
        action: dict[str, Any],
        respond: AsyncRespond,
        context: AsyncBoltContext,
    ) -> None:
        shared = parse_shared(str(action.get("value", "")))
        if shared is None:
            return
        team, user = team_and_user(body)
        place = Place(team, shared.channel, shared.thread_ts, context.bot_token)
        if shared.reads_thread:  # the thread's recommendation, now for everyone in it
            asked = ThreadMessage(user, shared.question)
            key = click_key(body, action)
            await answer_from_thread(deps, place, asked, key, context.bot_user_id, None)
            done = deps.engine.texts.shortcut.shared
            await call(deps, "response_url", respond(replace_original=True, text=done))
            return
        turn = (
            Turn(action="intent", value=shared.intent)
            if shared.intent
            else Turn(text=shared.question)
        )
        reply = await handle(deps, place, turn)
        content = message(deps.engine.kb.messages, reply, place.thread_ts)
        content["blocks"] = share_blocks(deps.engine.kb.messages, content["blocks"], user)
        posted = await call(
            deps,
            "chat.postMessage",
            deps.web.chat_postMessage(
                token=place.token, channel=place.channel, thread_ts=place.thread_ts, **content
            ),
        )
        if posted is None:
            note = deps.engine.texts.shortcut.not_posted
            await call(
                deps,
                "response_url",
                respond(response_type="ephemeral", replace_original=False, text=note),
            )
            return
        done = deps.engine.texts.shortcut.shared
        await call(deps, "response_url", respond(replace_original=True, text=done))

    app.action(SHARE_IN_THREAD, middleware=[once_per_click(deps)])(ack=ack_now, lazy=[share])
