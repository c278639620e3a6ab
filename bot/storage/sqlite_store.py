"""SQLite state store: a file on one machine, safe for several processes.

Each update is one write transaction (SQLite's write lock), so two processes updating
the same conversation take turns instead of overwriting. The writes are grouped with
whatever else is queued in the same turn of the event loop, into one transaction
(bot/storage/sqlite_connection.py).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bot.storage import sqlite_tables as tables
from bot.storage.outbox import Entry
from bot.storage.protocol import DEFAULT_TTL, Change, Clock, Completing, JobGone, T
from bot.storage.sqlite_connection import SqliteConnection

PURGE_EVERY_S = 60.0  # between sweeps of expired rows (each scans the claims)


class SqliteStore:
    def __init__(self, path: Path, ttl: float = DEFAULT_TTL, clock: Clock = time.time) -> None:
        self._ttl = ttl
        self._clock = clock
        self._swept = clock()
        self.connection = SqliteConnection(path, tables.SCHEMA)  # shared by outbox and inbox

    def _value(self, db: sqlite3.Connection, key: str) -> str | None:
        row = db.execute(
            "SELECT value FROM state WHERE key = ? AND expires_at > ?", (key, self._clock())
        ).fetchone()
        return str(row[0]) if row else None

    async def update(self, key: str, change: Change[T], completing: Completing | None = None) -> T:
        # The change is worked out before the write lock is taken, from the state as last
        # committed, so other writers (acks, other processes) wait only for the writes;
        # if the state changed meanwhile, it is worked out again under the lock.
        seen = self.connection.read_now(lambda db: self._value(db, key))
        worked = _work(change, completing, seen)

        def write(db: sqlite3.Connection) -> T:
            if completing is not None:
                _complete(db, completing, self._clock())  # JobGone rolls this piece back
            current = self._value(db, key)
            new, result, entry = worked if current == seen else _work(change, completing, current)
            now = self._clock()
            if new is None:
                db.execute("DELETE FROM state WHERE key = ?", (key,))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO state (key, value, expires_at) VALUES (?, ?, ?)",
                    (key, new, now + self._ttl),
                )
            if entry is not None:
                tables.add_reply(db, entry)
            self._sweep(db, now)
            return result

        return await self.connection.run(write)

    def _sweep(self, db: sqlite3.Connection, now: float) -> None:
        if now - self._swept >= PURGE_EVERY_S:
            self._swept = now
            db.execute("DELETE FROM state WHERE expires_at <= ?", (now,))
            db.execute("DELETE FROM claims WHERE expires_at <= ?", (now,))

    async def get(self, key: str) -> str | None:
        return self.connection.read_now(lambda db: self._value(db, key))

    async def claim(self, key: str, ttl: float) -> bool:
        return await self.connection.run(lambda db: tables.claim(db, key, self._clock(), ttl))

    async def forget(self, prefix: str) -> int:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

        def delete(db: sqlite3.Connection) -> int:
            cursor = db.execute("DELETE FROM state WHERE key LIKE ? ESCAPE '\\'", (pattern,))
            return int(cursor.rowcount)

        return await self.connection.run(delete)

    async def append(self, stream: str, item: str, keep: int) -> None:
        def add(db: sqlite3.Connection) -> None:
            db.execute("INSERT INTO logs (stream, item) VALUES (?, ?)", (stream, item))
            db.execute(
                "DELETE FROM logs WHERE stream = ? AND id NOT IN "
                "(SELECT id FROM logs WHERE stream = ? ORDER BY id DESC LIMIT ?)",
                (stream, stream, keep),
            )

        await self.connection.run(add)

    async def read(self, stream: str) -> list[str]:
        def items(db: sqlite3.Connection) -> list[str]:
            rows = db.execute(
                "SELECT item FROM logs WHERE stream = ? ORDER BY id", (stream,)
            ).fetchall()
            return [str(row[0]) for row in rows]

        return await self.connection.run(items)

    async def close(self) -> None:
        self.connection.close()


def _work(
    change: Change[T], completing: Completing | None, old: str | None
) -> tuple[str | None, T, Entry | None]:
    """The new value, the result, and the reply to store with them (when completing)."""
    new, result = change(old)
    return new, result, completing.reply(result) if completing is not None else None


def _complete(db: sqlite3.Connection, completing: Completing, now: float) -> None:
    if tables.finish_job(db, completing.job):
        return
    if completing.required or not tables.claim(db, completing.job, now, completing.claim_ttl):
        raise JobGone(completing.job)
