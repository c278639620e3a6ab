"""/compare [criterion]: an ephemeral side-by-side comparison, acknowledged at once."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.compare import comparison_reply, find_criterion, summary_reply, unknown_criterion_reply
from bot.slack.blocks import compare_message, message
from bot.slack.replying import Deps


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/compare")
    async def compare(ack: AsyncAck, command: dict[str, Any]) -> None:
        asked = str(command.get("text", "")).strip()
        if not asked:
            await ack(response_type="ephemeral", **compare_message(summary_reply(deps.kb), "all"))
            return
        criterion = find_criterion(deps.kb, asked)
        if criterion is None:
            await ack(response_type="ephemeral", **message(unknown_criterion_reply(deps.kb, asked)))
            return
        reply = comparison_reply(deps.kb, criterion)
        await ack(response_type="ephemeral", **compare_message(reply, criterion.id))
