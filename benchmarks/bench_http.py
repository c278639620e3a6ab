"""HTTP benchmark of the whole pipeline: acks, answers, and answer latency, in one run.

All on loopback, on the same machine, one app after another:
- our app (`advisor serve --http` as configured by default: SQLite state unless
  --state-url, its answering processes unless --answerers 0; posting to a loopback Web
  API stand-in that counts what arrives: benchmarks/web_api_stub.py);
- a minimal Bolt AsyncApp that only acks, with the default ack path and with
  process_before_response=True;
- a minimal Bolt for JavaScript app that only acks (`@slack/bolt` from npm), given
  botId and botUserId as its docs advise, so it calls no auth.test per request.
Each gets a flood from wrk (1 thread, --connections, --seconds) of signed `/compare`
commands, then of signed mentions shaped as Slack sends them (benchmarks/slack_events.py).
For our app it also measures the mentions *answered* during the flood (posts reaching the
stand-in), the time to drain what was acknowledged, and the answer latency (event sent to
reply posted) at a steady --rate per second (benchmarks/steady_load.py).

Targets (issue #10, #19): `/compare` acks >= 100% of Bolt-JS's rate and of the best
minimal Python app's, p99 <= 20 ms; mentions acked >= 50% of the minimal
process_before_response app's rate, p99 <= 50 ms; answered during the flood >= 25% of
that rate; every acknowledged mention answered once; at the steady rate, answer latency
p99 <= 100 ms. Exits 1 when one is missed.

    python benchmarks/bench_http.py [--seconds 8] [--connections 50] [--json]
        [--state-url URL] [--only-advisor] [--answerers N] [--profile DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import slack_events as events
from bench_http_report import check, print_table
from steady_load import answer_latency
from wrk_run import requests_file, run_wrk

HERE = Path(__file__).resolve().parent
NODE_DIR = HERE / ".node"  # npm installs @slack/bolt here (git-ignored)
MINIMAL_PBR = "bolt-python (process_before_response)"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import socket

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


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def acked_events(port: int) -> int:
    """Events our app answered 200 (its own count: wrk misses those in flight at the end)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as resp:
        for line in resp.read().decode().splitlines():
            if line.startswith('advisor_requests_total{kind="event",status="200"}'):
                return int(float(line.split()[-1]))
    return 0


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


def drain(stub: str, before: dict[str, Any], acked: int, flood_end: float) -> dict[str, Any]:
    """Wait until every acknowledged mention has its reply (or nothing moves for 30 s)."""
    last_change, seen = time.monotonic(), -1
    while True:
        stats = get_json(f"{stub}/stats")
        threads = stats["threads"] - before["threads"]
        if threads >= acked or time.monotonic() - last_change > 30:
            break
        if threads != seen:
            last_change, seen = time.monotonic(), threads
        time.sleep(0.2)
    time.sleep(1.0)  # a duplicate would show now
    stats = get_json(f"{stub}/stats")
    return {
        "answered": stats["threads"] - before["threads"],
        "duplicates": (stats["posts"] - before["posts"]) - (stats["threads"] - before["threads"]),
        "drain_s": round(max(0.0, stats["last"] - flood_end), 2),
    }


def profiler(pid: int, seconds: int, folder: Path | None) -> subprocess.Popen[bytes] | None:
    """py-spy sampling our app (and its answering processes) through the mention flood
    (collapsed stacks in `folder`)."""
    if folder is None:
        return None
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    folder.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--duration", str(seconds),
                             "--rate", "200", "--format", "raw", "--nonblocking", "--subprocesses",
                             "-o", str(folder / "mention-flood.txt")])  # fmt: skip


def measure_advisor(
    port: int, proc: subprocess.Popen[bytes], stub: str, args: argparse.Namespace, folder: Path
) -> dict[str, Any]:
    run = f"{int(time.time()) % 1000000:06d}"
    health = get_json(f"http://127.0.0.1:{port}/healthz")
    result: dict[str, Any] = {"answering_processes": health.get("answering_processes", 0)}
    result["command"] = run_wrk(port, requests_file("command", port, 200, folder, run),
                                args.seconds, args.connections)  # fmt: skip
    before, acked_before = get_json(f"{stub}/stats"), acked_events(port)
    files = requests_file("mention", port, 10_000 * args.seconds, folder, run)
    spy = profiler(proc.pid, args.seconds, args.profile)
    result["mention"] = run_wrk(port, files, args.seconds, args.connections)
    flood_end = time.time()
    if spy is not None:
        spy.wait(timeout=120)
    window = get_json(f"{stub}/stats?since={flood_end - args.seconds}&until={flood_end}")
    acked = acked_events(port) - acked_before
    flood = {"acked": acked, "answered_per_s": round(window["in_window"] / args.seconds)}
    result["flood"] = {**flood, **drain(stub, before, acked, flood_end)}
    result["steady"] = asyncio.run(
        answer_latency(f"http://127.0.0.1:{port}", stub, args.rate, args.steady_seconds)
    )
    return result


def targets(args: argparse.Namespace) -> dict[str, list[str]]:
    """Each app's command line, with PORT where its port goes."""
    advisor = [sys.executable, "-m", "bot", "serve", "--http", "--host", "127.0.0.1",
               "--port", "PORT"]  # fmt: skip
    minimal = [sys.executable, str(HERE / "minimal_bolt_app.py"), "PORT"]
    found = {
        "advisor": advisor,
        "bolt-python (default ack)": minimal,
        MINIMAL_PBR: [*minimal, "--process-before-response"],
    }
    if args.only_advisor:
        return {"advisor": advisor}
    if node_available():
        found["bolt-js"] = ["node", str(HERE / "minimal_bolt_app.js"), "PORT"]
    return found


def run_all(args: argparse.Namespace, folder: Path) -> dict[str, dict[str, Any]]:
    stub_port = free_port()
    stub = f"http://127.0.0.1:{stub_port}"
    env = {**os.environ, "SLACK_SIGNING_SECRET": events.SECRET, "SLACK_BOT_TOKEN": "xoxb-bench",
           "SLACK_API_URL": f"{stub}/api/", "LOG_LEVEL": "warning",
           "ADVISOR_STATE_URL": args.state_url or f"sqlite:///{folder / 'state.sqlite3'}",
           "NODE_PATH": str(NODE_DIR / "node_modules")}  # fmt: skip
    if args.answerers is not None:
        env["ADVISOR_ANSWERERS"] = str(args.answerers)
    procs: list[subprocess.Popen[bytes]] = []
    results: dict[str, dict[str, Any]] = {}
    try:
        stub_proc = subprocess.Popen(
            [sys.executable, str(HERE / "web_api_stub.py"), str(stub_port)]
        )
        procs.append(stub_proc)
        wait_ready(stub_port, stub_proc)
        for name, command in targets(args).items():
            port = free_port()
            argv = [str(port) if part == "PORT" else part for part in command]
            quiet = subprocess.DEVNULL
            proc = subprocess.Popen(argv, env=env, cwd=HERE.parent, stdout=quiet, stderr=quiet)
            procs.append(proc)
            wait_ready(port, proc)
            if name == "advisor":
                results[name] = measure_advisor(port, proc, stub, args, folder)
            else:
                run = f"{int(time.time()) % 1000000:06d}"
                results[name] = {
                    kind: run_wrk(port, requests_file(kind, port, count, folder, run),
                                  args.seconds, args.connections)
                    for kind, count in (("command", 200), ("mention", 10_000 * args.seconds))
                }  # fmt: skip
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rate", type=float, default=100.0, help="steady mentions per second")
    parser.add_argument("--steady-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--state-url", help="ADVISOR_STATE_URL for our app (default: SQLite)")
    parser.add_argument("--only-advisor", action="store_true", help="skip the baselines")
    parser.add_argument(
        "--answerers", type=int, help="ADVISOR_ANSWERERS for our app (default: its own default)"
    )
    parser.add_argument("--profile", type=Path, help="py-spy our app in the mention flood")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        results = run_all(args, Path(tmp))
    summary = check(results, MINIMAL_PBR)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_table(summary)
    return 0 if summary["passed"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
