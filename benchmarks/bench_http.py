"""HTTP benchmark: acknowledged Slack requests per second, p50 and p99 latency.

Sends signed `/compare` slash commands and signed `app_mention` events (each with its
own event id) at the running app from another process (wrk, from Debian's packages),
for a bounded time, and measures in the same run, on the same machine:
- our app (`advisor serve --http`, SQLite state, posting to a loopback Web API stub);
- a minimal Bolt AsyncApp that only acks, with the default ack path and with
  process_before_response=True;
- a minimal Bolt for JavaScript app that only acks (`@slack/bolt` from npm), given
  botId and botUserId as its docs advise, so it calls no auth.test per request.
Target (issue #10): our `/compare` acks at >= 100% of Bolt-JS's rate (and of the
minimal Python app's best) with p99 <= 20 ms at 50 concurrent connections. Exits 1
when missed. Reports our rate as a share of both, from the same run.

    python benchmarks/bench_http.py [--seconds 8] [--connections 50] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
SECRET = "bench-signing-secret"
NODE_DIR = HERE / ".node"  # npm installs @slack/bolt here (git-ignored)
CRITERIA = ["performance", "perf", "security", "learning", "realtime", "scalability", ""]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raw_request(port: int, body: str, content_type: str, timestamp: str) -> bytes:
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()
    payload = body.encode()
    head = (
        f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Content-Type: {content_type}\r\nX-Slack-Request-Timestamp: {timestamp}\r\n"
        f"X-Slack-Signature: {signature}\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


def requests_file(kind: str, port: int, count: int, folder: Path) -> Path:
    """`count` signed requests, NUL-separated; signatures stay valid for 5 minutes."""
    now = str(int(time.time()))
    path = folder / f"{kind}-{port}.bin"
    with path.open("wb") as out:
        for n in range(count):
            if kind == "command":
                fields = {
                    "command": "/compare",
                    "text": CRITERIA[n % len(CRITERIA)],
                    "team_id": "T0",
                    "user_id": "U0",
                    "channel_id": "C0",
                    "response_url": "http://127.0.0.1:9/none",
                    "trigger_id": "1",
                }
                body = urlencode(fields)
                content_type = "application/x-www-form-urlencoded"
            else:
                event = {
                    "type": "app_mention",
                    "user": "U0",
                    "channel": "C0",
                    "ts": f"{n}.1",
                    "text": "<@UBOT> is node faster than django?",
                }
                body = json.dumps(
                    {
                        "type": "event_callback",
                        "team_id": "T0",
                        "api_app_id": "A0",
                        "event_id": f"Ev{n:09d}{port}",
                        "event": event,
                    }
                )
                content_type = "application/json"
            out.write(raw_request(port, body, content_type, now) + b"\0")
    return path


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def unit_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(port: int, file: Path, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(HERE / "wrk_requests.lua"),
            f"http://127.0.0.1:{port}/slack/events",
            "--",
            str(file),
            "1",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    summary = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s)", out)
    assert summary is not None, out
    total, duration, unit = summary.groups()
    elapsed_s = unit_ms(duration, unit) / 1000
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s))", out, re.MULTILINE))

    def ms(text: str) -> float:
        found = re.match(r"([\d.]+)(us|ms|s)", text)
        assert found is not None, text
        return unit_ms(*found.groups())

    acked = int(total) - (int(bad.group(1)) if bad else 0)
    return {
        "acked_per_s": round(acked / elapsed_s),
        "p50_ms": round(ms(latency["50"]), 2),
        "p99_ms": round(ms(latency["99"]), 2),
        "requests": int(total),
        "not_acked": int(total) - acked,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
    }


def node_available() -> bool:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return False
    if not (NODE_DIR / "node_modules" / "@slack" / "bolt").is_dir():
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(NODE_DIR), "@slack/bolt@4"],
            check=False,
            timeout=600,
            capture_output=True,
        )
    return (NODE_DIR / "node_modules" / "@slack" / "bolt").is_dir()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--state-url", help="ADVISOR_STATE_URL for our app (default: SQLite)")
    parser.add_argument("--only-advisor", action="store_true", help="skip the baselines")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    procs: list[subprocess.Popen[bytes]] = []
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stub_port = free_port()
        env = {
            **os.environ,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_API_URL": f"http://127.0.0.1:{stub_port}/api/",
            "LOG_LEVEL": "warning",
            "ADVISOR_STATE_URL": f"sqlite:///{folder / 'state.sqlite3'}",
            "NODE_PATH": str(NODE_DIR / "node_modules"),
        }
        targets = {
            "advisor": [
                sys.executable,
                "-m",
                "bot",
                "serve",
                "--http",
                "--host",
                "127.0.0.1",
                "--port",
            ],
            "bolt-python (default ack)": [sys.executable, str(HERE / "minimal_bolt_app.py")],
            "bolt-python (process_before_response)": [
                sys.executable,
                str(HERE / "minimal_bolt_app.py"),
                "--process-before-response",
            ],
        }
        if args.only_advisor:
            targets = {"advisor": targets["advisor"]}
        elif node_available():
            targets["bolt-js"] = ["node", str(HERE / "minimal_bolt_app.js")]
        try:
            stub = subprocess.Popen([sys.executable, str(HERE / "web_api_stub.py"), str(stub_port)])
            procs.append(stub)
            wait_ready(stub_port, stub)
            for name, command in targets.items():
                port = free_port()
                argv = [*command, str(port)]
                if name.startswith("bolt-python"):  # port goes before the flag
                    argv = [*command[:2], str(port), *command[2:]]
                proc = subprocess.Popen(
                    argv,
                    env=env,
                    cwd=HERE.parent,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                procs.append(proc)
                wait_ready(port, proc)
                expected = 15_000 * args.seconds  # more than any target acks: ids stay unique
                results[name] = {
                    kind: run_wrk(
                        port,
                        requests_file(kind, port, count, folder),
                        args.seconds,
                        args.connections,
                    )
                    for kind, count in (("command", 200), ("mention", expected))
                }
                proc.terminate()
                proc.wait(timeout=30)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
    minimal = [n for n in results if n.startswith("bolt-python")]
    if not minimal:
        print(json.dumps(results, indent=2))
        return 0
    best = max(results[n]["command"]["acked_per_s"] for n in minimal)
    ours = results["advisor"]["command"]
    js = results.get("bolt-js", {}).get("command", {}).get("acked_per_s", 0)
    passed = (
        ours["acked_per_s"] >= max(best, js) and ours["p99_ms"] <= 20 and ours["not_acked"] == 0
    )
    summary = {
        "results": results,
        "best_minimal_python_commands_per_s": best,
        "advisor_share_of_best": round(ours["acked_per_s"] / best, 3),
        "passed": passed,
    }
    if "bolt-js" in results:
        summary["advisor_share_of_js"] = round(
            ours["acked_per_s"] / results["bolt-js"]["command"]["acked_per_s"], 3
        )
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{'app':40} {'kind':8} {'acked/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'not acked':>9}")
        for name, kinds in results.items():
            for kind, r in kinds.items():
                print(
                    f"{name:40} {kind:8} {r['acked_per_s']:8d} {r['p50_ms']:7.2f} "
                    f"{r['p99_ms']:7.2f} {r['not_acked']:9d}"
                )
        print(
            f"advisor /compare: {summary['advisor_share_of_best']:.0%} of the best minimal "
            f"Python rate"
            + (
                f", {summary['advisor_share_of_js']:.0%} of bolt-js"
                if "advisor_share_of_js" in summary
                else ""
            )
        )
        print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
