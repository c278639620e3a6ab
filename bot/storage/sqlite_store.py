"""SQLite state store: a file on one machine, safe for several processes.

Each update is one `BEGIN IMMEDIATE` transaction (SQLite's write lock), so two
processes updating the same conversation take turns instead of overwriting.
Blocking calls run in a worker thread to keep the event loop free.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

from bot.storage.protocol import DEFAULT_TTL, Change, Clock, T
from bot.storage.sqlite_connection import connect

PURGE_EVERY = 200  # writes between sweeps of expired rows

SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS state_expiry ON state (expires_at);
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, item TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS logs_stream ON logs (stream, id);
"""


class SqliteStore:
    def __init__(self, path: Path, ttl: float = DEFAULT_TTL, clock: Clock = time.time) -> None:
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()  # one connection, shared by the worker threads
        self._writes = 0
        self._db = connect(path, SCHEMA, "the state database")

    def _transaction(self, key: str, change: Change[T]) -> T:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                now = self._clock()
                row = self._db.execute(
                    "SELECT value FROM state WHERE key = ? AND expires_at > ?", (key, now)
                ).fetchone()
                new, result = change(row[0] if row else None)
                if new is None:
                    self._db.execute("DELETE FROM state WHERE key = ?", (key,))
                else:
                    self._db.execute(
                        "INSERT OR REPLACE INTO state (key, value, expires_at) VALUES (?, ?, ?)",
                        (key, new, now + self._ttl),
                    )
                self._writes += 1
                if self._writes % PURGE_EVERY == 0:
                    self._db.execute("DELETE FROM state WHERE expires_at <= ?", (now,))
                    self._db.execute("DELETE FROM claims WHERE expires_at <= ?", (now,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return result

    async def update(self, key: str, change: Change[T]) -> T:
        return await asyncio.to_thread(self._transaction, key, change)

    def _get(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM state WHERE key = ? AND expires_at > ?", (key, self._clock())
            ).fetchone()
        return str(row[0]) if row else None

    async def get(self, key: str) -> str | None:
        return await asyncio.to_thread(self._get, key)

    def _claim(self, key: str, ttl: float) -> bool:
        with self._lock:
            now = self._clock()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM claims WHERE key = ? AND expires_at <= ?", (key, now))
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO claims (key, expires_at) VALUES (?, ?)", (key, now + ttl)
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return cursor.rowcount == 1

    async def claim(self, key: str, ttl: float) -> bool:
        return await asyncio.to_thread(self._claim, key, ttl)

    def _forget(self, prefix: str) -> int:
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self._lock:
            cursor = self._db.execute("DELETE FROM state WHERE key LIKE ? ESCAPE '\\'", (pattern,))
        return int(cursor.rowcount)

    async def forget(self, prefix: str) -> int:
        return await asyncio.to_thread(self._forget, prefix)

    def _append(self, stream: str, item: str, keep: int) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT INTO logs (stream, item) VALUES (?, ?)", (stream, item))
                self._db.execute(
                    "DELETE FROM logs WHERE stream = ? AND id NOT IN "
                    "(SELECT id FROM logs WHERE stream = ? ORDER BY id DESC LIMIT ?)",
                    (stream, stream, keep),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    async def append(self, stream: str, item: str, keep: int) -> None:
        await asyncio.to_thread(self._append, stream, item, keep)

    def _read(self, stream: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT item FROM logs WHERE stream = ? ORDER BY id", (stream,)
            ).fetchall()
        return [str(row[0]) for row in rows]

    async def read(self, stream: str) -> list[str]:
        return await asyncio.to_thread(self._read, stream)

    async def close(self) -> None:
        with self._lock:
            self._db.close()
