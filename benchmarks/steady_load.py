"""Mentions at a steady rate (open loop: each is sent on time, whatever the answers do),
and the answer latency: from sending the event to its reply reaching the Web API."""

from __future__ import annotations

import asyncio
import statistics
import time
from typing import Any

import aiohttp
import slack_events as events


async def answer_latency(app: str, stub: str, rate: float, seconds: float) -> dict[str, Any]:
    run = f"{int(time.time() * 7) % 1000000:06d}"
    count = int(rate * seconds)
    sent: dict[str, float] = {}
    statuses: list[int] = []
    connector = aiohttp.TCPConnector(limit=50)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def send(n: int) -> None:
            body = events.mention(n, run)
            headers = events.signed_headers(body, str(int(time.time())), "application/json")
            sent[events.thread_of(n, run)] = time.time()
            async with http.post(f"{app}/slack/events", data=body, headers=headers) as resp:
                statuses.append(resp.status)

        started = time.monotonic()
        tasks = []
        for n in range(count):
            await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))
            tasks.append(asyncio.ensure_future(send(n)))
        await asyncio.gather(*tasks)
        answered = await wait_answers(http, stub, sent)
    latencies = sorted((answered[t] - sent[t]) * 1000 for t in sent if t in answered)
    return {
        "sent": count,
        "acked": sum(1 for s in statuses if s == 200),
        "answered": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
    }


async def wait_answers(
    http: aiohttp.ClientSession, stub: str, sent: dict[str, float]
) -> dict[str, float]:
    """The stand-in's first-reply time of each thread sent (waiting up to 30 s for all)."""
    deadline = time.monotonic() + 30
    while True:
        async with http.get(f"{stub}/times") as resp:
            times: dict[str, float] = await resp.json()
        if all(t in times for t in sent) or time.monotonic() > deadline:
            return {t: times[t] for t in sent if t in times}
        await asyncio.sleep(0.5)
