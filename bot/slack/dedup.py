"""Deduplication as Bolt listener middleware: Slack's retries and redeliveries of an
event, and second clicks on a button, are acknowledged and go no further.

A listener registered with `middleware=[once(deps, key_of)]` runs once per key, across
retries and instances (the claim is in the shared state store). The claim comes before
the ack, so a duplicate is acknowledged without starting any work. Slack wants its ack
within 3 s, so the claim waits at most CLAIM_WAIT_S; a slow or failing store lets the
request through (better twice than never, or than an ack too late).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.engine import StoreError
from bot.slack import keys
from bot.slack.deps import Deps
from bot.slack.intake import CLAIM_TTL_S
from bot.slack.reading import channel_of, click_key, is_private_click, message_ts

log = logging.getLogger(__name__)
CLAIM_WAIT_S = 1.0

KeyOf = Callable[[dict[str, Any]], str | None]  # None: nothing to deduplicate on


async def first_time(deps: Deps, what: str) -> bool:
    """True once per event or click, across retries and instances."""
    try:
        return await asyncio.wait_for(deps.store.claim(what, CLAIM_TTL_S), CLAIM_WAIT_S)
    except (StoreError, TimeoutError) as exc:
        log.error("deduplication unavailable, handling anyway: %s", exc or "too slow")
        return True


class FirstTimeOnly(AsyncMiddleware):
    """Lets a request on to its listener the first time its key is seen."""

    def __init__(self, deps: Deps, key_of: KeyOf) -> None:
        self._deps = deps
        self._key_of = key_of

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse | None:
        key = self._key_of(req.body)
        if key is not None and not await first_time(self._deps, key):
            return BoltResponse(status=200, body="")  # seen before: acknowledged, no more
        return await next()


def once(deps: Deps, key_of: KeyOf) -> FirstTimeOnly:
    return FirstTimeOnly(deps, key_of)


def event_id(body: dict[str, Any]) -> str | None:
    """Slack's event id: the same for its retries of one event."""
    event = body.get("event_id")
    return keys.event_key(event) if event else None


def click(body: dict[str, Any]) -> str:
    """One click on one message's button: double clicks and retries count once."""
    actions = body.get("actions") or [{}]
    return click_key(body, actions[0])


def vote(body: dict[str, Any]) -> str:
    """One vote per person and message (the user id only counts it, then expires)."""
    user = str((body.get("user") or {}).get("id", ""))
    channel = keys.private_channel(user) if is_private_click(body) else channel_of(body)
    return keys.vote_key(channel, message_ts(body), user)


def once_per_event(deps: Deps) -> FirstTimeOnly:
    return once(deps, event_id)


def once_per_click(deps: Deps) -> FirstTimeOnly:
    return once(deps, click)
