"""The inbox (memory, SQLite, real Redis): accepted once, leased by one worker at a time,
and completed in the same transaction as its turn and its reply, or not at all."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from bot.storage.inbox import JOB_LEASE_S, Job
from bot.storage.outbox import Entry, new_entry
from bot.storage.protocol import Completing, JobGone
from bot.storage.stores import Stores, open_stores


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Stores]:
    urls = {"memory": "memory://", "sqlite": f"sqlite:///{tmp_path}/state.sqlite3"}
    url = urls.get(request.param) or request.getfixturevalue("redis_url")
    opened = open_stores({"ADVISOR_STATE_URL": url})
    yield opened
    await opened.close()


def job(now: float) -> Job:
    fields = {"channel": "C1", "text": "is node faster?"}
    return Job(f"event:Ev{uuid.uuid4().hex}", "app_mention", fields, now)


def ours(jobs: list[Job], *wanted: Job) -> list[str]:
    """The keys of `wanted` among `jobs` (a shared Redis may hold other tests' jobs)."""
    keys = {w.key for w in wanted}
    return [j.key for j in jobs if j.key in keys]


def append(text: str) -> Callable[[str | None], tuple[str | None, str]]:
    def change(raw: str | None) -> tuple[str | None, str]:
        new = (raw or "") + text
        return new, new

    return change


def reply_for(key: str) -> Entry:
    return new_entry(f"{key}:reply", "chat.postMessage", {"channel": "C1"}, "C1", time.time())


async def test_an_event_is_accepted_once(stores: Stores) -> None:
    first = job(time.time())
    before, _ = await stores.inbox.stats()
    assert await stores.inbox.accept(first, 3600)
    assert not await stores.inbox.accept(first, 3600)  # a retry: acknowledged, not recorded
    assert (await stores.inbox.stats())[0] == before + 1


async def test_a_leased_job_is_hidden_until_its_lease_runs_out(stores: Stores) -> None:
    now = time.time()
    accepted = job(now)
    await stores.inbox.accept(accepted, 3600)
    assert ours(await stores.inbox.lease(now, 1000), accepted) == [accepted.key]
    assert ours(await stores.inbox.lease(now + 1, 1000), accepted) == []  # another worker
    later = now + JOB_LEASE_S + 1  # its worker died: someone else takes it
    assert ours(await stores.inbox.lease(later, 1000), accepted) == [accepted.key]


async def test_a_turn_completes_its_job_and_stores_its_reply_together(stores: Stores) -> None:
    accepted = job(time.time())
    await stores.inbox.accept(accepted, 3600)
    jobs, replies = (await stores.inbox.stats())[0], (await stores.outbox.stats())[0]
    state = f"slack:T1:{accepted.key}"
    completing = Completing(accepted.key, lambda _result: reply_for(accepted.key))
    assert await stores.state.update(state, append("a"), completing) == "a"
    assert (await stores.inbox.stats())[0] == jobs - 1
    assert (await stores.outbox.stats())[0] == replies + 1
    with pytest.raises(JobGone):  # a second worker with the same job: nothing changes
        await stores.state.update(state, append("b"), completing)
    assert await stores.state.get(state) == "a"
    assert (await stores.outbox.stats())[0] == replies + 1


async def test_work_held_in_memory_is_answered_once_whether_it_was_recorded_or_not(
    stores: Stores,
) -> None:
    """The store did not take a job in time: perhaps it did, later; perhaps not."""
    state = f"slack:T1:{uuid.uuid4().hex}"
    never = job(time.time())
    held = Completing(never.key, lambda _r: reply_for(never.key), required=False)
    assert await stores.state.update(state, append("a"), held) == "a"
    assert not await stores.inbox.accept(never, 3600)  # a late acceptance records nothing
    late = job(time.time())
    await stores.inbox.accept(late, 3600)  # it did get there: the first to finish answers
    held = Completing(late.key, lambda _r: reply_for(late.key), required=False)
    assert await stores.state.update(state, append("b"), held) == "ab"
    with pytest.raises(JobGone):  # the worker that leased it from the inbox
        await stores.state.update(state, append("c"), Completing(held.job, held.reply))
    done = job(time.time())
    await stores.inbox.accept(done, 3600)
    await stores.state.update(state, append("d"), Completing(done.key, held.reply))
    with pytest.raises(JobGone):  # a worker answered it before the copy in memory
        await stores.state.update(state, append("e"), Completing(done.key, held.reply, False))
    assert await stores.state.get(state) == "abd"


async def test_a_failed_job_comes_back_later_with_its_attempt_counted(stores: Stores) -> None:
    now = time.time()
    accepted = job(now)
    await stores.inbox.accept(accepted, 3600)
    (leased,) = [j for j in await stores.inbox.lease(now, 1000) if j.key == accepted.key]
    await stores.inbox.retry(leased, now + 5)
    assert ours(await stores.inbox.lease(now + 4, 1000), accepted) == []
    (again,) = [j for j in await stores.inbox.lease(now + 6, 1000) if j.key == accepted.key]
    assert again.attempts == 1 and again.fields == accepted.fields
    await stores.inbox.drop(accepted.key)
    assert ours(await stores.inbox.lease(now + JOB_LEASE_S + 60, 1000), accepted) == []
