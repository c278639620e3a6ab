"""/compare [criterion]: an ephemeral side-by-side comparison, acknowledged at once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.engine import Messages
from bot.reply import Reply
from bot.slack.blocks import compare_message, message
from bot.slack.deps import Deps
from bot.slack.private_blocks import for_ephemeral


def asked_of(command: dict[str, Any]) -> str:
    """The argument as looked up: folded, spaces collapsed, bounded."""
    return " ".join(str(command.get("text", "")).lower().split())[:100]


@lru_cache(maxsize=1024)
def compare_ack(words: Messages, reply: Reply, resolved: str | None) -> dict[str, Any]:
    """The ack for one comparison: pure, so rendered once per comparison.

    Shared by this listener and the fast path (bot/slack/fast_acks.py).
    """
    content = compare_message(words, reply, resolved) if resolved else message(words, reply)
    return {"response_type": "ephemeral", **for_ephemeral(content)}


def register(app: AsyncApp, deps: Deps) -> None:
    @app.command("/compare")
    async def compare(ack: AsyncAck, command: dict[str, Any]) -> None:
        await ack(
            **compare_ack(deps.engine.kb.messages, *await deps.engine.compare(asked_of(command)))
        )
