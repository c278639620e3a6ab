"""Acks whose content is pure, answered without Bolt's per-request machinery.

`/compare [criterion]` and `/advisor [help]` need nothing but the content: their acks
are cached renderings. A mention's ack needs its work accepted first
(bot/slack/intake.py). The edge (bot/slack/edge.py) asks here after the one signature
check and parse, and counts and logs the request exactly as for the Bolt path; the
bytes are serialised by Bolt's own ack code from the same cached functions its listeners
use, so both paths answer identically (tests/test_fast_acks.py proves it). Used only
with one workspace: with OAuth, Bolt's authorization must see every request.
"""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.engine import Engine, Messages
from bot.reply import Reply
from bot.slack.bolt_internals import ack_response
from bot.slack.intake import Intake
from bot.slack.listeners.commands.advisor_command import help_ack, is_help
from bot.slack.listeners.commands.compare_command import asked_of, compare_ack
from bot.slack.mention_work import mention_job


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


def is_plain_mention(body: dict[str, Any]) -> bool:
    """An app_mention by a person (a bot's own events go through Bolt, which drops them)."""
    event = body.get("event")
    return (
        body.get("type") == "event_callback"
        and isinstance(event, dict)
        and event.get("type") == "app_mention"
        and "bot_id" not in event
        and "subtype" not in event
    )


def fast_acks(
    engine: Engine, intake: Intake | None = None
) -> Callable[[dict[str, Any]], Awaitable[FastAnswer | None]]:
    """The fast path, through the engine as the listeners go (so it counts the same).

    With `intake`, a mention is accepted (claimed, its job recorded) and acknowledged
    here, as its Bolt listener would (listeners/events/app_mention.py), without Bolt's
    request copies and listener machinery: the workers answer it.
    """
    empty = serialised({})

    async def answer(body: dict[str, Any]) -> FastAnswer | None:
        if intake is not None and is_plain_mention(body):
            job = mention_job(body, None, time.time())  # None: the configured bot token
            if job is not None:
                await intake.accept(job)  # a duplicate is acknowledged, nothing more
                return empty
        command = body.get("command")
        if command == "/compare":
            return _compare(engine.kb.messages, *await engine.compare(asked_of(body)))
        if command == "/advisor" and is_help(body):
            return _help(engine.kb.messages, await engine.help())
        return None

    return answer
