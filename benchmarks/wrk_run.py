"""wrk, replaying pre-signed requests (benchmarks/wrk_requests.lua), and its figures."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import slack_events as events

HERE = Path(__file__).resolve().parent


def requests_file(kind: str, port: int, count: int, folder: Path, run: str) -> Path:
    """`count` signed requests, NUL-separated; signatures stay valid for 5 minutes."""
    now = str(int(time.time()))
    path = folder / f"{kind}-{port}.bin"
    with path.open("wb") as out:
        for n in range(count):
            if kind == "command":
                body, content_type = events.command(n), "application/x-www-form-urlencoded"
            else:
                body, content_type = events.mention(n, run), "application/json"
            out.write(events.raw_request(port, body, content_type, now) + b"\0")
    return path


def unit_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def ms(text: str) -> float:
    found = re.match(r"([\d.]+)(us|ms|s)", text)
    assert found is not None, text
    return unit_ms(*found.groups())


def run_wrk(port: int, file: Path, seconds: int, connections: int) -> dict[str, float]:
    """Acknowledged requests per second, p50 and p99 latency (ms), as wrk saw them."""
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", str(HERE / "wrk_requests.lua"), f"http://127.0.0.1:{port}/slack/events",
         "--", str(file), "1"],
        capture_output=True, text=True, check=True, timeout=seconds + 120,
    ).stdout  # fmt: skip
    summary = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s)", out)
    assert summary is not None, out
    total, duration, unit = summary.groups()
    elapsed_s = unit_ms(duration, unit) / 1000
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))", out, re.MULTILINE))
    acked = int(total) - (int(bad.group(1)) if bad else 0)
    return {
        "acked_per_s": round(acked / elapsed_s),
        "p50_ms": round(ms(latency["50"]), 2),
        "p99_ms": round(ms(latency["99"]), 2),
        "requests": int(total),
        "not_acked": int(total) - acked,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
    }
