"""Conversation state in memory: one process, for tests and throwaway chats."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import replace

from bot.storage.inbox import JOB_LEASE_S, Job
from bot.storage.outbox import Entry
from bot.storage.protocol import DEFAULT_TTL, Change, Clock, Completing, JobGone, T


class MemoryStore:
    """One process only. Atomic because `update` never awaits between read and write."""

    def __init__(self, ttl: float = DEFAULT_TTL, clock: Clock = time.time) -> None:
        self._ttl = ttl
        self._clock = clock
        self._values: dict[str, tuple[str, float]] = {}
        self._claims: dict[str, float] = {}
        self._logs: dict[str, deque[str]] = {}
        # The inbox's jobs (key -> job, due) and the outbox's entries, kept here so an
        # update completes a job in the same step (bot/storage/inbox.py, outbox_store.py).
        self.jobs: dict[str, tuple[Job, float]] = {}
        self.replies: dict[str, Entry] = {}

    def _live(self, key: str) -> str | None:
        found = self._values.get(key)
        if found is None or found[1] <= self._clock():
            self._values.pop(key, None)
            return None
        return found[0]

    async def update(self, key: str, change: Change[T], completing: Completing | None = None) -> T:
        if completing is not None and completing.job not in self.jobs:
            # Not recorded: answered elsewhere, unless never recorded at all (see Completing).
            now = self._clock()
            if completing.required or self._claims.get(completing.job, 0.0) > now:
                raise JobGone(completing.job)
            self._claims[completing.job] = now + completing.claim_ttl
        new, result = change(self._live(key))
        if completing is not None:
            entry = completing.reply(result)
            self.jobs.pop(completing.job, None)
            if entry is not None:
                self.replies.setdefault(entry.key, entry)
        if new is None:
            self._values.pop(key, None)
        else:
            self._values[key] = (new, self._clock() + self._ttl)
        return result

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def claim(self, key: str, ttl: float) -> bool:
        now = self._clock()
        if self._claims.get(key, 0.0) > now:
            return False
        self._claims[key] = now + ttl
        return True

    async def forget(self, prefix: str) -> int:
        doomed = [key for key in self._values if key.startswith(prefix)]
        for key in doomed:
            del self._values[key]
        return len(doomed)

    async def append(self, stream: str, item: str, keep: int) -> None:
        log = self._logs.setdefault(stream, deque(maxlen=keep))
        log.append(item)

    async def read(self, stream: str) -> list[str]:
        return list(self._logs.get(stream, ()))

    async def close(self) -> None:
        self._values.clear()


class MemoryInbox:
    """One process; the jobs live in the memory store, whose updates complete them."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def accept(self, job: Job, claim_ttl: float) -> bool:
        if not await self._store.claim(job.key, claim_ttl):
            return False
        self._store.jobs[job.key] = (job, job.created)
        return True

    async def lease(self, now: float, limit: int) -> list[Job]:
        due = sorted((pair for pair in self._store.jobs.values() if pair[1] <= now),
                     key=lambda pair: pair[1])[:limit]  # fmt: skip
        for job, _ in due:
            self._store.jobs[job.key] = (job, now + JOB_LEASE_S)
        return [job for job, _ in due]

    async def retry(self, job: Job, due: float) -> None:
        if job.key in self._store.jobs:
            self._store.jobs[job.key] = (replace(job, attempts=job.attempts + 1), due)

    async def drop(self, key: str) -> None:
        self._store.jobs.pop(key, None)

    async def stats(self) -> tuple[int, float | None]:
        jobs = self._store.jobs.values()
        return len(jobs), min((job.created for job, _ in jobs), default=None)

    async def close(self) -> None:
        pass  # the memory store holds the jobs
