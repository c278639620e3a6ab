"""POST /slack/events: the one door every Slack request comes through.

In order: a request id; the raw bytes (bounded); the signature on those bytes; a
defensive parse; then either a pure answer from the fast path or Bolt's dispatch.
Every request gets one outcome line in the log (kind, team, status or reason) and one
count in the metrics, whichever way it went, and never any of its content.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.ops.logs import new_request_id, where_raised
from bot.ops.metrics import Metrics
from bot.slack.fast_acks import FastAnswer
from bot.slack.payload import Rejected, kind_of, parse, team_of
from bot.slack.verify import RequestVerifier

log = logging.getLogger(__name__)

# A pure answer for a parsed body, or None: ask Bolt.
FastPath = Callable[[dict[str, Any]], Awaitable[FastAnswer | None]]


def content_type_of(request: web.Request) -> str | None:
    """As Bolt reads it: the header up to ';', case kept (Bolt compares it exactly)."""
    header = request.headers.get("Content-Type")
    return header.split(";")[0] if header else None


class SlackEdge:
    def __init__(
        self,
        bolt: AsyncApp,
        verifier: RequestVerifier,
        metrics: Metrics,
        fast_path: FastPath | None = None,
    ) -> None:
        self._bolt = bolt
        self._verifier = verifier
        self._metrics = metrics
        self._fast_path = fast_path
        self._counters: dict[tuple[str, int], Any] = {}  # labelled children, looked up once

    def _count(self, kind: str, status: int) -> None:
        counter = self._counters.get((kind, status))
        if counter is None:
            counter = self._metrics.requests.labels(kind, str(status))
            self._counters[(kind, status)] = counter
        counter.inc()

    def _reject(self, status: int, kind: str, team: str, reason: str) -> web.Response:
        log.warning("rejected %s request (team %s): %s", kind, team, reason)
        self._count(kind, status)
        return web.json_response({"error": reason}, status=status)

    async def handle(self, request: web.Request) -> web.Response:
        new_request_id()  # logged with everything this request causes, background work too
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._reject(413, "unread", "-", "body too large")
        problem = self._verifier.problem(raw, request.headers)
        if problem is not None:
            return self._reject(401, "unverified", "-", problem)
        body = parse(raw, content_type_of(request))
        if isinstance(body, Rejected):
            return self._reject(400, "malformed", "-", body.reason)
        kind, team = kind_of(body), team_of(body)
        if self._fast_path is not None:
            answer = await self._fast_path(body)
            if answer is not None:
                self._count(kind, answer.status)
                return web.Response(
                    status=answer.status, body=answer.body, content_type=answer.content_type
                )
        headers: dict[str, str | Sequence[str]] = dict(request.headers)
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"),  # parse() proved it is UTF-8
            query=request.query_string,
            headers=headers,
        )
        try:
            response = await self._bolt.async_dispatch(bolt_request)
        except Exception as exc:  # a bug of ours: one line, counted; never a traceback
            log.error("%s request (team %s) failed: %s at %s", kind, team,
                      type(exc).__name__, where_raised(exc))  # fmt: skip
            self._count(kind, 500)
            return web.json_response({"error": "internal error"}, status=500)
        if response.status >= 400:
            log.warning("%s request (team %s) answered %d", kind, team, response.status)
        self._count(kind, response.status)
        return await to_aiohttp_response(response)
