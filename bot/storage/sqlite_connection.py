"""One way to open the SQLite file the state store and the outbox share: the busy
timeout, the pragmas and the retried setup are the same for both, so they cannot drift."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bot.storage.protocol import StoreError

BUSY_TIMEOUT_S = 30.0  # how long a write waits for another process's write lock
SETUP_ATTEMPTS = 100


def connect(path: Path, schema: str, what: str) -> sqlite3.Connection:
    """A connection in WAL mode with `schema` created; StoreError naming `what` if not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        _set_up(db, schema)
        return db
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open {what} {path}: {exc}") from exc


def _set_up(db: sqlite3.Connection, schema: str) -> None:
    # Switching a new file to WAL needs a moment alone with it; processes opening it at
    # the same moment get "database is locked" at once, so try again briefly.
    for attempt in range(SETUP_ATTEMPTS):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # Survives a process crash (SIGKILL), not a power cut.
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(schema)
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == SETUP_ATTEMPTS - 1:
                raise
            time.sleep(0.05)
