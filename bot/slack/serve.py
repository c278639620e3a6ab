"""`advisor serve`: HTTP mode on aiohttp, or Socket Mode.

HTTP: POST /slack/events (events, slash commands and interactivity on one URL),
GET /healthz. Socket Mode: a WebSocket to Slack opened with SLACK_APP_TOKEN.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Coroutine, Mapping
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.ops.analytics_observer import AnalyticsObserver
from bot.ops.content_reload import reload_content, watch_content
from bot.ops.metrics import Metrics
from bot.slack.answerers import AnsweringProcesses
from bot.slack.app import build_app, web_client
from bot.slack.background import TrackedLazyRunner
from bot.slack.config import SlackConfig, read_outbox_horizon, read_turn_slice, read_workers
from bot.slack.deps import Deps
from bot.slack.edge import SlackEdge
from bot.slack.fast_acks import fast_acks
from bot.slack.intake import Intake
from bot.slack.mention_work import run_job
from bot.slack.oauth import installation_store, prepare
from bot.slack.outbox_sender import OutboxSender, SlackDelivery
from bot.slack.verify import RequestVerifier
from bot.slack.web_app import build_web_app
from bot.slack.workers import WorkerPool
from bot.storage.stores import open_stores

log = logging.getLogger(__name__)
SHUTDOWN_GRACE_S = 10.0  # in-flight requests and background work get this long
SERVING_SLICE_S = 0.0015  # turns per turn of the loop beside answering processes


class Runtime:
    """Everything a running bot holds; `close` releases it."""

    def __init__(
        self, kb: KnowledgeBase, env: Mapping[str, str], config: SlackConfig, answerers: int = 0
    ) -> None:
        self.stores = open_stores(env)  # conversations, the outbox and the inbox, together
        self.store = self.stores.state
        self.session = aiohttp.ClientSession()  # needs the running loop: build inside it
        self.metrics = Metrics()
        # Analytics first: a vote it could not keep is neither thanked nor counted.
        observers = (AnalyticsObserver(self.store), self.metrics)
        engine = Engine(kb, self.store, observers=observers)
        web = web_client(config, self.session)
        self.outbox_store = self.stores.outbox
        # The outbox retries by itself: its client has no retry handlers of its own.
        delivery = SlackDelivery(web_client(config, self.session, retries=False), self.session)
        self.outbox = OutboxSender(
            self.outbox_store, delivery, self.metrics, read_outbox_horizon(env), config.bot_token
        )
        # With answering processes, this one mostly acknowledges: a thinner slice of turns.
        slice_s = read_turn_slice(env, SERVING_SLICE_S if answerers else None)
        self.pool = WorkerPool(self.stores.inbox, read_workers(env), slice_s=slice_s)
        self.answering = (
            AnsweringProcesses(answerers, env, kb.root, self.metrics.registry)
            if answerers
            else None
        )
        wake_others = self.answering.wake if self.answering is not None else None
        intake = Intake(self.stores.inbox, self.pool, self.metrics, wake_others=wake_others)
        self.deps = Deps(engine, self.store, web, self.metrics, self.outbox, intake)
        self.installations = installation_store(config.oauth) if config.oauth else None
        self.bolt = build_app(config, self.deps, self.installations)
        self.config = config

        self._tasks: set[asyncio.Task[object]] = set()
        self.spawn(self.outbox.run())  # this instance's share of delivering what waits
        # This instance's share of answering what was accepted (here, elsewhere, before).
        work = partial(run_job, self.deps, gate=self.pool.gate)
        self.workers = asyncio.ensure_future(self.pool.run(work))

    def edge(self, fast: bool = True) -> SlackEdge:
        """The HTTP door for Slack's requests (HTTP mode has a signing secret).

        Pure acks skip Bolt (`fast`) with one workspace; with OAuth every request goes
        through Bolt's authorization.
        """
        verifier = RequestVerifier(self.config.signing_secret or "")
        one_workspace = fast and self.config.oauth is None
        fast_path = fast_acks(self.deps.engine, self.deps.intake) if one_workspace else None
        return SlackEdge(self.bolt, verifier, self.metrics, fast_path)

    def spawn(self, work: Coroutine[Any, Any, object]) -> None:
        """Run housekeeping (reloads, the content watcher) with a reference kept."""
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        if self.answering is not None:
            await self.answering.close(SHUTDOWN_GRACE_S)
        self.workers.cancel()
        for task in list(self._tasks):
            task.cancel()
        await self.session.close()
        await self.stores.close()


async def start_http(
    runtime: Runtime, host: str, port: int, with_events: bool = True
) -> web.AppRunner:
    if runtime.installations is not None:
        await prepare(runtime.installations)
    bolt = runtime.bolt if with_events else None
    edge = runtime.edge() if with_events else None
    app = build_web_app(
        bolt, runtime.store, runtime.metrics, edge, runtime.outbox, runtime.deps.intake,
        runtime.answering,
    )  # fmt: skip
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def stop_on_signals() -> asyncio.Event:
    """An event set by SIGTERM or SIGINT (Ctrl-C, `docker stop`)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


def reload_on_sighup(runtime: Runtime, root: Path) -> None:
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGHUP, lambda: runtime.spawn(reload(runtime, root)))


async def reload(runtime: Runtime, root: Path) -> None:
    """Read the content again, here and in the answering processes."""
    if runtime.answering is not None:
        runtime.answering.reload()
    await then_freeze(reload_content(runtime.deps.engine, root))


def freeze_what_stays() -> None:
    """Leave the long-lived objects (the content, its index, the app) out of the garbage
    collector's sweeps: a full sweep of them took ~25 ms here, a pause in the middle of
    whatever request was being answered (the ack p99 under a flood)."""
    gc.collect()
    gc.freeze()


async def then_freeze(work: Coroutine[Any, Any, object]) -> None:
    await work
    freeze_what_stays()  # the new content stays too


async def run(
    kb: KnowledgeBase,
    env: Mapping[str, str],
    config: SlackConfig,
    host: str = "0.0.0.0",
    stop: asyncio.Event | None = None,
    watch_root: Path | None = None,
    answerers: int = 0,
) -> None:
    """Serve until `stop` is set (by default: until SIGTERM or SIGINT), with `answerers`
    answering processes beside this one (answerers.py).

    SIGHUP reloads the content; with `watch_root`, so does any change under it.
    """
    stop = stop or stop_on_signals()
    runtime = Runtime(kb, env, config, answerers)
    reload_on_sighup(runtime, kb.root)
    if watch_root is not None:
        runtime.spawn(watch_content(watch_root, partial(reload, runtime, watch_root), stop))
    freeze_what_stays()
    try:
        if config.mode == "socket":
            handler = AsyncSocketModeHandler(runtime.bolt, config.app_token)
            await handler.connect_async()  # type: ignore[no-untyped-call]
            # No events over HTTP in Socket Mode, but /healthz for probes and Docker.
            health = await start_http(runtime, host, config.port, with_events=False)
            log.info("connected to Slack in Socket Mode; health on port %s", config.port)
            await stop.wait()
            await handler.close_async()  # type: ignore[no-untyped-call]
            await finish_background_work(runtime, SHUTDOWN_GRACE_S)
            await health.cleanup()
        else:
            runner = await start_http(runtime, host, config.port)
            log.info("listening on port %s", config.port)
            await stop.wait()
            log.info("stopping: no new requests; finishing those in flight")
            for site in list(runner.sites):
                await site.stop()  # closes the socket; running handlers may finish
            await finish_background_work(runtime, SHUTDOWN_GRACE_S)
            await runner.cleanup()
    finally:
        await runtime.close()
        log.info("stopped")


async def finish_background_work(runtime: Runtime, grace: float) -> None:
    """Wait (bounded) for the work started after acks (the workers' jobs in flight, Bolt's
    lazy listeners); jobs not started stay in the inbox for the next instance. The
    answering processes are told now, so they drain alongside."""
    if runtime.answering is not None:
        runtime.answering.stop()
    runtime.workers.cancel()  # take no more jobs
    late = await runtime.pool.wait(grace)
    runner = runtime.bolt.listener_runner.lazy_listener_runner
    if isinstance(runner, TrackedLazyRunner):
        late += await runner.wait(grace)
    if late:
        log.warning("shutdown: %d background task(s) still running after %.0f s", late, grace)


def serve_forever(main: Coroutine[Any, Any, None]) -> None:
    """Run the server on uvloop where it is installed (Linux, macOS): same asyncio
    semantics, less overhead per request; the standard loop elsewhere."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
        return
    uvloop.run(main)
