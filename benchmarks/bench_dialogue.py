"""Dialogue benchmark: engine turns with a real state store.

Measures a complete advisor run (9 turns: start + 8 answers), a FAQ turn and a project
described in one message (read, then the first open question asked) through
`Engine.handle`, with the SQLite store (a file) and the Redis store (a redis-server on
loopback). Targets (issue #3): p99 per turn <= 2 ms with SQLite, <= 3 ms with Redis.
Exits 1 when a target is missed.

    python benchmarks/bench_dialogue.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from redis_server import redis_server  # the sibling module (scripts run from benchmarks/)

from bot.content.loading import load_knowledge, packaged_root
from bot.engine import Engine
from bot.reply import Turn
from bot.storage.factory import open_store
from bot.storage.protocol import StateStore

ADVISOR_RUN = [
    "recommend",
    "python",
    "no",
    "yes",
    "yes",
    "complex",
    "monolith",
    "moderate",
    "yes",
    "no",
]
FAQ = ["is node faster?", "who uses django", "what about security?", "can they be combined?"]
DESCRIPTIONS = [
    "We're six Python devs building a clinic booking site with a staff back office, "
    "patient data and a tight deadline for the MVP. What would you pick?",
    "Our team writes JavaScript; we need live chat for thousands of users at once, "
    "no admin panel, all microservices. Which should we use?",
    "A mixed team of python and js folks, a realtime trading screen plus an ops admin, "
    "lots of relational data: node or django?",
]
TARGETS_MS = {"sqlite": 2.0, "redis": 3.0}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def measure(store: StateStore, runs: int) -> dict[str, float]:
    engine = Engine(load_knowledge(packaged_root()), store)
    advisor_turns: list[float] = []
    faq_turns: list[float] = []
    described_turns: list[float] = []
    for n in range(runs + 5):  # the first five warm caches and connections
        key = f"bench:{uuid.uuid4().hex}"
        for text in ADVISOR_RUN:
            start = time.perf_counter()
            reply = await engine.handle(key, Turn(text=text))
            if n >= 5:
                advisor_turns.append((time.perf_counter() - start) * 1000)
        assert reply.recommendation == "django", reply.text
        text = FAQ[n % len(FAQ)]
        start = time.perf_counter()
        await engine.handle(key, Turn(text=text))
        if n >= 5:
            faq_turns.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        reply = await engine.handle(key, Turn(text=DESCRIPTIONS[n % len(DESCRIPTIONS)]))
        if n >= 5:
            described_turns.append((time.perf_counter() - start) * 1000)
        assert reply.text.startswith("Understood:"), reply.text
    await store.close()
    every = advisor_turns + faq_turns + described_turns
    return {
        "advisor_turn_median_ms": round(statistics.median(advisor_turns), 3),
        "advisor_turn_p99_ms": round(percentile(advisor_turns, 0.99), 3),
        "faq_turn_median_ms": round(statistics.median(faq_turns), 3),
        "faq_turn_p99_ms": round(percentile(faq_turns, 0.99), 3),
        "described_turn_median_ms": round(statistics.median(described_turns), 3),
        "described_turn_p99_ms": round(percentile(described_turns, 0.99), 3),
        "turn_p99_ms": round(percentile(every, 0.99), 3),
        "turns": len(every),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="advisor runs per store")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[str, float] | None] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        results["sqlite"] = asyncio.run(measure(open_store({"ADVISOR_STATE_URL": url}), args.runs))
    with redis_server() as redis_url:
        results["redis"] = (
            asyncio.run(measure(open_store({"ADVISOR_STATE_URL": redis_url}), args.runs))
            if redis_url
            else None
        )
    passed = {
        kind: r is not None and r["turn_p99_ms"] <= TARGETS_MS[kind] for kind, r in results.items()
    }
    if args.json:
        print(
            json.dumps({"results": results, "targets_ms": TARGETS_MS, "passed": passed}, indent=2)
        )
    else:
        for kind, r in results.items():
            if r is None:
                print(f"{kind}: not measured (no redis-server and no REDIS_URL)")
                continue
            print(
                f"{kind:6}  advisor turn median {r['advisor_turn_median_ms']:.3f} ms, "
                f"p99 {r['advisor_turn_p99_ms']:.3f} ms | FAQ turn median "
                f"{r['faq_turn_median_ms']:.3f} ms, p99 {r['faq_turn_p99_ms']:.3f} ms | "
                f"described project median {r['described_turn_median_ms']:.3f} ms, "
                f"p99 {r['described_turn_p99_ms']:.3f} ms | "
                f"all turns p99 {r['turn_p99_ms']:.3f} ms (target <= {TARGETS_MS[kind]} ms)"
            )
        print(
            "PASS" if all(passed.values()) else f"FAIL: {[k for k, ok in passed.items() if not ok]}"
        )
    return 0 if all(passed.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
