"""SQLite state store: a file on one machine, safe for several processes.

Each update is one write transaction (SQLite's write lock), so two processes updating
the same conversation take turns instead of overwriting. The work runs on the
connection's writer thread (bot/storage/sqlite_connection.py), grouped with whatever
else is queued at that moment, so the event loop stays free.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bot.storage import sqlite_tables as tables
from bot.storage.protocol import DEFAULT_TTL, Change, Clock, Completing, JobGone, T
from bot.storage.sqlite_connection import SqliteConnection

PURGE_EVERY = 200  # writes between sweeps of expired rows


class SqliteStore:
    def __init__(self, path: Path, ttl: float = DEFAULT_TTL, clock: Clock = time.time) -> None:
        self._ttl = ttl
        self._clock = clock
        self._writes = 0
        self.connection = SqliteConnection(path, tables.SCHEMA)  # shared by outbox and inbox

    def _update(
        self, db: sqlite3.Connection, key: str, change: Change[T], completing: Completing | None
    ) -> T:
        gone = completing is not None and not tables.finish_job(db, completing.job)
        if gone and completing is not None and completing.required:
            raise JobGone(completing.job)  # rolls this piece back: nothing changes
        now = self._clock()
        row = db.execute(
            "SELECT value FROM state WHERE key = ? AND expires_at > ?", (key, now)
        ).fetchone()
        new, result = change(row[0] if row else None)
        if new is None:
            db.execute("DELETE FROM state WHERE key = ?", (key,))
        else:
            db.execute(
                "INSERT OR REPLACE INTO state (key, value, expires_at) VALUES (?, ?, ?)",
                (key, new, now + self._ttl),
            )
        if completing is not None and (entry := completing.reply(result)) is not None:
            tables.add_reply(db, entry)
        self._writes += 1
        if self._writes % PURGE_EVERY == 0:
            db.execute("DELETE FROM state WHERE expires_at <= ?", (now,))
            db.execute("DELETE FROM claims WHERE expires_at <= ?", (now,))
        return result

    async def update(self, key: str, change: Change[T], completing: Completing | None = None) -> T:
        return await self.connection.run(lambda db: self._update(db, key, change, completing))

    async def get(self, key: str) -> str | None:
        def read(db: sqlite3.Connection) -> str | None:
            row = db.execute(
                "SELECT value FROM state WHERE key = ? AND expires_at > ?", (key, self._clock())
            ).fetchone()
            return str(row[0]) if row else None

        return await self.connection.run(read)

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
