"""Answering processes beside the serving one: a core of their own for the answers.

An answer costs the process several times what an ack does, and Python runs one
process's code on one core at a time; so on a machine with cores to spare `advisor serve`
starts ADVISOR_ANSWERERS processes (answering.py) that lease and answer the mentions it
accepts from the shared store (a SQLite file or Redis), while it acknowledges (and still
answers its share). It wakes them when a job is accepted, through their stdin, so an
answer does not wait for their next poll; it restarts one that exits, and its /metrics
and /healthz speak for them. Nothing is handed over in memory: every job is in the
store before its ack, so a process killed at any moment loses nothing acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
import time
from collections import Counter as Counts
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Gauge

from bot.ops.metrics_merge import SampleKey, Snapshot, total

log = logging.getLogger(__name__)
RESTART_S = (1.0, 30.0)  # wait before starting a process that exited: first, at most
STEADY_S = 60.0  # one that ran this long before exiting starts again after RESTART_S[0]
REPORT_WAIT_S = 1.0  # a /metrics scrape waits this long for each process's counts
WAKE_BACKLOG_BYTES = 4096  # a process this far behind reading its wakes needs no more


@dataclass
class _Child:
    proc: asyncio.subprocess.Process
    latest: Snapshot = field(default_factory=list)
    reported: asyncio.Event = field(default_factory=asyncio.Event)
    ready: bool = False  # its first report came: its SIGHUP handler is in place
    reload_waiting: bool = False  # a reload came before it was ready


class AnsweringProcesses:
    def __init__(
        self, count: int, env: Mapping[str, str], kb_root: Path, registry: CollectorRegistry
    ) -> None:
        self.count = count
        # The same content as the serving process, wherever it found it; ADVISOR_WORKERS=0
        # makes the serving process only acknowledge, not its answering processes.
        self._env = {**env, "ADVISOR_KB_DIR": str(kb_root)}
        if self._env.get("ADVISOR_WORKERS", "").strip() == "0":
            del self._env["ADVISOR_WORKERS"]
        self._running = Gauge(
            "advisor_answering_processes", "Answering processes running", registry=registry
        )
        self._restarts = Counter(
            "advisor_answering_restarts", "Answering processes started again after exiting",
            registry=registry,
        )  # fmt: skip
        self._children: dict[int, _Child] = {}
        self._retired: Counts[SampleKey] = Counts()  # the counts of those that exited
        self._closing = asyncio.Event()
        self._wake_pending = False
        self._tasks = [asyncio.ensure_future(self._keep_running(slot)) for slot in range(count)]

    @property
    def running(self) -> int:
        return len(self._children)

    def wake(self) -> None:
        """A job was accepted: tell them, once per turn of the event loop."""
        if self._children and not self._wake_pending:
            self._wake_pending = True
            asyncio.get_running_loop().call_soon(self._send_wake)

    def _send_wake(self) -> None:
        self._wake_pending = False
        for child in self._children.values():
            stdin = child.proc.stdin
            if stdin is not None and stdin.transport.get_write_buffer_size() < WAKE_BACKLOG_BYTES:
                _tell(stdin, b"w")

    def reload(self) -> None:
        """The content changed: they reload it too (SIGHUP, as the serving process); one
        still starting may have read the old content, so it reloads once it is ready."""
        for child in self._children.values():
            if child.ready:
                _reload(child)
            else:
                child.reload_waiting = True

    async def counts(self) -> Counts[SampleKey]:
        """Their counters and histograms, fresh (those that exited included)."""
        live = list(self._children.values())
        for child in live:
            child.reported.clear()
            if child.proc.stdin is not None:
                _tell(child.proc.stdin, b"m")
        waits = [asyncio.wait_for(c.reported.wait(), REPORT_WAIT_S) for c in live]
        await asyncio.gather(*waits, return_exceptions=True)  # a slow one gives its last
        # Those running now: one that exited meanwhile is in `_retired` (not twice).
        return self._retired + total(c.latest for c in self._children.values())

    def stop(self) -> None:
        """End their stdin: each finishes its jobs in flight (up to its grace) and exits;
        none is started again. At once when the serving process is told to stop, so both
        drain at the same time."""
        self._closing.set()
        for child in self._children.values():
            if child.proc.stdin is not None:
                child.proc.stdin.close()

    async def close(self, grace: float) -> None:
        """`stop`, then wait for them (killing any still there after `grace` + 2 s)."""
        self.stop()
        procs = [c.proc for c in self._children.values()]
        if procs:
            _done, late = await asyncio.wait(
                [asyncio.ensure_future(p.wait()) for p in procs], timeout=grace + 2
            )
            if late:
                log.warning("%d answering process(es) killed after %.0f s", len(late), grace)
                for proc in procs:
                    if proc.returncode is None:
                        proc.kill()
        for task in self._tasks:
            task.cancel()

    async def _keep_running(self, slot: int) -> None:
        pause = RESTART_S[0]
        while True:
            if self._closing.is_set():
                return
            started = time.monotonic()
            code: int | None = None
            try:
                code = await self._run_one(slot)
            except OSError as exc:  # could not start it at all
                log.error("cannot start an answering process: %s", exc)
            if self._closing.is_set():
                return
            self._restarts.inc()
            pause = RESTART_S[0] if time.monotonic() - started > STEADY_S else pause
            log.warning(
                "answering process %d exited (%s); another starts in %.0f s; this process "
                "answers meanwhile", slot, code, pause,
            )  # fmt: skip
            await asyncio.sleep(pause)
            pause = min(RESTART_S[1], pause * 2)

    async def _run_one(self, slot: int) -> int:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.terminal.answer_only",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=self._env,
            start_new_session=True,  # Ctrl-C reaches the serving process; it tells them
        )  # fmt: skip
        child = _Child(proc)
        self._children[slot] = child
        self._running.set(len(self._children))
        try:
            assert proc.stdout is not None
            while line := await proc.stdout.readline():
                with contextlib.suppress(ValueError):  # not a report: ignore it
                    child.latest = json.loads(line)
                    child.reported.set()
                if not child.ready:  # the first report says it is ready
                    child.ready = True
                    if child.reload_waiting:
                        _reload(child)
            return await proc.wait()
        finally:
            del self._children[slot]
            self._running.set(len(self._children))
            self._retired += total([child.latest])


def _tell(stdin: asyncio.StreamWriter, what: bytes) -> None:
    """Write to an answering process; one that has just exited hears nothing (and is
    started again by `_keep_running`)."""
    if not stdin.transport.is_closing():
        with contextlib.suppress(RuntimeError, ConnectionError):
            stdin.write(what)


def _reload(child: _Child) -> None:
    with contextlib.suppress(ProcessLookupError):
        child.proc.send_signal(signal.SIGHUP)
