"""One SQLite connection per process, and its transactions grouped (group commit).

Every read and write of the state, the outbox and the inbox goes through `run`: the work
is queued for one writer thread, which takes everything queued at that moment and runs
it in one `BEGIN IMMEDIATE` transaction, each piece in a savepoint of its own (one that
raises is rolled back alone). Under a burst, fifty acks cost one commit and one wake-up
of the event loop instead of fifty of each, and no two connections of one process wait
on each other's locks (SQLite's busy handler sleeps in steps of milliseconds). Other
processes on the same file take turns through SQLite's write lock, as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from bot.storage.protocol import StoreError

R = TypeVar("R")
Work = Callable[[sqlite3.Connection], Any]
BUSY_TIMEOUT_S = 30.0
SETUP_ATTEMPTS = 100
MAX_BATCH = 256  # pieces of work per transaction


class SqliteConnection:
    def __init__(self, path: Path, schema: str) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            self._set_up(schema)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the state database {path}: {exc}") from exc
        self._queue: list[tuple[Work, asyncio.Future[Any]]] = []
        self._ready = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="sqlite-writer", daemon=True)
        self._thread.start()

    def _set_up(self, schema: str) -> None:
        # Switching a new file to WAL needs a moment alone with it; processes opening
        # it at the same moment get "database is locked" at once, so try again briefly.
        for attempt in range(SETUP_ATTEMPTS):
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                # Survives a process crash (SIGKILL), not a power cut.
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(schema)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == SETUP_ATTEMPTS - 1:
                    raise
                time.sleep(0.05)

    async def run(self, work: Callable[[sqlite3.Connection], R]) -> R:
        """`work(connection)` inside a write transaction; its result, or its exception
        (a sqlite3.Error becomes StoreError)."""
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        with self._ready:
            if self._closed:
                raise StoreError("the state database is closed")
            self._queue.append((work, future))
            self._ready.notify()
        return await future

    def _serve(self) -> None:
        while True:
            with self._ready:
                while not self._queue and not self._closed:
                    self._ready.wait()
                if not self._queue:
                    return
                batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            outcomes = self._transaction([work for work, _ in batch])
            by_loop: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any]]] = {}
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                by_loop.setdefault(future.get_loop(), []).append((future, outcome))
            for loop, settled in by_loop.items():
                # One wake-up of each loop for the whole batch (a closed loop: nobody waits).
                with contextlib.suppress(RuntimeError):
                    loop.call_soon_threadsafe(_settle, settled)

    def _transaction(self, works: list[Work]) -> list[Any]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            return [StoreError(f"sqlite: {exc}")] * len(works)
        outcomes = [self._piece(work) for work in works]
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._quietly("ROLLBACK")
            return [StoreError(f"sqlite: {exc}")] * len(works)
        return outcomes

    def _quietly(self, sql: str) -> None:
        with contextlib.suppress(sqlite3.Error):  # the transaction is already gone
            self._db.execute(sql)

    def _piece(self, work: Work) -> Any:
        self._db.execute("SAVEPOINT piece")
        try:
            result = work(self._db)
        except Exception as exc:
            self._quietly("ROLLBACK TO piece")
            self._quietly("RELEASE piece")
            return StoreError(f"sqlite: {exc}") if isinstance(exc, sqlite3.Error) else exc
        self._db.execute("RELEASE piece")
        return _Result(result)

    def close(self) -> None:
        with self._ready:
            self._closed = True
            self._ready.notify()
        self._thread.join(timeout=BUSY_TIMEOUT_S)
        self._db.close()


class _Result:
    """A value to hand back (an exception as the value is handed back as a value)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _settle(settled: list[tuple[asyncio.Future[Any], Any]]) -> None:
    for future, outcome in settled:
        if future.done():  # cancelled (a caller gave up waiting)
            continue
        if isinstance(outcome, _Result):
            future.set_result(outcome.value)
        else:
            future.set_exception(outcome)
