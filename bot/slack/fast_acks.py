"""Acks whose content is pure, answered without Bolt's per-request machinery.

`/compare [criterion]` and `/advisor [help]` need nothing but the content: their acks
are cached renderings. The edge (bot/slack/edge.py) asks here after the one signature
check and parse, and counts and logs the request exactly as for the Bolt path; the
bytes are serialised by Bolt's own ack code from the same cached functions its listeners
use, so both paths answer identically (tests/test_fast_acks.py proves it). Used only
with one workspace: with OAuth, Bolt's authorization must see every request.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.engine import Engine, Messages
from bot.reply import Reply
from bot.slack.bolt_internals import ack_response
from bot.slack.listeners.commands.advisor_command import help_ack, is_help
from bot.slack.listeners.commands.compare_command import asked_of, compare_ack


@dataclass(frozen=True)
class FastAnswer:
    status: int
    body: bytes
    content_type: str


def serialised(ack_kwargs: dict[str, Any]) -> FastAnswer:
    """What Bolt sends for `await ack(**ack_kwargs)` (via its aiohttp adapter)."""
    response = ack_response(ack_kwargs)
    content_type = response.headers.get("content-type", ["application/json"])[0]
    return FastAnswer(
        response.status, response.body.encode(), re.sub(r";\s*charset=utf-8", "", content_type)
    )


@lru_cache(maxsize=1024)
def _compare(words: Messages, reply: Reply, resolved: str | None) -> FastAnswer:
    return serialised(compare_ack(words, reply, resolved))


@lru_cache(maxsize=4)
def _help(words: Messages, reply: Reply) -> FastAnswer:
    return serialised(help_ack(words, reply))


def fast_acks(engine: Engine) -> Callable[[dict[str, Any]], Awaitable[FastAnswer | None]]:
    """The fast path, through the engine as the listeners go (so it counts the same)."""

    async def answer(body: dict[str, Any]) -> FastAnswer | None:
        command = body.get("command")
        if command == "/compare":
            return _compare(engine.kb.messages, *await engine.compare(asked_of(body)))
        if command == "/advisor" and is_help(body):
            return _help(engine.kb.messages, await engine.help())
        return None

    return answer
