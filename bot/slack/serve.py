"""`advisor serve`: HTTP mode on aiohttp, or Socket Mode.

HTTP: POST /slack/events (events, slash commands and interactivity on one URL),
GET /healthz. Socket Mode: a WebSocket to Slack opened with SLACK_APP_TOKEN.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Coroutine, Mapping
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.engine import Engine
from bot.knowledge import KnowledgeBase
from bot.slack.app import build_app, web_client
from bot.slack.config import SlackConfig
from bot.slack.replying import Deps
from bot.store import StateStore, open_store

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are far smaller
HEALTH_TIMEOUT_S = 2.0
SHUTDOWN_GRACE_S = 10.0  # in-flight requests and background work get this long


def build_web_app(bolt: AsyncApp | None, store: StateStore) -> web.Application:
    """POST /slack/events (HTTP mode only) and GET /healthz."""

    async def events(request: web.Request) -> web.Response:
        assert bolt is not None
        body = await request.text()
        try:
            bolt_request = AsyncBoltRequest(
                body=body,
                query=request.query_string,
                headers=request.headers,  # type: ignore[arg-type]
            )
        except (ValueError, KeyError, TypeError):
            # An unreadable payload (say, "payload=" that is not JSON) is a client error.
            return web.json_response({"error": "malformed request"}, status=400)
        return await to_aiohttp_response(await bolt.async_dispatch(bolt_request))

    async def healthz(_request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(store.get("healthz"), HEALTH_TIMEOUT_S)
        except Exception as exc:  # any failure means "not healthy"; say which kind
            return web.json_response(
                {"status": "unhealthy", "store": type(exc).__name__}, status=503
            )
        return web.json_response({"status": "ok"})

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    if bolt is not None:
        app.router.add_post("/slack/events", events)
    app.router.add_get("/healthz", healthz)
    return app


class Runtime:
    """Everything a running bot holds; `close` releases it."""

    def __init__(self, kb: KnowledgeBase, env: Mapping[str, str], config: SlackConfig) -> None:
        self.store = open_store(env)
        self.session = aiohttp.ClientSession()  # needs the running loop: build inside it
        self.deps = Deps(kb, Engine(kb, self.store), self.store, web_client(config, self.session))
        self.bolt = build_app(config, self.deps)

    async def close(self) -> None:
        await self.session.close()
        await self.store.close()


async def start_http(
    runtime: Runtime, host: str, port: int, with_events: bool = True
) -> web.AppRunner:
    bolt = runtime.bolt if with_events else None
    runner = web.AppRunner(build_web_app(bolt, runtime.store), access_log=None)
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


async def run(
    kb: KnowledgeBase,
    env: Mapping[str, str],
    config: SlackConfig,
    host: str = "0.0.0.0",
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until `stop` is set (by default: until SIGTERM or SIGINT)."""
    stop = stop or stop_on_signals()
    runtime = Runtime(kb, env, config)
    try:
        if config.mode == "socket":
            handler = AsyncSocketModeHandler(runtime.bolt, config.app_token)
            await handler.connect_async()  # type: ignore[no-untyped-call]
            # No events over HTTP in Socket Mode, but /healthz for probes and Docker.
            health = await start_http(runtime, host, config.port, with_events=False)
            log.info("connected to Slack in Socket Mode; health on port %s", config.port)
            await stop.wait()
            await handler.close_async()  # type: ignore[no-untyped-call]
            await finish_background_work(SHUTDOWN_GRACE_S)
            await health.cleanup()
        else:
            runner = await start_http(runtime, host, config.port)
            log.info("listening on port %s", config.port)
            await stop.wait()
            log.info("stopping: no new requests; finishing those in flight")
            for site in list(runner.sites):
                await site.stop()  # closes the socket; running handlers may finish
            await finish_background_work(SHUTDOWN_GRACE_S)
            await runner.cleanup()
    finally:
        await runtime.close()
        log.info("stopped")


async def finish_background_work(grace: float) -> None:
    """Wait (bounded) for work started after acks: Bolt runs lazy listeners as tasks."""
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    if not pending:
        return
    _done, late = await asyncio.wait(pending, timeout=grace)
    if late:
        log.warning("shutdown: %d background task(s) still running after %.0f s", len(late), grace)


def serve_forever(main: Coroutine[Any, Any, None]) -> None:
    """Run the server on uvloop where it is installed (Linux, macOS): same asyncio
    semantics, less overhead per request; the standard loop elsewhere."""
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)
        return
    uvloop.run(main)


def configure_logging(env: Mapping[str, str]) -> None:
    level = getattr(logging, env.get("LOG_LEVEL", "INFO").upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # Bolt and the SDK log whole payloads (and headers) at DEBUG: never let them.
    for name in ("slack_bolt", "slack_sdk"):
        logging.getLogger(name).setLevel(max(level, logging.INFO))
