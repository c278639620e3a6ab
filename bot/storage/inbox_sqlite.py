"""The inbox as a table of the SQLite state file, on the state store's connection.

Accepting is one transaction (the claim and the job); leasing is one transaction for a
batch of jobs, so two processes on one file never take the same job at the same time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from bot.storage.inbox import JOB_LEASE_S, Job
from bot.storage.sqlite_connection import SqliteConnection
from bot.storage.sqlite_tables import claim, queue_stats


class SqliteInbox:
    def __init__(self, connection: SqliteConnection) -> None:
        self._connection = connection

    async def accept(self, job: Job, claim_ttl: float) -> bool:
        def record(db: sqlite3.Connection) -> bool:
            if not claim(db, job.key, job.created, claim_ttl):
                return False
            db.execute(
                "INSERT OR REPLACE INTO jobs (key, job, due, created) VALUES (?, ?, ?, ?)",
                (job.key, job.to_json(), job.created, job.created),
            )
            return True

        return await self._connection.run(record)

    async def lease(self, now: float, limit: int) -> list[Job]:
        def take(db: sqlite3.Connection) -> list[Job]:
            rows = db.execute(
                "SELECT key, job FROM jobs WHERE due <= ? ORDER BY due LIMIT ?", (now, limit)
            ).fetchall()
            db.executemany(
                "UPDATE jobs SET due = ? WHERE key = ?", [(now + JOB_LEASE_S, k) for k, _ in rows]
            )
            return [Job.from_json(text) for _, text in rows]

        return await self._connection.run(take)

    async def retry(self, job: Job, due: float) -> None:
        again = replace(job, attempts=job.attempts + 1)
        await self._connection.run(lambda db: db.execute(
            "UPDATE jobs SET job = ?, due = ? WHERE key = ?", (again.to_json(), due, job.key)
        ))  # fmt: skip

    async def drop(self, key: str) -> None:
        await self._connection.run(lambda db: db.execute("DELETE FROM jobs WHERE key = ?", (key,)))

    async def stats(self) -> tuple[int, float | None]:
        return await self._connection.run(lambda db: queue_stats(db, "jobs"))

    async def close(self) -> None:
        pass  # the state store closes the connection
