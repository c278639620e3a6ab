"""Delivering the outbox: the first attempt at once, then retries until the horizon.

`OutboxSender.send` stores a reply (keyed by the event or click it answers) and makes
its first attempt; `run` is the background loop every instance runs, taking due entries
from the shared store (atomically: one instance per entry) and retrying them with
backoff. Retry-After is honoured per method and channel, as Slack applies it. While the
Web API cannot be reached, `unreachable_since` is set: /healthz reports "degraded".
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
from prometheus_client import Counter, Gauge
from slack_sdk.web.async_client import AsyncWebClient

from bot.ops.metrics import Metrics
from bot.storage.outbox import (
    DEFAULT_HORIZON_S,
    MAX_ATTEMPTS_PER_LEASE,
    MAX_BACKOFF_S,
    Delivered,
    Failed,
    OutboxStore,
    Outcome,
    Retry,
    after_attempt,
    new_entry,
)
from bot.storage.outbox import Entry as Entry  # what the outbox holds, for the Slack layer
from bot.storage.outbox import backoff as backoff
from bot.storage.protocol import StoreError

log = logging.getLogger(__name__)
POLL_S = 0.5
ATTEMPT_TIMEOUT_S = 10.0
MAX_GATES = 1000  # Retry-After gates kept before the open ones are swept

Deliver = Callable[[Entry], Awaitable[Outcome]]


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    value = (headers or {}).get("Retry-After") or (headers or {}).get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


class SlackDelivery:
    """One attempt: a Web API call or a response_url post, no retries of its own.

    Posted on the keep-alive session directly (the client's URL and token), the args
    serialised once: slack_sdk's client builds a response object and validates around
    every call, a good share of a reply's cost under load.
    """

    def __init__(self, web: AsyncWebClient, session: aiohttp.ClientSession) -> None:
        self._base_url = web.base_url
        self._token = web.token
        self._session = session

    async def __call__(self, entry: Entry) -> Outcome:
        try:
            async with asyncio.timeout(ATTEMPT_TIMEOUT_S):
                if entry.method == "response_url":
                    return await self._post_to_response_url(entry)
                return await self._call(entry)
        except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as exc:
            return Retry(type(exc).__name__, unreachable=True)

    async def _call(self, entry: Entry) -> Outcome:
        headers = {"Authorization": f"Bearer {entry.token or self._token}",
                   "Content-Type": "application/json;charset=utf-8"}  # fmt: skip
        url = f"{self._base_url}{entry.method}"
        async with self._session.post(url, data=entry.args_text(), headers=headers) as resp:
            answer = await resp.json(content_type=None)
            if resp.status == 200 and isinstance(answer, dict) and answer.get("ok"):
                return Delivered()
            code = str(answer.get("error", "unknown_error")) if isinstance(answer, dict) else ""
            code = code or f"http_{resp.status}"
            if resp.status == 429:
                return Retry(code, after=retry_after(resp.headers))
            return Retry(code) if resp.status >= 500 else Failed(code)

    async def _post_to_response_url(self, entry: Entry) -> Outcome:
        async with self._session.post(str(entry.url), json=entry.args) as resp:
            if resp.status == 200:
                return Delivered()
            code = f"http_{resp.status}"
            if resp.status == 429:
                return Retry(code, after=retry_after(resp.headers))
            return Retry(code) if resp.status >= 500 else Failed(code)


class OutboxMetrics:
    def __init__(self, metrics: Metrics) -> None:
        r = metrics.registry
        self.depth = Gauge("advisor_outbox_depth", "Replies waiting in the outbox", registry=r)
        self.oldest_age = Gauge(
            "advisor_outbox_oldest_age_seconds", "Age of the oldest waiting reply", registry=r
        )
        self.sent = Counter("advisor_outbox_sent", "Replies delivered", ["method"], registry=r)
        self.retries = Counter(
            "advisor_outbox_retries", "Failed attempts to retry", ["method", "code"], registry=r
        )
        self.given_up = Counter(
            "advisor_outbox_given_up", "Replies never delivered", ["method", "code"], registry=r
        )


class OutboxSender:
    def __init__(
        self,
        store: OutboxStore,
        deliver: Deliver,
        metrics: Metrics,
        horizon: float = DEFAULT_HORIZON_S,
        default_token: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._deliver = deliver
        self._metrics = OutboxMetrics(metrics)
        self._slack_errors = metrics.slack_errors  # every failed attempt, by Slack's code
        self._horizon = horizon
        self._default_token = default_token
        self._clock = clock
        self._gates: dict[tuple[str, str], float] = {}  # (method, channel) -> not before
        self.unreachable_since: float | None = None
        self._recovered = False  # the Web API just came back: deliver what waits now

    def prepare(
        self,
        key: str,
        method: str,
        args: dict[str, Any],
        channel: str = "",
        token: str | None = None,
        url: str | None = None,
        args_json: str | None = None,
    ) -> Entry:
        """The outbox entry for a reply (leased to its maker: `attempt` it next);
        `args_json`: `args` already as JSON text, without the None values."""
        token = None if token == self._default_token else token  # no secrets stored needlessly
        clean = {name: value for name, value in args.items() if value is not None}
        return new_entry(
            key, method, clean, channel, self._clock(), self._horizon, token, url, args_json
        )

    async def send_entry(self, entry: Entry) -> None:
        """Store the prepared reply, then attempt it; a key already stored is not sent
        again."""
        try:
            if not await self._store.add(entry):
                log.info("a %s reply for this request is already in the outbox", entry.method)
                return
        except StoreError as exc:  # better a reply without a safety net than none
            log.error("outbox unavailable, sending once without it: %s", exc)
            self._observe(entry, await self._deliver(entry))
            return
        await self.attempt(entry)

    async def attempt(self, entry: Entry) -> None:
        """One attempt at a stored entry; then it is finished, rescheduled or given up."""
        now = self._clock()
        not_before = self._gates.get((entry.method, entry.channel), 0.0)
        if now > entry.expires:  # waited past its horizon (every instance was down, say)
            outcome: Outcome = Failed("expired")
        elif not_before > now:  # Slack asked us to wait on this method and channel
            outcome = Retry("ratelimited", after=not_before - now)
        else:
            outcome = await self._deliver(entry)
            self._observe(entry, outcome)
            if not isinstance(outcome, Delivered):
                self._slack_errors.labels(entry.method, outcome.code).inc()
        decision, updated, code = after_attempt(entry, outcome, self._clock())
        try:
            if decision == "retry" and updated is not None:
                self._metrics.retries.labels(entry.method, code).inc()
                await self._store.reschedule(updated)
                return
            await self._store.finish(entry.key)
        except StoreError as exc:
            log.error("outbox update failed (the lease expires and it is retried): %s", exc)
        if decision == "done":
            self._metrics.sent.labels(entry.method).inc()
        else:
            self._metrics.given_up.labels(entry.method, code).inc()
            log.error(
                "gave up on a %s reply after %d attempt(s): %s",
                entry.method,
                entry.attempts + 1,
                code,
            )

    def _observe(self, entry: Entry, outcome: Outcome) -> None:
        """Track reachability (for /healthz) and Retry-After gates."""
        if isinstance(outcome, Retry) and outcome.unreachable:
            if self.unreachable_since is None:
                self.unreachable_since = self._clock()
                log.warning(
                    "Slack's Web API is unreachable (%s); replies wait in the outbox", outcome.code
                )
            return
        if self.unreachable_since is not None:
            log.info("Slack's Web API is reachable again; delivering what waited")
            self._recovered = True
        self.unreachable_since = None
        if isinstance(outcome, Retry) and outcome.after is not None:
            self._gates[(entry.method, entry.channel)] = self._clock() + outcome.after

    async def deliver_due(self) -> int:
        """One round: take what is due, attempt each (concurrently); how many were taken.

        Right after the Web API comes back, what waits in backoff is taken early: its
        backoff was only guessing when that would be (Retry-After gates still hold).
        """
        now = self._clock()
        if len(self._gates) > MAX_GATES:  # forget the gates that have opened
            self._gates = {where: t for where, t in self._gates.items() if t > now}
        until = now + MAX_BACKOFF_S if self._recovered else now
        entries = await self._store.lease(until, MAX_ATTEMPTS_PER_LEASE)
        if len(entries) < MAX_ATTEMPTS_PER_LEASE:
            self._recovered = False
        if entries:
            await asyncio.gather(*(self.attempt(entry) for entry in entries))
        return len(entries)

    async def update_gauges(self) -> int:
        depth, oldest = await self._store.stats()
        self._metrics.depth.set(depth)
        self._metrics.oldest_age.set(max(0.0, self._clock() - oldest) if oldest else 0.0)
        return depth

    async def run(self) -> None:
        """Deliver due entries until cancelled (at shutdown; leases then expire for others)."""
        while True:
            taken = 0
            try:
                taken = await self.deliver_due()
                await self.update_gauges()
            except StoreError as exc:
                log.error("outbox unavailable: %s", exc)
            if taken < MAX_ATTEMPTS_PER_LEASE:
                await asyncio.sleep(POLL_S)
