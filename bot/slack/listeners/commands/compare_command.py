"""/compare [criterion]: an ephemeral side-by-side comparison, acknowledged at once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.content.model import KnowledgeBase
from bot.dialogue.compare import compare_reply
from bot.slack.blocks import compare_message, message
from bot.slack.replying import Deps


def register(app: AsyncApp, deps: Deps) -> None:
    @lru_cache(maxsize=1024)
    def response(kb: KnowledgeBase, asked: str) -> dict[str, Any]:
        """The ephemeral reply for one argument: pure, so rendered once per content version."""
        reply, resolved = compare_reply(kb, asked)
        return compare_message(reply, resolved) if resolved else message(reply)

    @app.command("/compare")
    async def compare(ack: AsyncAck, command: dict[str, Any]) -> None:
        asked = " ".join(str(command.get("text", "")).lower().split())[:100]
        await ack(response_type="ephemeral", **response(deps.kb, asked))
