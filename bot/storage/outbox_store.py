"""Where pending replies wait: memory (one process) or SQLite (the state store's file).

Chosen like the state store, by ADVISOR_STATE_URL; Redis is in bot/storage/outbox_redis.py.
`lease` is atomic (one SQLite write transaction), so two processes on one file never
take the same entry.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

from bot.storage.factory import StoreConfig
from bot.storage.outbox import LEASE_S, Entry, OutboxStore
from bot.storage.protocol import StoreError
from bot.storage.sqlite_connection import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY, entry TEXT NOT NULL, due REAL NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (due);
"""


def outbox_for(config: StoreConfig) -> OutboxStore:
    """The outbox next to the conversation state (same URL, same database)."""
    if config.kind == "memory":
        return MemoryOutbox()
    if config.kind == "sqlite":
        return SqliteOutbox(Path(config.target))
    from bot.storage.outbox_redis import RedisOutbox

    return RedisOutbox(config.target)


class MemoryOutbox:
    """One process; atomic because nothing awaits between read and write."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}

    async def add(self, entry: Entry) -> bool:
        if entry.key in self._entries:
            return False
        self._entries[entry.key] = entry
        return True

    async def lease(self, now: float, limit: int) -> list[Entry]:
        due = sorted((e for e in self._entries.values() if e.due <= now), key=lambda e: e.due)
        taken = [replace(e, due=now + LEASE_S) for e in due[:limit]]
        self._entries.update((e.key, e) for e in taken)
        return taken

    async def reschedule(self, entry: Entry) -> None:
        self._entries[entry.key] = entry

    async def finish(self, key: str) -> None:
        self._entries.pop(key, None)

    async def stats(self) -> tuple[int, float | None]:
        oldest = min((e.created for e in self._entries.values()), default=None)
        return len(self._entries), oldest

    async def close(self) -> None:
        self._entries.clear()


class SqliteOutbox:
    """A table in the state database; its own connection (WAL lets both write in turn)."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = connect(path, SCHEMA, "the outbox in")

    def _run(self, sql: str, *params: object) -> tuple[list[tuple[object, ...]], int]:
        """Rows and rowcount, read to the end inside the lock: a cursor left unfinished
        keeps a read transaction open, and that connection's next write fails "locked"."""
        with self._lock:
            try:
                cursor = self._db.execute(sql, params)
                return cursor.fetchall(), cursor.rowcount
            except sqlite3.Error as exc:
                raise StoreError(f"outbox: {exc}") from exc

    async def add(self, entry: Entry) -> bool:
        _rows, count = await asyncio.to_thread(
            self._run,
            "INSERT OR IGNORE INTO outbox (key, entry, due, created) VALUES (?, ?, ?, ?)",
            entry.key, entry.to_json(), entry.due, entry.created,
        )  # fmt: skip
        return count == 1

    def _lease(self, now: float, limit: int) -> list[Entry]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    rows = self._db.execute(
                        "SELECT entry FROM outbox WHERE due <= ? ORDER BY due LIMIT ?", (now, limit)
                    ).fetchall()
                    taken = [replace(Entry.from_json(row[0]), due=now + LEASE_S) for row in rows]
                    self._db.executemany(
                        "UPDATE outbox SET entry = ?, due = ? WHERE key = ?",
                        [(e.to_json(), e.due, e.key) for e in taken],
                    )
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise StoreError(f"outbox: {exc}") from exc
        return taken

    async def lease(self, now: float, limit: int) -> list[Entry]:
        return await asyncio.to_thread(self._lease, now, limit)

    async def reschedule(self, entry: Entry) -> None:
        await asyncio.to_thread(
            self._run, "UPDATE outbox SET entry = ?, due = ? WHERE key = ?",
            entry.to_json(), entry.due, entry.key,
        )  # fmt: skip

    async def finish(self, key: str) -> None:
        await asyncio.to_thread(self._run, "DELETE FROM outbox WHERE key = ?", key)

    async def stats(self) -> tuple[int, float | None]:
        rows, _ = await asyncio.to_thread(self._run, "SELECT COUNT(*), MIN(created) FROM outbox")
        count, oldest = rows[0]
        return int(str(count)), None if oldest is None else float(str(oldest))

    async def close(self) -> None:
        with self._lock:
            self._db.close()
