"""Where pending replies wait: memory (one process) or SQLite (the state store's file).

Chosen like the state store, by ADVISOR_STATE_URL; Redis is in bot/storage/outbox_redis.py.
`lease` is atomic (one SQLite write transaction), so two processes on one file never
take the same entry. In a running app the SQLite outbox shares the state store's
connection (bot/storage/stores.py), so a turn and its reply commit together.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from bot.storage.factory import StoreConfig
from bot.storage.outbox import LEASE_S, Entry, OutboxStore
from bot.storage.sqlite_connection import SqliteConnection
from bot.storage.sqlite_tables import SCHEMA, add_reply, queue_stats


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

    def __init__(self, entries: dict[str, Entry] | None = None) -> None:
        # Shared with a memory store when its updates add replies (bot/storage/stores.py).
        self._entries: dict[str, Entry] = {} if entries is None else entries

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
    """The outbox table of the state file, on the state store's connection (or its own)."""

    def __init__(
        self, path: Path | None = None, connection: SqliteConnection | None = None
    ) -> None:
        if connection is None:
            if path is None:
                raise ValueError("SqliteOutbox needs a path or a connection")
            connection = SqliteConnection(path, SCHEMA, "the outbox in")
            self._owned: SqliteConnection | None = connection
        else:
            self._owned = None  # the state store's: it closes it
        self._connection = connection

    async def add(self, entry: Entry) -> bool:
        return await self._connection.run(lambda db: add_reply(db, entry))

    async def lease(self, now: float, limit: int) -> list[Entry]:
        def take(db: sqlite3.Connection) -> list[Entry]:
            rows = db.execute(
                "SELECT entry FROM outbox WHERE due <= ? ORDER BY due LIMIT ?", (now, limit)
            ).fetchall()
            taken = [replace(Entry.from_json(row[0]), due=now + LEASE_S) for row in rows]
            db.executemany(
                "UPDATE outbox SET entry = ?, due = ? WHERE key = ?",
                [(e.to_json(), e.due, e.key) for e in taken],
            )
            return taken

        return await self._connection.run(take)

    async def reschedule(self, entry: Entry) -> None:
        await self._connection.run(lambda db: db.execute(
            "UPDATE outbox SET entry = ?, due = ? WHERE key = ?",
            (entry.to_json(), entry.due, entry.key),
        ))  # fmt: skip

    async def finish(self, key: str) -> None:
        await self._connection.run(
            lambda db: db.execute("DELETE FROM outbox WHERE key = ?", (key,))
        )

    async def stats(self) -> tuple[int, float | None]:
        return await self._connection.run(lambda db: queue_stats(db, "outbox"))

    async def close(self) -> None:
        if self._owned is not None:
            self._owned.close()
