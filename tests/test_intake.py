"""Accepting work before the ack, and the bounded pool that answers it: the backlog
waits in the store, not in the event loop; a store that cannot take the work in time
still gets the event acknowledged and answered, counted as not durable."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.content.model import KnowledgeBase
from bot.ops.metrics import Metrics
from bot.slack.config import read_config
from bot.slack.intake import Intake
from bot.slack.serve import Runtime, start_http
from bot.slack.workers import WorkerPool
from bot.storage.inbox import Job
from bot.storage.memory_store import MemoryInbox, MemoryStore
from bot.storage.protocol import StoreError
from tests import slack_requests as sr
from tests.fake_slack import FakeSlack
from tests.test_slack_e2e import RunningApp


def job(n: int) -> Job:
    return Job(f"event:Ev{n}", "app_mention", {"n": str(n)}, time.time())


class Gate:
    """A job runner that holds every job until released, and counts."""

    def __init__(self) -> None:
        self.started: list[tuple[str, bool]] = []
        self.open = asyncio.Event()
        self.changed = asyncio.Event()

    async def run(self, job: Job, durable: bool) -> None:
        self.started.append((job.key, durable))
        self.changed.set()
        await self.open.wait()

    async def until(self, count: int) -> None:
        async with asyncio.timeout(10):
            while len(self.started) < count:
                self.changed.clear()
                await self.changed.wait()


async def test_at_most_the_pool_runs_and_the_rest_waits_in_the_store() -> None:
    inbox = MemoryInbox(MemoryStore())
    pool = WorkerPool(inbox, size=3)
    intake = Intake(inbox, pool, Metrics())
    gate = Gate()
    running = asyncio.ensure_future(pool.run(gate.run))
    try:
        assert all([await intake.accept(job(n)) for n in range(10)])
        await gate.until(3)
        await asyncio.sleep(0.05)  # room for a wrong fourth to start (none may)
        assert len(gate.started) == 3 and pool.busy == 3
        assert await intake.backlog() == 10  # 3 leased, 7 waiting, all in the store
        gate.open.set()
        await gate.until(10)
        assert {durable for _, durable in gate.started} == {True}
    finally:
        running.cancel()


class SlowInbox(MemoryInbox):
    async def accept(self, job: Job, claim_ttl: float) -> bool:
        await asyncio.sleep(30)
        return True


async def test_a_store_too_slow_still_gets_an_ack_and_an_answer_not_durable() -> None:
    inbox = SlowInbox(MemoryStore())
    pool = WorkerPool(inbox, size=0)  # even an instance that only acks answers these
    metrics = Metrics()
    intake = Intake(inbox, pool, metrics)
    gate = Gate()
    gate.open.set()
    running = asyncio.ensure_future(pool.run(gate.run))
    try:
        assert await intake.accept(job(1))  # after ACCEPT_WAIT_S, not 30 s
        await gate.until(1)
        assert gate.started == [("event:Ev1", False)]
        assert not intake.durable
        assert "advisor_acks_not_durable_total 1.0" in metrics.exposition().decode()
    finally:
        running.cancel()


@pytest.fixture
async def broken_store_app(kb: KnowledgeBase) -> AsyncIterator[RunningApp]:
    slack = await FakeSlack().start()
    env = {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": sr.SECRET,
           "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": "memory://"}  # fmt: skip
    runtime = Runtime(kb, env, read_config(env, "http", 0))

    async def broken(job: Job, claim_ttl: float) -> bool:
        raise StoreError("down")

    runtime.stores.inbox.accept = broken  # type: ignore[method-assign]
    runner = await start_http(runtime, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    async with aiohttp.ClientSession() as http:
        yield RunningApp(f"http://{host}:{port}", slack, http)
    await runner.cleanup()
    await runtime.close()
    await slack.stop()


async def test_an_ack_the_store_did_not_take_is_answered_counted_and_degrades_health(
    broken_store_app: RunningApp,
) -> None:
    app = broken_store_app
    status, _ = await app.send(sr.mention("what is django?", ts="77.1"))
    assert status == 200
    (post,) = await app.slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "77.1"
    async with app.http.get(f"{app.url}/healthz") as resp:
        health = await resp.json()
    assert resp.status == 200 and health["status"] == "degraded"
    assert health["inbox"] == "not durable"
    async with app.http.get(f"{app.url}/metrics") as resp:
        assert "advisor_acks_not_durable_total 1.0" in await resp.text()
