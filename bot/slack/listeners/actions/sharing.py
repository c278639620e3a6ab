"""Share a comparison or an advisor result where the team can see it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.async_context import AsyncBoltContext

from bot.engine import StoreError
from bot.slack.blocks import message
from bot.slack.buttons import ALL_CRITERIA, SHARE_COMPARE, SHARE_RESULT
from bot.slack.dedup import once_per_click
from bot.slack.deps import Deps
from bot.slack.keys import delivery
from bot.slack.listeners.acks import ack_now
from bot.slack.reading import asker, click_key, click_place
from bot.slack.share import as_shared, share
from bot.slack.web_api import respond_later, tell


def register(app: AsyncApp, deps: Deps) -> None:
    async def share_comparison(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        key = click_key(body, action)
        reply, _ = await deps.engine.compare(str(action.get("value", ALL_CRITERIA)))
        content = as_shared(deps, message(deps.engine.kb.messages, reply), context.user_id or "")
        # Where the comparison was shown (privately, after /compare): by its response_url.
        await respond_later(
            deps, body, delivery(key, "share"), response_type="in_channel", replace_original=False,
            **content,
        )  # fmt: skip
        await respond_later(deps, body, delivery(key, "delete"), delete_original=True)

    async def share_result(
        body: dict[str, Any], action: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        who = asker(body, context)
        channel = str(action.get("selected_conversation", ""))
        words = deps.engine.kb.messages
        original = await shared_result(body, context)
        content = {"text": str(original.get("text") or words.text("shared_fallback")),
                   "blocks": original.get("blocks") or []}  # fmt: skip
        posted = await share(deps, who.at(channel), content, who.user)
        note = words.text("shared_in" if posted else "not_shared", channel=channel)
        await tell(deps, context, text=note)

    async def shared_result(body: dict[str, Any], context: AsyncBoltContext) -> dict[str, Any]:
        """The result as shown: the message clicked, or, for a private one (Slack sends
        no copy of it), the result as the conversation's state has it."""
        if body.get("message"):
            return dict(body["message"])
        try:
            reply = await deps.engine.standing(click_place(body, asker(body, context)).key)
        except StoreError:
            reply = None
        return message(deps.engine.kb.messages, reply) if reply is not None else {}

    once = [once_per_click(deps)]
    app.action(SHARE_COMPARE, middleware=once)(ack=ack_now, lazy=[share_comparison])
    app.action(SHARE_RESULT, middleware=once)(ack=ack_now, lazy=[share_result])
