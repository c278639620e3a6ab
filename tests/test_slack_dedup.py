"""Deduplication as Bolt middleware: a key goes on to its listener once; a slow or
broken store lets requests through rather than delay the ack or drop them."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.ops.metrics import Metrics
from bot.slack import dedup
from bot.slack.deps import Deps
from bot.slack.intake import Intake
from bot.slack.outbox_sender import OutboxSender, SlackDelivery
from bot.slack.workers import WorkerPool
from bot.storage.memory_store import MemoryInbox, MemoryStore
from bot.storage.outbox_store import MemoryOutbox
from bot.storage.protocol import StateStore, StoreError


class SlowStore(MemoryStore):
    async def claim(self, key: str, ttl: float) -> bool:
        await asyncio.sleep(30)
        return True


class BrokenStore(MemoryStore):
    async def claim(self, key: str, ttl: float) -> bool:
        raise StoreError("down")


@pytest.fixture
async def make_deps(kb: KnowledgeBase) -> AsyncIterator[Callable[[StateStore], Deps]]:
    async with aiohttp.ClientSession() as session:
        web = AsyncWebClient(base_url="http://127.0.0.1:9/api/", session=session)

        def make(store: StateStore) -> Deps:
            metrics = Metrics()  # each outbox registers its own gauges
            outbox = OutboxSender(MemoryOutbox(), SlackDelivery(web, session), metrics)
            inbox = MemoryInbox(MemoryStore())
            intake = Intake(inbox, WorkerPool(inbox), metrics)
            return Deps(Engine(kb, store), store, web, metrics, outbox, intake)

        yield make


def event(event_id: str) -> AsyncBoltRequest:
    body = {"type": "event_callback", "event_id": event_id, "team_id": "T1",
            "event": {"type": "app_mention", "channel": "C1", "ts": "1.0"}}  # fmt: skip
    return AsyncBoltRequest(body=json.dumps(body), headers={"content-type": "application/json"})


async def passes(middleware: dedup.FirstTimeOnly, request: AsyncBoltRequest) -> bool:
    went_on: list[bool] = []

    async def next_() -> BoltResponse:
        went_on.append(True)
        return BoltResponse(status=200)

    answered = await middleware.async_process(
        req=request, resp=BoltResponse(status=200), next=next_
    )
    if not went_on:  # stopped here: acknowledged, nothing more
        assert answered is not None and answered.status == 200
    return bool(went_on)


NextOf = Callable[[], Awaitable[BoltResponse]]


async def test_an_event_goes_on_once(make_deps: Callable[[StateStore], Deps]) -> None:
    once = dedup.once_per_event(make_deps(MemoryStore()))
    assert await passes(once, event("Ev1"))
    assert not await passes(once, event("Ev1"))  # Slack's retry
    assert await passes(once, event("Ev2"))


async def test_a_slow_or_broken_store_lets_requests_through(
    make_deps: Callable[[StateStore], Deps],
) -> None:
    assert await passes(dedup.once_per_event(make_deps(BrokenStore())), event("Ev1"))
    started = time.monotonic()
    assert await passes(dedup.once_per_event(make_deps(SlowStore())), event("Ev1"))
    assert time.monotonic() - started < dedup.CLAIM_WAIT_S + 0.5  # the ack is not held up


async def test_a_click_counts_once_per_message_and_choice() -> None:
    body = {"type": "block_actions", "container": {"channel_id": "C1", "message_ts": "5.0"},
            "actions": [{"action_id": "answer_0", "value": "realtime=yes"}]}  # fmt: skip
    assert dedup.click(body) == "click:C1:5.0:answer_0:realtime=yes"
    voter = {**body, "user": {"id": "U1"}}
    assert dedup.vote(voter) == "vote:C1:5.0:U1"
    assert dedup.event_id({"event_id": ""}) is None
