"""The SQLite file's write-ahead log stays bounded while writes never stop (a flood of
mentions), with another connection reading all the while (another process)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from bot.storage import sqlite_connection
from bot.storage.sqlite_connection import SqliteConnection

SCHEMA = "CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT NOT NULL);"
LIMIT = 512 * 1024
WRITES = 8000  # about 36 MB of log if it is never started again


def keep_reading(path: Path, done: threading.Event) -> None:
    """Short read transactions back to back, as the other process's turns make."""
    db = sqlite3.connect(path, isolation_level=None)
    while not done.is_set():
        db.execute("BEGIN")
        db.execute("SELECT count(*) FROM t").fetchall()
        db.execute("COMMIT")
    db.close()


async def biggest_log(tmp_path: Path) -> int:
    path = tmp_path / "state.sqlite3"
    connection = SqliteConnection(path, SCHEMA)
    done = threading.Event()
    reader = threading.Thread(target=keep_reading, args=(path, done))
    reader.start()
    biggest = 0
    try:
        for n in range(WRITES):
            row = (n % 200, f"{n:08d}" * 500)
            await connection.run(
                lambda db, row=row: db.execute("REPLACE INTO t VALUES (?, ?)", row)
            )
            biggest = max(biggest, Path(f"{path}-wal").stat().st_size)
    finally:
        done.set()
        reader.join()
        connection.close()
    return biggest


async def test_the_write_ahead_log_starts_again_past_its_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_connection, "CHECKPOINT_EVERY_S", 0.02)
    monkeypatch.setattr(sqlite_connection, "WAL_LIMIT_BYTES", LIMIT)
    assert await biggest_log(tmp_path) < 16 * LIMIT
