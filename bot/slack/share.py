"""Sharing an answer where others see it, one path for every "Share" button: the
content (a reply rendered, or the message as shown) loses its buttons and says who
shared it, is posted for everyone, and the person is told privately how it went."""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import share_blocks
from bot.slack.deps import Deps, Place
from bot.slack.web_api import post_now


def as_shared(deps: Deps, content: dict[str, Any], user: str) -> dict[str, Any]:
    """`content`'s text and blocks as shared by `user`: no buttons, and who shared it."""
    blocks = share_blocks(deps.engine.kb.messages, content.get("blocks") or [], user)
    return {"text": content.get("text", ""), "blocks": blocks}


async def share(deps: Deps, place: Place, content: dict[str, Any], user: str) -> bool:
    """Post `content` at `place` (a channel, or a message's thread) as shared by `user`;
    False when Slack refused it (the bot is not in the channel, say)."""
    return await post_now(deps, place, **as_shared(deps, content, user)) is not None
