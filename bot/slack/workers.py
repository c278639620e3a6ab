"""A bounded pool of workers draining the inbox (and, rarely, work held in memory).

At most WORKERS jobs run at once, and their turns (the CPU of a job) take only a share
of each turn of the event loop (`gate`, bot/slack/turn_gate.py), so a burst of events
never piles work onto the loop ahead of the next acks: the backlog stays in the store,
where any instance can take it. Jobs accepted here wake the pool; jobs accepted
elsewhere (another instance, or before a restart) are found by polling: soon again
after work was found (POLL_S[0]), backing off to POLL_S[1] while there is none. Jobs
the store could not take (`take_local`) are run first, even by a pool of size 0 (an
instance that only acks).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

from bot.ops.logs import REQUEST_ID
from bot.slack.turn_gate import SLICE_S, TurnGate
from bot.storage.inbox import Inbox, Job
from bot.storage.protocol import StoreError

log = logging.getLogger(__name__)
WORKERS = 64  # jobs in flight per instance (their turns share the loop: turn_gate.py)
POLL_S = (0.005, 0.5)  # how soon work accepted elsewhere is noticed: busy, idle
LOCAL_WORKERS = 4  # jobs held in memory only, in flight at once in a pool of size 0

RunJob = Callable[[Job, bool], Awaitable[None]]  # (job, durable)


class WorkerPool:
    def __init__(
        self,
        inbox: Inbox,
        size: int = WORKERS,
        clock: Callable[[], float] = time.time,
        slice_s: float = SLICE_S,
    ) -> None:
        self._inbox = inbox
        self.gate = TurnGate(slice_s)  # the jobs' turns, a share of each turn of the loop
        self._size = size
        self._clock = clock
        self._wake = asyncio.Event()
        self._local: deque[Job] = deque()
        self._running: set[asyncio.Task[None]] = set()

    @property
    def busy(self) -> int:
        return len(self._running)

    def wake(self) -> None:
        """A job was accepted: take it if there is room (else when a slot frees)."""
        if len(self._running) < self._size:
            self._wake.set()

    def take_local(self, job: Job) -> None:
        """A job the store could not take: it lives in this process only."""
        self._local.append(job)
        self._wake.set()

    def _start(self, run: RunJob, job: Job, durable: bool) -> None:
        task = asyncio.ensure_future(_with_request_id(run, job, durable))
        self._running.add(task)
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        if len(self._running) <= self._size // 2:  # refill in batches, not one by one
            self._wake.set()

    async def _fill(self, run: RunJob) -> int:
        """Start what there is room for; how many jobs the store gave."""
        while self._local and len(self._running) < max(self._size, LOCAL_WORKERS):
            self._start(run, self._local.popleft(), False)
        room = self._size - len(self._running)
        if room <= 0:
            return 0
        try:
            jobs = await self._inbox.lease(self._clock(), room)
        except StoreError as exc:
            log.error("inbox unavailable: %s", exc)
            return 0
        for job in jobs:
            self._start(run, job, True)
        return len(jobs)

    async def run(self, run: RunJob) -> None:
        """Take and run jobs until cancelled (at shutdown, leases expire for others)."""
        poll = POLL_S[1]
        while True:
            self._wake.clear()  # before looking: a job accepted meanwhile wakes us again
            found = await self._fill(run)
            if self._size and len(self._running) >= self._size:
                await self._wake.wait()  # a slot frees (see _finished)
                continue
            poll = POLL_S[0] if found else min(POLL_S[1], poll * 2)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), poll)

    async def wait(self, grace: float) -> int:
        """Wait up to `grace` seconds for the jobs in flight; return how many are left."""
        if not self._running:
            return 0
        _done, late = await asyncio.wait(set(self._running), timeout=grace)
        return len(late)


async def _with_request_id(run: RunJob, job: Job, durable: bool) -> None:
    REQUEST_ID.set(job.request)  # this task's own context: its logs name the request
    await run(job, durable)
