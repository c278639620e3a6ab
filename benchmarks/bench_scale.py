"""Scale benchmark: 1, 2 and 4 `advisor serve` instances sharing one Redis.

Signed app_mention events (each with its own id) are sent at every instance at once by
wrk (one wrk per instance, the 50 connections split between them: the benchmark
distributes the requests itself) for a bounded time: acknowledged events per second,
p99 latency and errors, which must be zero. Then a soak: two instances on Redis at a
steady rate (default 10 minutes, 40 events/s) with each instance's RSS sampled every
10 s, to show memory stays flat. Everything runs on loopback.

    python benchmarks/bench_scale.py [--seconds 8] [--soak-seconds 600] [--soak-rate 40] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
from bench_http import HERE, free_port, wait_ready
from redis_server import redis_server
from slack_events import SECRET
from wrk_run import requests_file

CONNECTIONS = 50


def start_instances(
    count: int, env: dict[str, str]
) -> tuple[list[subprocess.Popen[bytes]], list[int]]:
    ports = [free_port() for _ in range(count)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1",
             "--port", str(port)],
            env=env, cwd=HERE.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]  # fmt: skip
    for port, proc in zip(ports, procs, strict=True):
        wait_ready(port, proc)
    return procs, ports


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(timeout=30)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def scale_run(count: int, env: dict[str, str], seconds: int, folder: Path) -> dict[str, Any]:
    procs, ports = start_instances(count, env)
    try:
        per = max(1, CONNECTIONS // count)
        files = [
            requests_file("mention", port, 15_000 * seconds // count + 1000, folder, f"{port:06d}")
            for port in ports
        ]
        # One wrk per instance, all at once (run_wrk in a child process each).
        code = (
            "import json, sys; from pathlib import Path; from wrk_run import run_wrk;"
            "print(json.dumps(run_wrk(int(sys.argv[1]), Path(sys.argv[2]), "
            "int(sys.argv[3]), int(sys.argv[4]))))"
        )
        jobs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(port), str(f), str(seconds), str(per)],
                cwd=HERE, stdout=subprocess.PIPE, text=True,
            )
            for port, f in zip(ports, files, strict=True)
        ]  # fmt: skip
        results = [json.loads(job.communicate(timeout=seconds + 120)[0]) for job in jobs]
    finally:
        stop(procs)
    return {
        "instances": count,
        "acked_per_s": sum(r["acked_per_s"] for r in results),
        "p99_ms": max(r["p99_ms"] for r in results),
        "errors": sum(r["not_acked"] + r["socket_errors"] for r in results),
    }


async def soak(ports: list[int], pids: list[int], seconds: int, rate: float) -> dict[str, Any]:
    """Send `rate` signed mentions per second, round-robin, for `seconds`; sample RSS."""
    import hashlib
    import hmac

    samples: list[list[float]] = []
    errors = sent = 0
    started = time.monotonic()
    next_sample = started
    async with aiohttp.ClientSession() as http:

        async def one(n: int) -> None:
            nonlocal errors
            event = {"type": "app_mention", "user": "U0", "channel": f"C{n % 20}", "ts": f"{n}.1",
                     "text": "<@UBOT> which is more secure?"}  # fmt: skip
            body = json.dumps({"type": "event_callback", "team_id": "T0", "api_app_id": "A0",
                               "event_id": f"EvSoak{n:09d}", "event": event})  # fmt: skip
            ts = str(int(time.time()))
            sig = (
                "v0="
                + hmac.new(SECRET.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
            )
            headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts,
                       "X-Slack-Signature": sig}  # fmt: skip
            url = f"http://127.0.0.1:{ports[n % len(ports)]}/slack/events"
            try:
                async with http.post(url, data=body, headers=headers) as resp:
                    errors += resp.status != 200
            except aiohttp.ClientError:
                errors += 1

        pending: set[asyncio.Task[None]] = set()
        total = int(seconds * rate)
        for n in range(total):  # bounded: exactly `total` requests
            due = started + n / rate
            now = time.monotonic()
            if due > now:
                await asyncio.sleep(due - now)
            task = asyncio.ensure_future(one(n))
            pending.add(task)
            task.add_done_callback(pending.discard)
            sent += 1
            if time.monotonic() >= next_sample:
                samples.append(
                    [round(time.monotonic() - started)] + [round(rss_mb(p), 1) for p in pids]
                )
                next_sample += 10
        await asyncio.gather(*pending)
    samples.append([round(time.monotonic() - started)] + [round(rss_mb(p), 1) for p in pids])
    return {"seconds": seconds, "rate": rate, "sent": sent, "errors": errors, "rss_mb": samples}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--soak-seconds", type=int, default=600)
    parser.add_argument("--soak-rate", type=float, default=40.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    with redis_server() as redis_url, tempfile.TemporaryDirectory() as tmp:
        if redis_url is None:
            print("redis-server is missing (apt-get install redis-server) and REDIS_URL unset")
            return 2
        stub_port = free_port()
        stub = subprocess.Popen([sys.executable, str(HERE / "web_api_stub.py"), str(stub_port)])
        try:
            wait_ready(stub_port, stub)
            env = {**os.environ, "SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-bench",
                   "SLACK_API_URL": f"http://127.0.0.1:{stub_port}/api/", "LOG_LEVEL": "warning",
                   "ADVISOR_STATE_URL": redis_url}  # fmt: skip
            report["scale"] = [scale_run(n, env, args.seconds, Path(tmp)) for n in (1, 2, 4)]
            if args.soak_seconds > 0:
                procs, ports = start_instances(2, env)
                try:
                    pids = [p.pid for p in procs]
                    report["soak"] = asyncio.run(
                        soak(ports, pids, args.soak_seconds, args.soak_rate)
                    )
                finally:
                    stop(procs)
        finally:
            stub.terminate()
            stub.wait(timeout=30)
    ok = all(r["errors"] == 0 for r in report["scale"])
    if "soak" in report:
        ok = ok and report["soak"]["errors"] == 0
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for r in report["scale"]:
            print(f"{r['instances']} instance(s): {r['acked_per_s']} acked events/s, "
                  f"p99 {r['p99_ms']} ms, errors {r['errors']}")  # fmt: skip
        if "soak" in report:
            s = report["soak"]
            rate = f"{s['sent']} events over {s['seconds']} s at {s['rate']}/s"
            print(f"soak: {rate}, errors {s['errors']}")
            for row in s["rss_mb"]:
                print(f"  t={row[0]:4d}s  RSS MB per instance: {row[1:]}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
