"""The inbox: acknowledged work not yet answered, where any instance can pick it up.

An event is accepted (claimed once, and its job recorded, in one transaction) before it
is acknowledged; workers lease jobs (hidden from other workers for JOB_LEASE_S), and a
job leaves the inbox in the same transaction as the turn it runs and the reply that
turn produces (`Completing`), so each accepted job is answered once: a worker killed
mid-job leaves it to be leased again when the lease runs out. Storage: memory
(bot/storage/memory_store.py), SQLite (inbox_sqlite.py), Redis (inbox_redis.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

JOB_LEASE_S = 10.0  # a job takes milliseconds; past this, it is someone else's to do
MAX_JOB_ATTEMPTS = 5  # then the job is given up (the asker is told we could not answer)


@dataclass(frozen=True)
class Job:
    """One accepted event to answer. `key` is the event it answers (claimed once)."""

    key: str
    kind: str  # what to do: "app_mention"
    fields: dict[str, Any]  # what the work needs from the event (team, channel, text...)
    created: float
    token: str | None = None  # the workspace's bot token (None: the configured one)
    attempts: int = 0
    request: str = "-"  # the id of the request that brought it, for the logs

    def to_json(self) -> str:
        # Its own fields as they are (dataclasses.asdict would deep-copy them first).
        return json.dumps(vars(self), separators=(",", ":"))

    @staticmethod
    def from_json(text: str) -> Job:
        return Job(**json.loads(text))


class Inbox(Protocol):
    async def accept(self, job: Job, claim_ttl: float) -> bool:
        """Claim `job.key` and record the job, atomically; False when it was claimed
        before (a retry or a redelivery: nothing recorded)."""
        ...

    async def lease(self, now: float, limit: int) -> list[Job]:
        """Up to `limit` jobs due by `now`, oldest first, each hidden for JOB_LEASE_S."""
        ...

    async def retry(self, job: Job, due: float) -> None:
        """Put a job back (its attempts counted), to be leased again from `due`."""
        ...

    async def drop(self, key: str) -> None: ...

    async def stats(self) -> tuple[int, float | None]:
        """How many jobs wait (or run), and when the oldest was accepted."""
        ...

    async def close(self) -> None: ...
