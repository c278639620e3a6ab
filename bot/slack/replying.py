"""Run a turn through the engine and post the reply where it belongs.

Replies go through the outbox (`deps.outbox.send`), keyed by the event or click they
answer, so an acknowledged request is answered once even through a Web API outage.
Other Web API calls go through `call`, so a failure is logged with Slack's error code
(never the payload) and never escapes into Bolt.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.ops.analytics import record_unanswered
from bot.ops.metrics import Metrics
from bot.reply import Reply, Turn
from bot.slack.blocks import message
from bot.slack.keys import conversation_key
from bot.slack.outbox_sender import OutboxSender
from bot.storage.protocol import StateStore, StoreError

log = logging.getLogger(__name__)
SORRY = "Sorry, I couldn't process that just now. Please try again in a moment."
CLICK_TTL_S = 3600.0


@dataclass(frozen=True)
class Deps:
    """What the listeners need, passed in at start-up."""

    engine: Engine
    store: StateStore
    web: AsyncWebClient  # the Web API, over one keep-alive HTTP session
    metrics: Metrics
    outbox: OutboxSender  # every reply to an acknowledged request goes through it

    @property
    def kb(self) -> KnowledgeBase:
        """The content being served now (it changes on a reload)."""
        return self.engine.kb


@dataclass(frozen=True)
class Place:
    """Where a conversation happens: a channel thread, or a DM."""

    team: str
    channel: str
    thread_ts: str | None = None
    token: str | None = None  # the workspace's bot token (from Bolt's authorization)

    @property
    def key(self) -> str:
        return conversation_key(self.team, self.channel, self.thread_ts)


async def call(deps: Deps, method: str, request: Awaitable[Any]) -> Any | None:
    """Await one Web API call; a failure is logged and counted with Slack's error code."""
    try:
        return await request
    except SlackApiError as exc:
        code = str(exc.response.get("error", "unknown_error"))
    except (SlackClientError, OSError, TimeoutError) as exc:
        code = type(exc).__name__
    log.error("slack %s failed: %s", method, code)
    deps.metrics.slack_errors.labels(method, code).inc()
    return None


def only_for_the_asker(reply: Reply) -> bool:
    """Fallbacks and "did you mean" help one person; the channel needn't see them."""
    return reply.intent is None and not (
        reply.question or reply.comparisons or reply.recommendation
    )


async def handle(deps: Deps, place: Place, turn: Turn) -> Reply:
    try:
        reply = await deps.engine.handle(place.key, turn)
    except StoreError as exc:
        log.error("state store failed for a turn: %s", exc)
        return Reply(text=SORRY)
    # What was answered, never what was said.
    log.info("turn %s: intent=%s question=%s", turn.action or "text", reply.intent, reply.question)
    if turn.text:
        try:
            await record_unanswered(deps.store, turn.text, reply, time.time())
        except StoreError as exc:
            log.error("could not record an unanswered question: %s", exc)
    return reply


async def post_reply(
    deps: Deps, place: Place, reply: Reply, key: str, user: str | None = None
) -> None:
    """Post in the thread (or DM); an answer only the asker needs goes ephemeral.

    `key` names the event or click answered: one delivery per key.
    """
    content = message(reply, place.thread_ts)
    where = {"channel": place.channel, "thread_ts": place.thread_ts}
    if user and place.thread_ts and only_for_the_asker(reply):
        args = {**where, "user": user, **content}
        await deps.outbox.send(
            f"{key}:ephemeral", "chat.postEphemeral", args, place.channel, place.token
        )
        return
    args = {**where, **content}
    await deps.outbox.send(f"{key}:reply", "chat.postMessage", args, place.channel, place.token)


async def respond_later(deps: Deps, body: dict[str, Any], key: str, **content: Any) -> None:
    """Post to the request's response_url through the outbox (Bolt's `respond`, durable)."""
    url = body.get("response_url")
    if isinstance(url, str) and url:
        await deps.outbox.send(key, "response_url", content, url=url)


async def open_dm(deps: Deps, user: str, token: str | None) -> str | None:
    opened = deps.web.conversations_open(token=token, users=user)
    response = await call(deps, "conversations.open", opened)
    channel = response.get("channel") if response is not None else None
    return str(channel["id"]) if isinstance(channel, dict) and "id" in channel else None


async def first_delivery(deps: Deps, body: dict[str, Any]) -> bool:
    """False for Slack's retries and redeliveries of an event already handled.

    Checked in the work after the ack, so acknowledging never waits on storage.
    """
    event_id = body.get("event_id")
    return not event_id or await first_time(deps, f"event:{event_id}")


async def first_time(deps: Deps, what: str) -> bool:
    """True once per event or click, across retries and instances."""
    try:
        return await deps.store.claim(what, CLICK_TTL_S)
    except StoreError as exc:
        log.error("deduplication unavailable, handling anyway: %s", exc)
        return True
