"""A fake Slack Web API on 127.0.0.1 that records what the bot sends.

Answers auth.test, chat.postMessage, chat.postEphemeral, chat.update, views.publish,
views.open, conversations.open, apps.connections.open and the assistant panel's
assistant.threads.setStatus, setSuggestedPrompts and setTitle, and conversations.replies
(threads in pages, as Slack pages them: oldest first, `limit` capped by the tier, a
cursor; `missing_scope` without the history scopes); accepts response_url posts; can fail
the next calls of a method (429 with Retry-After, or 500); and speaks Socket Mode's
envelope protocol on a WebSocket. The same approach as slack-bolt's own tests.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

BOT_USER = "UBOT"
TEAM = "T0TEAM"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str = ""


@dataclass
class FakeSlack:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    socket_acks: list[dict[str, Any]] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)  # method -> seconds to answer
    # Methods whose calls hang until released, then fail unprocessed (method -> release).
    held: dict[str, asyncio.Event] = field(default_factory=dict)
    # method -> when each call arrived (time.monotonic()), before any delay
    arrivals: dict[str, list[float]] = field(default_factory=dict)
    # OAuth: the workspace each installed bot token belongs to (token -> team id).
    installed: dict[str, str] = field(default_factory=dict)
    # conversations.replies: "channel:thread_ts" -> the thread's messages (parent first).
    threads: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    replies_page: int = 1000  # the most a page holds (15 for non-Marketplace apps)
    history_scope: bool = True  # False: an install without channels:history
    # Requests conversations.replies answers before `ratelimited` (Retry-After 60), as
    # for non-Marketplace apps (about one a minute); None: the ordinary tier.
    replies_quota: int | None = None
    url: str = ""
    _changed: asyncio.Condition | None = None
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    _token: str = ""

    # --- test helpers -----------------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def add_thread(self, channel: str, messages: list[dict[str, Any]]) -> str:
        """A thread for conversations.replies (its first message is the parent); its ts."""
        thread_ts = str(messages[0]["ts"])
        self.threads[f"{channel}:{thread_ts}"] = [
            {**m, "thread_ts": thread_ts} if n else {**m, "thread_ts": thread_ts,
                                                     "reply_count": len(messages) - 1}
            for n, m in enumerate(messages)
        ]  # fmt: skip
        return thread_ts

    def fail_next(self, method: str, status: int, times: int = 1, retry_after: int = 1) -> None:
        headers = {"Retry-After": str(retry_after)} if status == 429 else {}
        self.failures.setdefault(method, []).extend([(status, headers)] * times)

    def hold(self, method: str) -> None:
        """Calls of `method` hang (a Web API that takes them and never answers)."""
        self.held[method] = asyncio.Event()

    def release(self, method: str) -> None:
        """Calls held so far fail with a 503, unprocessed (never recorded); later ones
        are answered as usual."""
        self.held.pop(method).set()

    def fail_held(self, method: str) -> None:
        """Calls held so far, and every later one, fail with a 503, never recorded (a
        request a killed process sent, read only now, is never processed)."""
        self.held[method].set()

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait (bounded) until `count` calls of `method` arrived; return them."""
        assert self._changed is not None
        deadline = time.monotonic() + timeout
        async with self._changed:
            while len(self.of(method)) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"expected {count} {method} call(s); got {seen}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue
        return self.of(method)

    async def settle(self, quiet: float = 0.3) -> None:
        """Let in-flight lazy listeners finish: wait until no call arrived for `quiet` s."""
        last = -1
        for _ in range(50):  # bounded
            if len(self.calls) == last:
                return
            last = len(self.calls)
            await asyncio.sleep(quiet)

    async def wait_connected(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._sockets:
            if time.monotonic() > deadline:
                raise AssertionError("no Socket Mode client connected")
            await asyncio.sleep(0.02)

    async def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(a.get("envelope_id") == envelope_id for a in self.socket_acks):
            if time.monotonic() > deadline:
                raise AssertionError(f"envelope {envelope_id} was not acknowledged")
            await asyncio.sleep(0.02)

    async def send_envelope(self, envelope: dict[str, Any]) -> None:
        """Socket Mode: push an envelope to every connected client."""
        for ws in self._sockets:
            await ws.send_str(json.dumps(envelope))

    # --- server -----------------------------------------------------------------------

    async def start(self, port: int = 0) -> FakeSlack:
        """Listen on `port` (0: a free one); start again after `stop` for an outage."""
        if self._changed is None:
            self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # conversations.replies is a GET
        app.router.add_post("/response/{hook}", self._response_url)
        app.router.add_get("/socket-mode", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self

    async def stop(self) -> None:
        for ws in self._sockets:
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def answers_by_thread(self) -> dict[str, int]:
        """How many replies (messages and ephemerals) each thread got."""
        counts: dict[str, int] = {}
        for call in self.of("chat.postMessage") + self.of("chat.postEphemeral"):
            thread = str(call.args.get("thread_ts"))
            counts[thread] = counts.get(thread, 0) + 1
        return counts

    async def _record(self, call: Call) -> None:
        assert self._changed is not None
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        else:
            form = await request.post()
            for key, value in form.items():
                text = str(value)
                try:
                    args[key] = json.loads(text) if key in {"blocks", "view"} else text
                except ValueError:
                    args[key] = text
        return args

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.arrivals.setdefault(method, []).append(time.monotonic())
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        args = await self._args(request)
        gate = self.held.get(method)
        if gate is not None:
            await gate.wait()
            return web.json_response({"ok": False, "error": "service_unavailable"}, status=503)
        pending = self.failures.get(method)
        if pending:
            status, headers = pending.pop(0)
            await self._record(Call(f"{method}:failed", args, token))
            # 200: Slack said no (a permanent error); 429: rate limited; else a server error.
            error = {429: "ratelimited", 200: "channel_not_found"}.get(status, "internal_error")
            return web.json_response({"ok": False, "error": error}, status=status, headers=headers)
        quota = self.replies_quota if method == "conversations.replies" else None
        if quota is not None and len(self.of(method)) >= quota:
            await self._record(Call(f"{method}:failed", args, token))
            return web.json_response(
                {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "60"}
            )
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        await self._record(Call(method, args, token))
        self._token = token
        return web.json_response(self._answer(method, args))

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        if method == "auth.test":
            team = self.installed.get(self._token, TEAM)
            return {"ok": True, "user_id": BOT_USER, "bot_id": f"B{team}", "team_id": team,
                    "team": "Test", "url": "https://test.slack.com/"}  # fmt: skip
        if method == "oauth.v2.access":
            team = f"T{args.get('code', 'X').upper()}"
            token = f"xoxb-{team.lower()}"
            self.installed[token] = team
            return {"ok": True, "access_token": token, "token_type": "bot",
                    "scope": "chat:write,commands", "bot_user_id": BOT_USER, "app_id": "A0APP",
                    "team": {"id": team, "name": "Installed"}, "enterprise": None,
                    "is_enterprise_install": False,
                    "authed_user": {"id": "U0INSTALLER"}}  # fmt: skip
        if method == "chat.postMessage":
            return {"ok": True, "channel": args.get("channel"), "ts": ts,
                    "message": {"ts": ts, "text": args.get("text", "")}}  # fmt: skip
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": ts}
        if method == "chat.update":
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}
        if method == "conversations.replies":
            return self._replies(args)
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": f"D{args.get('users', 'X')}"}}
        if method == "views.open":
            view = args.get("view") or {}
            if not args.get("trigger_id") or not isinstance(view, dict):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True, "view": {**view, "id": f"V{next(self._ts):06d}"}}
        if method.startswith("assistant.threads."):
            if not args.get("channel_id") or not args.get("thread_ts"):
                return {"ok": False, "error": "invalid_arguments"}
            return {"ok": True}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.url.replace("http", "ws") + "/socket-mode"}
        return {"ok": True}

    def _replies(self, args: dict[str, Any]) -> dict[str, Any]:
        """A page of a thread, as Slack gives it: oldest first, within latest/oldest."""
        if not self.history_scope:
            return {"ok": False, "error": "missing_scope", "needed": "channels:history",
                    "provided": "chat:write,app_mentions:read"}  # fmt: skip
        thread = self.threads.get(f"{args.get('channel')}:{args.get('ts')}")
        if thread is None:
            return {"ok": False, "error": "thread_not_found"}
        inclusive = str(args.get("inclusive", "")).lower() in {"1", "true"}
        latest, oldest = float(args.get("latest") or "inf"), float(args.get("oldest") or 0)
        shown = [m for m in thread
                 if (oldest < float(m["ts"]) < latest)
                 or (inclusive and float(m["ts"]) in {latest, oldest})]  # fmt: skip
        start = int(str(args.get("cursor") or "0").removeprefix("at:") or 0)
        size = min(int(args.get("limit") or 1000), self.replies_page)
        page = shown[start : start + size]
        more = start + size < len(shown)
        cursor = f"at:{start + size}" if more else ""
        return {"ok": True, "messages": page, "has_more": more,
                "response_metadata": {"next_cursor": cursor}}  # fmt: skip

    async def _response_url(self, request: web.Request) -> web.Response:
        await self._record(Call("response_url", await request.json()))
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.socket_acks.append(json.loads(msg.data))
                assert self._changed is not None
                async with self._changed:
                    self._changed.notify_all()
        self._sockets.remove(ws)
        return ws
