"""An answering process's life: `advisor serve` starts these beside itself (answerers.py;
the entry point is bot/terminal/answer_only.py).

It answers the mentions the serving process accepted, from the shared store, with the
same workers and the same code as the serving process (`Runtime`), and serves no HTTP:
the serving process acknowledges, and this one gives the answers a core of their own.
Its stdin is the serving process talking: b"w" says a job was accepted (lease now
rather than at the next poll), b"m" asks for this process's counters, written back as
one JSON line on stdout. End of stdin means the serving process is gone (stopped or
killed): the jobs in flight get SHUTDOWN_GRACE_S and the process exits; what it had not
started stays in the inbox, its leases run out, and another instance answers it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import threading
from collections.abc import Mapping

from bot.content.model import KnowledgeBase
from bot.ops.metrics_merge import snapshot
from bot.slack.config import SlackConfig
from bot.slack.serve import (
    SHUTDOWN_GRACE_S,
    Runtime,
    finish_background_work,
    freeze_what_stays,
    reload,
    reload_on_sighup,
    stop_on_signals,
)

WAKE, METRICS = ord("w"), ord("m")
EXIT_SLACK_S = 5.0  # past the grace for jobs in flight, for closing the store and session


async def answer_until_told(
    kb: KnowledgeBase, env: Mapping[str, str], config: SlackConfig, early_reloads: list[int]
) -> None:
    """Answer until stdin ends (or SIGTERM, SIGINT). `early_reloads`: the SIGHUPs that
    came while this process started (the content it read may be the old one)."""
    stop = stop_on_signals()
    runtime = Runtime(kb, env, config)
    reload_on_sighup(runtime, kb.root)  # the serving process passes its reloads on
    if early_reloads:  # checked once the handler above is in place: none is lost
        runtime.spawn(reload(runtime, kb.root))
    freeze_what_stays()
    report(runtime)  # the first report says it is ready (for reloads: answerers.py)
    listening = asyncio.ensure_future(listen(runtime, stop))
    try:
        await stop.wait()
        exit_by(SHUTDOWN_GRACE_S + EXIT_SLACK_S)
        await finish_background_work(runtime, SHUTDOWN_GRACE_S)
        report(runtime)  # the last counts: the serving process keeps them
    finally:
        listening.cancel()
        await runtime.close()


async def listen(runtime: Runtime, stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while data := await reader.read(4096):
        if WAKE in data:
            runtime.pool.wake()
        if METRICS in data:
            report(runtime)
    stop.set()  # the serving process is gone


def exit_by(seconds: float) -> None:
    """Exit within `seconds` even if a task ignores its cancellation (a post to a Web API
    that never answers): with the serving process gone, nobody else would stop this one.
    What is left is as after a SIGKILL: leases run out, and the store keeps every job."""

    def now() -> None:
        sys.stderr.write("answering process: work still running at the deadline; exiting\n")
        sys.stderr.flush()
        os._exit(1)

    deadline = threading.Timer(seconds, now)
    deadline.daemon = True  # a clean exit before it does not wait for it
    deadline.start()


def report(runtime: Runtime) -> None:
    line = json.dumps(snapshot(runtime.metrics.registry), separators=(",", ":"))
    with contextlib.suppress(OSError):  # the serving process is gone: nobody to tell
        sys.stdout.write(line + "\n")
        sys.stdout.flush()  # a few hundred bytes, read at once by the serving process
