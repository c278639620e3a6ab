"""One SQLite connection per process, its transactions grouped (group commit).

Every read and write of the state, the outbox and the inbox goes through `run`: the work
is queued, and once per turn of the event loop everything queued runs in one
`BEGIN IMMEDIATE` transaction, each piece in a savepoint of its own (one that raises is
rolled back alone). Under a burst, fifty acks cost one commit instead of fifty.

The work runs on the event loop's own thread: a piece is microseconds of SQLite (WAL,
`synchronous=NORMAL`: a commit writes to the page cache and syncs nothing), where a hop
to a worker thread and back costs more, and two threads contending for the GIL cost far
more under load. What could block does not happen on the loop: the write lock held by
another process is waited for by trying again a little later (never SQLite's sleeping
busy handler), and checkpoints (which sync the file) run in a thread of their own.
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
BUSY_TIMEOUT_S = 30.0  # another process holding the write lock this long: an error
RETRY_S = (0.0002, 0.001)  # first and longest wait before trying the write lock again
SETUP_ATTEMPTS = 100
MAX_BATCH = 256  # pieces of work per transaction
CHECKPOINT_EVERY_S = 1.0
WAL_LIMIT_BYTES = 256 * 1024 * 1024  # past this the write-ahead log starts again (see below)
MMAP_BYTES = 256 * 1024 * 1024  # pages read through a mapping, not a read() each


def connect(path: Path, schema: str, what: str) -> sqlite3.Connection:
    """The one way to open the state file: WAL mode, `schema` created, StoreError naming
    `what` if not (so the state store, the outbox and the inbox cannot drift apart)."""
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


class SqliteConnection:
    def __init__(self, path: Path, schema: str, what: str = "the state database") -> None:
        self._path = path
        self._db = connect(path, schema, what)
        try:
            # From here on a busy lock is reported at once: the loop must not sleep in it.
            self._db.execute("PRAGMA busy_timeout = 0")
            self._db.execute("PRAGMA wal_autocheckpoint = 0")  # see _checkpoints
            # Another process's commit makes this connection read the pages it changed
            # again: mapped, that is a memory copy, not a system call per page (the
            # answering processes, answerers.py; the grouped transactions' own cost fell
            # from ~16% to ~4% of an answering process's samples).
            self._db.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {what} {path}: {exc}") from exc
        self._queue: list[tuple[Work, asyncio.Future[Any]]] = []
        self._flushing: asyncio.Handle | asyncio.TimerHandle | None = None
        self._flush_loop: asyncio.AbstractEventLoop | None = None
        self._busy_since: float | None = None
        self._closed = threading.Event()
        self._checkpointer = threading.Thread(target=self._checkpoints, daemon=True)
        self._checkpointer.start()

    async def run(self, work: Callable[[sqlite3.Connection], R]) -> R:
        """`work(connection)` inside a write transaction; its result, or its exception
        (a sqlite3.Error becomes StoreError)."""
        if self._closed.is_set():
            raise StoreError("the state database is closed")
        loop = asyncio.get_running_loop()
        future: asyncio.Future[R] = loop.create_future()
        self._queue.append((work, future))
        if self._flushing is None or self._flush_loop is not loop:  # (a test's new loop)
            self._flushing, self._flush_loop = loop.call_soon(self._flush), loop
        return await future

    def read_now(self, work: Callable[[sqlite3.Connection], R]) -> R:
        """`work(connection)` at once, outside any transaction: a read of the last
        committed state that takes no lock (WAL readers never wait for writers)."""
        if self._closed.is_set():
            raise StoreError("the state database is closed")
        try:
            return work(self._db)
        except sqlite3.Error as exc:
            raise StoreError(f"sqlite: {exc}") from exc

    def _flush(self) -> None:
        self._flushing = None
        if not self._queue:
            return
        loop = self._queue[0][1].get_loop()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                self._wait_for_lock(loop, exc)
                return
            self._fail_all(exc)
            return
        except sqlite3.Error as exc:
            self._fail_all(exc)
            return
        self._busy_since = None
        batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
        outcomes = [self._piece(work) for work, _ in batch]
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._quietly("ROLLBACK")
            outcomes = [StoreError(f"sqlite: {exc}")] * len(batch)
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            _settle(future, outcome)
        if self._queue and self._flushing is None:
            self._flushing, self._flush_loop = loop.call_soon(self._flush), loop

    def _wait_for_lock(self, loop: asyncio.AbstractEventLoop, exc: Exception) -> None:
        """Another process writes: try again shortly, up to BUSY_TIMEOUT_S."""
        now = time.monotonic()
        if self._busy_since is None:
            self._busy_since = now
        waited = now - self._busy_since
        if waited > BUSY_TIMEOUT_S:
            self._busy_since = None
            self._fail_all(exc)
            return
        delay = min(RETRY_S[1], RETRY_S[0] * (1 + waited * 1000))
        self._flushing, self._flush_loop = loop.call_later(delay, self._flush), loop

    def _fail_all(self, exc: Exception) -> None:
        failed, self._queue = self._queue, []
        for _, future in failed:
            with contextlib.suppress(RuntimeError):  # its loop is closed: nobody waits
                _settle(future, StoreError(f"sqlite: {exc}"))

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

    def _checkpoints(self) -> None:
        """Copy the write-ahead log into the file now and then, off the event loop (a
        checkpoint syncs the disk), from a connection of its own."""
        try:
            db = sqlite3.connect(self._path, timeout=1.0, isolation_level=None)
        except sqlite3.Error:
            return
        wal = Path(f"{self._path}-wal")
        with contextlib.closing(db):
            while not self._closed.wait(CHECKPOINT_EVERY_S):
                with contextlib.suppress(sqlite3.Error, OSError):  # busy now: next time
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    if wal.stat().st_size > WAL_LIMIT_BYTES:
                        # Under a flood a passive checkpoint never catches up and the log
                        # only grows (~220 MB in an 8 s flood here; gigabytes in a long
                        # one), and every page read looks through more of it. Start it
                        # again from the top: writers wait for this one copy (their
                        # retries, above), rarely, so an ack's wait stays short.
                        db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def close(self) -> None:
        self._closed.set()
        if self._flushing is not None:
            self._flushing.cancel()
            self._flushing = None
        self._fail_all(sqlite3.OperationalError("closed"))
        self._checkpointer.join(timeout=5)
        self._db.close()


class _Result:
    """A value to hand back (so an exception returned as a value stays a value)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


def _settle(future: asyncio.Future[Any], outcome: Any) -> None:
    if future.done():  # cancelled: its caller gave up waiting
        return
    if isinstance(outcome, _Result):
        future.set_result(outcome.value)
    else:
        future.set_exception(outcome)
