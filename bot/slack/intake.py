"""Accepting an event before its ack: an ack is a promise.

`Intake.accept` claims the event (once across retries and instances) and records its
job in the inbox, in one transaction, then wakes this instance's workers. Slack wants
its ack within 3 s, so the store gets ACCEPT_WAIT_S: when it cannot take the work in
time (or fails), the event is still acknowledged and answered from memory, as best we
can, and that ack is counted as not durable (`advisor_acks_not_durable_total`, a log
line, and /healthz "degraded" for NOT_DURABLE_WINDOW_S after).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from prometheus_client import Counter, Gauge

from bot.ops.logs import REQUEST_ID
from bot.ops.metrics import Metrics
from bot.slack.workers import WorkerPool
from bot.storage.inbox import MAX_JOB_ATTEMPTS as MAX_JOB_ATTEMPTS
from bot.storage.inbox import Inbox
from bot.storage.inbox import Job as Job
from bot.storage.protocol import StoreError

log = logging.getLogger(__name__)
ACCEPT_WAIT_S = 1.0
CLAIM_TTL_S = 3600.0  # a retry or redelivery of an event within this is a duplicate
NOT_DURABLE_WINDOW_S = 60.0


class Intake:
    def __init__(
        self,
        inbox: Inbox,
        pool: WorkerPool,
        metrics: Metrics,
        clock: Callable[[], float] = time.time,
        wake_others: Callable[[], None] | None = None,
    ) -> None:
        self.inbox = inbox
        self._pool = pool
        self._wake_others = wake_others  # this instance's answering processes
        self._clock = clock
        r = metrics.registry
        self._not_durable = Counter(
            "advisor_acks_not_durable", "Events acknowledged before the store took their work",
            registry=r,
        )  # fmt: skip
        self._backlog = Gauge("advisor_inbox_backlog", "Accepted jobs not yet answered", registry=r)
        self._oldest = Gauge(
            "advisor_inbox_oldest_age_seconds", "Age of the oldest unanswered job", registry=r
        )
        self.last_not_durable: float | None = None

    async def accept(self, job: Job) -> bool:
        """True for new work (recorded, or held in memory when the store could not take
        it in time); False for an event seen before (acknowledge it, do nothing)."""
        request = REQUEST_ID.get()
        if job.request != request:  # its logs carry the request's id (no replace(): per ack)
            job = Job(job.key, job.kind, job.fields, job.created, job.token, job.attempts, request)
        try:
            async with asyncio.timeout(ACCEPT_WAIT_S):
                fresh = await self.inbox.accept(job, CLAIM_TTL_S)
        except (StoreError, TimeoutError) as exc:
            self._not_durable.inc()
            self.last_not_durable = self._clock()
            log.error("acknowledged without the store (not durable): %s", exc or "too slow")
            self._pool.take_local(job)
            return True
        if fresh:
            self._pool.wake()
            if self._wake_others is not None:
                self._wake_others()
        return fresh

    @property
    def durable(self) -> bool:
        """False while an ack in the last NOT_DURABLE_WINDOW_S was not durable."""
        last = self.last_not_durable
        return last is None or self._clock() - last > NOT_DURABLE_WINDOW_S

    async def backlog(self) -> int:
        """Jobs accepted and not yet answered (all instances'), also as gauges."""
        count, oldest = await self.inbox.stats()
        self._backlog.set(count)
        self._oldest.set(max(0.0, self._clock() - oldest) if oldest else 0.0)
        return count
