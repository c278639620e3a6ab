"""Outbox benchmark: delivery after an outage, and what the outbox costs per reply.

1. Drain: `advisor serve --http` (SQLite state) is sent N signed mentions while its Web
   API is down (nothing listens on the port), so N replies wait in the outbox; then a
   Web API stub starts on that port. Measured: seconds from the Web API's return until
   the last of the N replies arrived, and that each arrived exactly once.
2. Cost per reply: the same reply posted to a loopback Web API stub M times in a row,
   directly (one Web API call) and through the outbox (store, attempt, remove), in
   SQLite and (when redis-server exists) Redis: p50 and p99 per reply.

    python benchmarks/bench_outbox.py [--pending 1000] [--replies 2000] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from bench_http import HERE, free_port, wait_ready
from redis_server import redis_server
from slack_events import SECRET, raw_request
from slack_sdk.web.async_client import AsyncWebClient

from bot.ops.metrics import Metrics
from bot.slack.outbox_sender import OutboxSender, SlackDelivery
from bot.storage.outbox import new_entry
from bot.storage.outbox_redis import RedisOutbox
from bot.storage.outbox_store import SqliteOutbox


class Stub:
    """A loopback Web API that answers ok and counts chat.postMessage per thread."""

    def __init__(self) -> None:
        self.threads: Counter[str] = Counter()
        self.last_post = 0.0
        self._runner: web.AppRunner | None = None

    async def _answer(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "chat.postMessage":
            args = await request.json()
            self.threads[str(args.get("thread_ts"))] += 1
            self.last_post = time.monotonic()
        return web.json_response({"ok": True, "ts": "1.1", "channel": "C0"})

    async def start(self, port: int) -> None:
        app = web.Application()
        app.router.add_post("/api/{method}", self._answer)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def mention(n: int, port: int) -> bytes:
    event = {"type": "app_mention", "user": "U0", "channel": "C0", "ts": f"{n}.1",
             "text": "<@UBOT> what is django?"}  # fmt: skip
    body = json.dumps({"type": "event_callback", "team_id": "T0", "api_app_id": "A0",
                       "event_id": f"Ev{n:09d}", "event": event})  # fmt: skip
    return raw_request(port, body, "application/json", str(int(time.time())))


async def send_raw(port: int, raw: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw.replace(b"HTTP/1.1\r\n", b"HTTP/1.1\r\nConnection: close\r\n", 1))
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    writer.close()
    return status


async def depth(http: aiohttp.ClientSession, port: int) -> float:
    async with http.get(f"http://127.0.0.1:{port}/metrics") as resp:
        for line in (await resp.text()).splitlines():
            if line.startswith("advisor_outbox_depth "):
                return float(line.split()[1])
    return -1.0


async def drain(pending: int, folder: Path) -> dict[str, Any]:
    api_port, port = free_port(), free_port()
    env = {**os.environ, "SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-bench",
           "SLACK_API_URL": f"http://127.0.0.1:{api_port}/api/", "LOG_LEVEL": "error",
           "ADVISOR_STATE_URL": f"sqlite:///{folder / 'drain.sqlite3'}"}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1", "--port",
         str(port)], env=env, cwd=HERE.parent,
    )  # fmt: skip
    stub = Stub()
    try:
        wait_ready(port, proc)
        limit = asyncio.Semaphore(20)

        async def one(n: int) -> int:
            async with limit:
                return await send_raw(port, mention(n, port))

        statuses = await asyncio.gather(*(one(n) for n in range(pending)))
        assert all(s == 200 for s in statuses), Counter(statuses)
        async with aiohttp.ClientSession() as http:
            for _ in range(600):  # bounded: until every reply waits in the outbox
                if await depth(http, port) >= pending:
                    break
                await asyncio.sleep(0.1)
            back = time.monotonic()
            await stub.start(api_port)
            for _ in range(1200):  # bounded: 120 s
                if len(stub.threads) >= pending:
                    break
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)  # a duplicate would show now
        return {
            "pending": pending,
            "drained_s": round(stub.last_post - back, 2),
            "delivered": len(stub.threads),
            "duplicates": sum(c - 1 for c in stub.threads.values()),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        await stub.stop()


def percentiles(samples: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(samples, n=100)
    return {"p50_ms": round(cuts[49] * 1000, 3), "p99_ms": round(cuts[98] * 1000, 3)}


async def cost(replies: int, folder: Path, redis_url: str | None) -> dict[str, Any]:
    stub, port = Stub(), free_port()
    await stub.start(port)
    results: dict[str, Any] = {}
    try:
        async with aiohttp.ClientSession() as session:
            web_api = AsyncWebClient(token="xoxb-bench", base_url=f"http://127.0.0.1:{port}/api/",
                                     session=session, retry_handlers=[])  # fmt: skip
            deliver = SlackDelivery(web_api, session)
            args = {"channel": "C0", "text": "An answer.", "blocks": [{"type": "section",
                    "text": {"type": "mrkdwn", "text": "An answer. " * 40}}]}  # fmt: skip
            direct: list[float] = []
            for n in range(replies):
                entry = new_entry(f"direct{n}", "chat.postMessage", args, "C0", time.time())
                started = time.perf_counter()
                await deliver(entry)
                direct.append(time.perf_counter() - started)
            results["direct"] = percentiles(direct)
            stores: dict[str, Any] = {"sqlite": SqliteOutbox(folder / "cost.sqlite3")}
            if redis_url:
                stores["redis"] = RedisOutbox(redis_url)
            for name, store in stores.items():
                sender = OutboxSender(store, deliver, Metrics())
                timings: list[float] = []
                for n in range(replies):
                    started = time.perf_counter()
                    await sender.send_entry(
                        sender.prepare(f"{name}{n}", "chat.postMessage", args, "C0")
                    )
                    timings.append(time.perf_counter() - started)
                results[f"outbox ({name})"] = percentiles(timings)
                await store.close()
    finally:
        await stub.stop()
    return results


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, redis_server() as redis_url:
        folder = Path(tmp)
        return {
            "drain": await drain(args.pending, folder),
            "cost_per_reply": await cost(args.replies, folder, redis_url),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pending", type=int, default=1000)
    parser.add_argument("--replies", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    drained = result["drain"]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"drain: {drained['delivered']} of {drained['pending']} pending replies delivered "
              f"{drained['drained_s']} s after the Web API returned; "
              f"{drained['duplicates']} duplicates")  # fmt: skip
        for name, r in result["cost_per_reply"].items():
            print(f"{name:18} p50 {r['p50_ms']:7.3f} ms   p99 {r['p99_ms']:7.3f} ms")
    ok = drained["delivered"] == drained["pending"] and drained["duplicates"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
