"""The outbox: its retry rules, its stores (memory, SQLite, real Redis), and the sender
against the fake Web API (Retry-After per method and channel, /healthz degraded)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.ops.metrics import Metrics
from bot.slack.outbox_sender import OutboxSender, SlackDelivery
from bot.storage.inbox_redis import RedisInbox
from bot.storage.outbox import (
    LEASE_S,
    MAX_BACKOFF_S,
    PROMPT_HORIZON_S,
    Delivered,
    Entry,
    Failed,
    OutboxStore,
    Retry,
    after_attempt,
    backoff,
    new_entry,
)
from bot.storage.outbox_redis import RedisOutbox
from bot.storage.outbox_store import MemoryOutbox, SqliteOutbox
from bot.storage.redis_keys import INBOX, OUTBOX
from tests import slack_requests as sr
from tests import test_slack_e2e
from tests.conftest import run_advisor
from tests.fake_slack import FakeSlack
from tests.test_slack_e2e import RunningApp

slack = test_slack_e2e.slack
outbox_app = test_slack_e2e.app


def entry(key: str = "event:Ev1", now: float = 1000.0, method: str = "chat.postMessage") -> Entry:
    return new_entry(key, method, {"channel": "C1", "text": "hi"}, "C1", now)


# --- rules ---------------------------------------------------------------------------


def test_backoff_doubles_then_stays_short() -> None:
    waits = [backoff(n, jitter=0.5) for n in range(8)]
    assert waits[:4] == [0.5, 1.0, 2.0, 4.0]
    assert waits[-1] == MAX_BACKOFF_S
    assert all(0.8 * w <= backoff(n, 0.99) <= 1.2 * w for n, w in enumerate(waits))


def test_after_an_attempt() -> None:
    first = entry(now=1000.0)
    assert after_attempt(first, Delivered(), 1001.0)[0] == "done"
    assert after_attempt(first, Failed("channel_not_found"), 1001.0) == (
        "give_up", None, "channel_not_found",
    )  # fmt: skip
    decision, retried, code = after_attempt(first, Retry("internal_error"), 1001.0, jitter=0.5)
    assert (decision, code) == ("retry", "internal_error")
    assert retried is not None and retried.attempts == 1 and retried.due == 1001.5
    _, waited, _ = after_attempt(first, Retry("ratelimited", after=30.0), 1001.0)
    assert waited is not None and waited.due == 1031.0  # Retry-After, not the backoff
    late = after_attempt(first, Retry("ClientConnectorError"), first.expires - 0.1, jitter=0.5)
    assert late == ("give_up", None, "ClientConnectorError")  # past the horizon


def test_prompts_expire_sooner_than_answers() -> None:
    answer = entry(method="chat.postMessage")
    prompt = entry(method="chat.postEphemeral")
    assert answer.expires - answer.created == 600.0
    assert prompt.expires - prompt.created == PROMPT_HORIZON_S


def test_an_entry_survives_json() -> None:
    original = new_entry(
        "k", "response_url", {"text": "x"}, "", 5.0, token="xoxb-1", url="http://u"
    )
    assert Entry.from_json(original.to_json()) == original


# --- stores --------------------------------------------------------------------------


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def store(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Callable[[], OutboxStore]]:
    """A factory: each call opens another handle on the same outbox (as instances do)."""
    opened: list[OutboxStore] = []
    if request.param == "memory":
        shared = MemoryOutbox()

        def make() -> OutboxStore:
            return shared
    elif request.param == "sqlite":

        def make() -> OutboxStore:
            opened.append(SqliteOutbox(tmp_path / "state.sqlite3"))
            return opened[-1]
    else:
        url = request.getfixturevalue("redis_url")
        first = RedisOutbox(url)
        await first._redis.flushdb()

        def make() -> OutboxStore:
            opened.append(RedisOutbox(url))
            return opened[-1]

        await first.close()
    yield make
    for handle in opened:
        await handle.close()


async def test_a_key_is_stored_once_and_leased_once(store: Callable[[], OutboxStore]) -> None:
    outbox = store()
    now = time.time()
    assert await outbox.add(entry("a", now - LEASE_S - 1))  # due now
    assert not await outbox.add(entry("a", now))  # the same reply again: not stored
    assert await outbox.add(entry("b", now))  # leased to its maker for LEASE_S
    assert await outbox.stats() == (2, pytest.approx(now - LEASE_S - 1))
    (taken,) = await outbox.lease(now, 10)
    assert taken.key == "a" and taken.due == pytest.approx(now + LEASE_S)
    assert await outbox.lease(now, 10) == []  # hidden while leased
    assert [e.key for e in await outbox.lease(now + LEASE_S + 1, 10)] == ["a", "b"]
    await outbox.finish("a")
    await outbox.reschedule(replace(taken, key="b", due=now, attempts=3))
    (again,) = await outbox.lease(now + 1, 10)
    assert (again.key, again.attempts) == ("b", 3)
    assert (await outbox.stats())[0] == 1


async def test_redis_leasing_sweeps_a_due_key_whose_item_is_gone(redis_url: str) -> None:
    """The outbox and the inbox lease with one script: a key left due without its item
    (finished meanwhile) leaves both sets instead of being looked at on every lease."""
    now, key = time.time(), f"gone-{uuid.uuid4().hex}"
    outbox, inbox = RedisOutbox(redis_url), RedisInbox(redis_url)
    try:
        for keys in (OUTBOX, INBOX):
            await outbox._redis.zadd(keys.due, {key: now - 1})
            await outbox._redis.zadd(keys.created, {key: now - 1})
        assert key not in [e.key for e in await outbox.lease(now, 1000)]
        assert key not in [j.key for j in await inbox.lease(now, 1000)]
        for keys in (OUTBOX, INBOX):
            assert await outbox._redis.zscore(keys.due, key) is None
            assert await outbox._redis.zscore(keys.created, key) is None
    finally:
        await outbox.close()
        await inbox.close()


async def test_concurrent_leases_never_share_an_entry(store: Callable[[], OutboxStore]) -> None:
    handles = [store() for _ in range(4)]
    now = time.time()
    for n in range(200):
        await handles[0].add(entry(f"k{n}", now - LEASE_S - 1))
    rounds = await asyncio.gather(*(h.lease(now, 30) for h in handles for _ in range(3)))
    keys = [e.key for taken in rounds for e in taken]
    assert len(keys) == len(set(keys)) == 200


# --- the sender against the fake Web API ----------------------------------------------


async def test_retry_after_holds_back_that_method_and_channel_only(slack: FakeSlack) -> None:
    async with aiohttp.ClientSession() as session:
        web = AsyncWebClient(token="xoxb-t", base_url=f"{slack.url}/api/", session=session,
                             retry_handlers=[])  # fmt: skip
        sender = OutboxSender(MemoryOutbox(), SlackDelivery(web, session), Metrics())
        slack.fail_next("chat.postMessage", 429, retry_after=2)
        started = time.monotonic()
        await sender.send_entry(
            sender.prepare("one", "chat.postMessage", {"channel": "C1", "text": "1"}, "C1")
        )
        await sender.send_entry(
            sender.prepare("two", "chat.postMessage", {"channel": "C1", "text": "2"}, "C1")
        )
        await sender.send_entry(
            sender.prepare("other", "chat.postMessage", {"channel": "C2", "text": "3"}, "C2")
        )
        assert [c.args["text"] for c in slack.of("chat.postMessage")] == ["3"]  # C2 not held
        runner = asyncio.ensure_future(sender.run())
        try:
            posts = await slack.wait_for("chat.postMessage", 3, timeout=10)
        finally:
            runner.cancel()
        assert sorted(c.args["text"] for c in posts) == ["1", "2", "3"]
        assert time.monotonic() - started >= 2.0  # C1 waited out the Retry-After
        assert len(slack.of("chat.postMessage:failed")) == 1  # "two" never hit the 429


async def test_health_is_degraded_while_the_web_api_is_down_and_answers_follow(
    outbox_app: RunningApp,
) -> None:
    port = outbox_app.slack.port
    await outbox_app.slack.stop()
    assert (
        await sr.post_signed(
            outbox_app.http, outbox_app.url, sr.mention("what is django?", ts="3.1")
        )
        == 200
    )
    for _ in range(50):  # bounded: the reply is tried right after the ack, not before it
        async with outbox_app.http.get(f"{outbox_app.url}/healthz") as resp:
            assert resp.status == 200  # degraded, not failing: requests are still acknowledged
            health = await resp.json()
        if health["status"] == "degraded":
            break
        await asyncio.sleep(0.1)
    assert health["status"] == "degraded" and health["web_api"] == "unreachable"
    assert health["outbox_pending"] == 1
    async with outbox_app.http.get(f"{outbox_app.url}/metrics") as resp:
        assert "advisor_outbox_depth 1.0" in await resp.text()
    await outbox_app.slack.start(port)
    (post,) = await outbox_app.slack.wait_for("chat.postMessage", timeout=15)
    assert post.args["thread_ts"] == "3.1"
    async with outbox_app.http.get(f"{outbox_app.url}/healthz") as resp:
        assert (await resp.json())["status"] == "ok"


async def test_a_reply_is_given_up_at_the_horizon_counted_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with aiohttp.ClientSession() as session:
        web = AsyncWebClient(
            token="xoxb-t", base_url="http://127.0.0.1:9/api/", session=session, retry_handlers=[]
        )  # fmt: skip  (nothing listens)
        metrics = Metrics()
        store = MemoryOutbox()
        sender = OutboxSender(store, SlackDelivery(web, session), metrics, horizon=1.5)
        await sender.send_entry(
            sender.prepare("gone", "chat.postMessage", {"channel": "C1", "text": "x"}, "C1")
        )
        assert sender.unreachable_since is not None
        runner = asyncio.ensure_future(sender.run())
        try:
            for _ in range(100):  # bounded: about 5 s
                if (await store.stats())[0] == 0:
                    break
                await asyncio.sleep(0.05)
        finally:
            runner.cancel()
    assert (await store.stats())[0] == 0
    text = metrics.exposition().decode()
    # Given up once: after a failed attempt past the horizon (the connection error's
    # code), or found past it before the next attempt ("expired"), as timing has it.
    given_up = [
        line
        for line in text.splitlines()
        if line.startswith("advisor_outbox_given_up_total{") and 'method="chat.postMessage"' in line
    ]
    assert len(given_up) == 1 and given_up[0].endswith(" 1.0")
    assert 'code="ClientConnectorError"' in given_up[0] or 'code="expired"' in given_up[0]
    assert "gave up on a chat.postMessage reply after" in caplog.text
    assert "ClientConnectorError" in caplog.text


def test_a_bad_outbox_horizon_is_named_and_exits_2() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "0",
           "ADVISOR_STATE_URL": "memory://", "ADVISOR_OUTBOX_HORIZON": "soon"}  # fmt: skip
    result = run_advisor("serve", "--http", env=env)
    assert result.returncode == 2
    assert "ADVISOR_OUTBOX_HORIZON must be seconds, not 'soon'" in result.stderr
    assert "Traceback" not in result.stderr


async def test_a_reply_found_past_its_horizon_is_not_sent(slack: FakeSlack) -> None:
    """An instance back after every instance was down longer than the horizon."""
    async with aiohttp.ClientSession() as session:
        web = AsyncWebClient(token="xoxb-t", base_url=f"{slack.url}/api/", session=session,
                             retry_handlers=[])  # fmt: skip
        metrics, store = Metrics(), MemoryOutbox()
        old = new_entry("old", "chat.postMessage", {"channel": "C1", "text": "x"}, "C1",
                        time.time() - 3600)  # fmt: skip
        await store.add(replace(old, due=time.time() - 1))
        sender = OutboxSender(store, SlackDelivery(web, session), metrics)
        assert await sender.deliver_due() == 1
    assert not slack.of("chat.postMessage")
    assert await store.stats() == (0, None)
    assert 'advisor_outbox_given_up_total{code="expired"' in metrics.exposition().decode()
