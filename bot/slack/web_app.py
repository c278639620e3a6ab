"""The HTTP surface of `advisor serve`: POST /slack/events (HTTP mode), the OAuth install
pages, GET /healthz and GET /metrics (for the instance: its answering processes' counts
are added)."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.ops.metrics import CONTENT_TYPE, Metrics
from bot.slack.answerers import AnsweringProcesses
from bot.slack.edge import SlackEdge
from bot.slack.intake import Intake
from bot.slack.outbox_sender import OutboxSender
from bot.storage.protocol import StateStore

MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are far smaller
HEALTH_TIMEOUT_S = 2.0


def build_web_app(
    bolt: AsyncApp | None,
    store: StateStore,
    metrics: Metrics,
    edge: SlackEdge | None = None,
    outbox: OutboxSender | None = None,
    intake: Intake | None = None,
    answering: AnsweringProcesses | None = None,
) -> web.Application:
    """POST /slack/events (HTTP mode only), GET /healthz and GET /metrics."""

    async def oauth(request: web.Request) -> web.Response:
        """/slack/install and /slack/oauth_redirect: Bolt's OAuth flow."""
        assert bolt is not None and bolt.oauth_flow is not None
        flow = bolt.oauth_flow
        bolt_request = AsyncBoltRequest(
            body="",
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        if request.path == flow.install_path:
            response = await flow.handle_installation(bolt_request)
        else:
            response = await flow.handle_callback(bolt_request)
        metrics.requests.labels("oauth", str(response.status)).inc()
        return await to_aiohttp_response(response)

    async def exposition(_request: web.Request) -> web.Response:
        others = await answering.counts() if answering is not None else None
        body = metrics.exposition(others)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def healthz(_request: web.Request) -> web.Response:
        return await health(store, intake, outbox, answering)

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    if edge is not None:
        app.router.add_post("/slack/events", edge.handle)
    if bolt is not None and bolt.oauth_flow is not None:
        app.router.add_get(bolt.oauth_flow.install_path, oauth)
        app.router.add_get(bolt.oauth_flow.redirect_uri_path, oauth)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", exposition)
    return app


async def health(
    store: StateStore,
    intake: Intake | None,
    outbox: OutboxSender | None,
    answering: AnsweringProcesses | None,
) -> web.Response:
    """/healthz: 503 when the store does not answer; "degraded" (200) when the instance
    serves but something it promises is at risk."""
    try:
        await asyncio.wait_for(store.get("healthz"), HEALTH_TIMEOUT_S)
        backlog = await intake.backlog() if intake is not None else 0
    except Exception as exc:  # any failure means "not healthy"; say which kind
        return web.json_response({"status": "unhealthy", "store": type(exc).__name__}, status=503)
    report: dict[str, object] = {"status": "ok", "backlog": backlog}
    if answering is not None:
        report["answering_processes"] = answering.running
        if answering.running < answering.count:  # the serving process answers meanwhile
            report.update(status="degraded", answering="restarting")
    if intake is not None and not intake.durable:
        # Acks went out before the store took their work: a restart now loses them.
        report.update(status="degraded", inbox="not durable")
    if outbox is not None and outbox.unreachable_since is not None:
        # Still serving: requests are acknowledged and replies wait in the outbox.
        depth = await outbox.update_gauges()
        down_for = round(time.time() - outbox.unreachable_since, 1)
        report.update(status="degraded", web_api="unreachable", for_s=down_for,
                      outbox_pending=depth)  # fmt: skip
    return web.json_response(report)
