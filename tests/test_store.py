"""State stores: atomic per key, expiring, surviving restarts, shared across processes.

The same tests run against memory, a real SQLite file and a real redis-server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import textwrap
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.reply import Turn
from bot.storage.factory import open_store, parse_state_url
from bot.storage.inbox_redis import RedisInbox
from bot.storage.memory_store import MemoryStore
from bot.storage.outbox_redis import RedisOutbox
from bot.storage.protocol import StateStore, StoreError
from bot.storage.redis_store import RedisStore
from bot.storage.sqlite_store import SqliteStore
from bot.storage.stores import open_stores
from bot.understanding.matcher import IntentMatcher
from tests.conftest import REPO


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


Factory = Callable[..., StateStore]


@pytest.fixture(params=["memory", "sqlite", "redis"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Factory:
    """Opens a store of the parametrised kind; the same arguments reopen the same data."""
    kind = request.param
    redis_url = request.getfixturevalue("redis_url") if kind == "redis" else ""
    memory = MemoryStore()

    def make(ttl: float = 3600.0, clock: Callable[[], float] | None = None) -> StateStore:
        if kind == "memory":
            return memory
        if kind == "sqlite":
            return SqliteStore(tmp_path / "state.sqlite3", ttl, clock or FakeClock())
        return RedisStore(redis_url, ttl)

    make.kind = kind  # type: ignore[attr-defined]
    return make


@pytest.fixture
async def store(make_store: Factory) -> AsyncIterator[StateStore]:
    opened = make_store()
    yield opened
    await opened.close()


def new_key() -> str:
    return f"test:{uuid.uuid4().hex}"


def increment(raw: str | None) -> tuple[str, int]:
    value = int(raw or 0) + 1
    return str(value), value


async def test_update_reads_writes_and_deletes(store: StateStore) -> None:
    key = new_key()
    assert await store.get(key) is None
    assert await store.update(key, increment) == 1
    assert await store.update(key, increment) == 2
    assert await store.get(key) == "2"
    assert await store.update(key, lambda raw: (None, raw)) == "2"
    assert await store.get(key) is None


async def test_concurrent_updates_of_one_key_lose_nothing(store: StateStore) -> None:
    key = new_key()
    await asyncio.gather(*(store.update(key, increment) for _ in range(200)))
    assert await store.get(key) == "200"


async def test_claim_is_won_once(store: StateStore) -> None:
    key = new_key()
    results = await asyncio.gather(*(store.claim(key, 60) for _ in range(20)))
    assert results.count(True) == 1


async def test_records_expire_after_idle_time(make_store: Factory, tmp_path: Path) -> None:
    key = new_key()
    if make_store.kind == "redis":  # type: ignore[attr-defined]
        store = make_store(ttl=0.3)  # Redis keeps time itself
        await store.update(key, increment)
        assert await store.get(key) == "1"
        await asyncio.sleep(0.6)
    else:
        clock = FakeClock()
        store = (
            MemoryStore(ttl=60, clock=clock)
            if make_store.kind == "memory"  # type: ignore[attr-defined]
            else make_store(ttl=60, clock=clock)
        )
        await store.update(key, increment)
        clock.now += 59
        assert await store.get(key) == "1"
        await store.update(key, increment)  # activity renews the idle time
        clock.now += 61
    assert await store.get(key) is None
    assert await store.update(key, increment) == 1  # a fresh start, not the old count
    await store.close()


async def test_claims_expire(make_store: Factory) -> None:
    if make_store.kind == "redis":  # type: ignore[attr-defined]
        store = make_store()
        key = new_key()
        assert await store.claim(key, 0.2)
        await asyncio.sleep(0.4)
        assert await store.claim(key, 0.2)
    else:
        clock = FakeClock()
        store = (
            MemoryStore(clock=clock)
            if make_store.kind == "memory"  # type: ignore[attr-defined]
            else make_store(clock=clock)
        )
        key = new_key()
        assert await store.claim(key, 10)
        clock.now += 5
        assert not await store.claim(key, 10)
        clock.now += 6
        assert await store.claim(key, 10)
    await store.close()


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
async def test_a_conversation_survives_a_restart(
    kind: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    kb: KnowledgeBase,
    matcher: IntentMatcher,
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'state.sqlite3'}"
        if kind == "sqlite"
        else request.getfixturevalue("redis_url")
    )
    key = new_key()
    first = open_store({"ADVISOR_STATE_URL": url})
    engine = Engine(kb, first, matcher)
    await engine.handle(key, Turn(text="recommend"))
    await engine.handle(key, Turn(text="python"))
    await first.close()
    reopened = open_store({"ADVISOR_STATE_URL": url})
    engine = Engine(kb, reopened, matcher)
    resumed = await engine.resume(key)
    assert resumed is not None and resumed.question == "realtime"
    reply = await engine.handle(key, Turn(text="no"))
    assert reply.question == "sensitive_data"
    await reopened.close()


@pytest.mark.parametrize(
    "raw",
    ["{not json", json.dumps({"v": 99}), json.dumps([1, 2]), json.dumps({"v": 1, "offered": 3}),
     json.dumps({"v": 1, "advisor": {"answers": [["a"]], "position": 0}}),
     json.dumps({"v": 1, "advisor": {"answers": [], "position": -1}})],
)  # fmt: skip
async def test_a_corrupt_record_is_discarded_and_the_user_starts_fresh(
    store: StateStore,
    kb: KnowledgeBase,
    matcher: IntentMatcher,
    raw: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = new_key()
    await store.update(key, lambda _old: (raw, None))
    engine = Engine(kb, store, matcher)
    with caplog.at_level(logging.WARNING, logger="bot.engine"):
        reply = await engine.handle(key, Turn(text="is node faster?"))
    assert reply.intent == "performance"
    assert "discarding unreadable conversation state" in caplog.text
    stored = await store.get(key)
    assert stored is not None and json.loads(stored)["v"] == 1


async def test_many_turns_at_once_on_one_conversation(
    store: StateStore, kb: KnowledgeBase, matcher: IntentMatcher
) -> None:
    """Ten skips sent together: each is applied exactly once, none lost or doubled."""
    key = new_key()
    engine = Engine(kb, store, matcher)
    await engine.handle(key, Turn(text="recommend"))
    replies = await asyncio.gather(*(engine.handle(key, Turn(text="skip")) for _ in range(10)))
    positions = sorted(r.progress.current for r in replies if r.progress)
    assert positions == [2, 3, 4, 5, 6, 7, 8, 9]  # eight more questions
    assert sum(bool(r.changes) for r in replies) == 1  # then the result once (no pick: all skipped)
    # The last one arrives after the result, where "skip" is just text.


WORKER = textwrap.dedent(
    """
    import asyncio, sys
    from bot.storage.factory import open_store
    async def main():
        store = open_store({{"ADVISOR_STATE_URL": sys.argv[1]}})
        for _ in range({n}):
            await store.update(sys.argv[2], lambda raw: (str(int(raw or 0) + 1), None))
        await store.close()
    asyncio.run(main())
    """
)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
async def test_two_processes_updating_one_key_lose_nothing(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'shared.sqlite3'}"
        if kind == "sqlite"
        else request.getfixturevalue("redis_url")
    )
    key, n = new_key(), 300
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER.format(n=n), url, key], cwd=REPO)
        for _ in range(2)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0]
    store = open_store({"ADVISOR_STATE_URL": url})
    assert await store.get(key) == str(2 * n)
    await store.close()


def test_state_urls() -> None:
    assert parse_state_url("memory://").kind == "memory"
    sqlite = parse_state_url("sqlite:////var/lib/advisor/state.db?ttl=60")
    assert (sqlite.kind, sqlite.target, sqlite.ttl) == ("sqlite", "/var/lib/advisor/state.db", 60)
    assert parse_state_url("sqlite:///state.db").target == "state.db"
    assert parse_state_url("").target.endswith("state.sqlite3")  # the user's data directory
    redis = parse_state_url("redis://cache:6379/2?ttl=30")
    assert (redis.kind, redis.target, redis.ttl) == ("redis", "redis://cache:6379/2", 30)
    for bad in ("postgres://x", "memory://?ttl=abc", "memory://?ttl=-1"):
        with pytest.raises(StoreError, match="ADVISOR_STATE_URL"):
            parse_state_url(bad)


def test_a_redis_url_redis_cannot_read_names_the_variable_for_every_store() -> None:
    """The state store, the outbox and the inbox open Redis the same way: a bad URL is
    one clear StoreError, not a traceback from whichever opened first."""
    with pytest.raises(StoreError, match="ADVISOR_STATE_URL: Port"):
        open_stores({"ADVISOR_STATE_URL": "redis://localhost:nope/0"})
    for queue in (RedisOutbox, RedisInbox):
        with pytest.raises(StoreError, match="ADVISOR_STATE_URL: Port"):
            queue("redis://localhost:nope/0")


async def test_logs_keep_the_newest_items_in_order(store: StateStore) -> None:
    stream = new_key()
    for n in range(12):
        await store.append(stream, f"item-{n}", keep=5)
    assert await store.read(stream) == [f"item-{n}" for n in range(7, 12)]
    assert await store.read(new_key()) == []


async def test_forget_removes_one_workspaces_conversations(store: StateStore) -> None:
    team = f"T{uuid.uuid4().hex[:8]}"
    for key in (
        f"slack:{team}:C1",
        f"slack:{team}:C2:1.0",
        f"slack:{team}_X:C1",
        f"slack:T0:{team}",
    ):
        await store.update(key, increment)
    assert await store.forget(f"slack:{team}:") == 2
    assert await store.get(f"slack:{team}:C1") is None
    assert await store.get(f"slack:{team}_X:C1") == "1"  # "_" is not a wildcard
    assert await store.get(f"slack:T0:{team}") == "1"
