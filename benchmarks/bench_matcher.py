"""Matcher benchmark: per-question latency, start-up time and peak memory.

Targets: p99 <= 1 ms per question (warm, both measuring sets), start-up (load + index +
calibration) <= 300 ms, a whole `advisor ask "..."` process <= 0.8 s, peak RSS <= 80 MB.
Each measurement runs in a fresh Python process so imports and caches of one do not
flatter another. Exits 1 when a target is missed.

    python benchmarks/bench_matcher.py [--rounds N] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SETS = [str(REPO / "tests" / "data" / name) for name in ("paraphrases.yaml", "realworld-dev.yaml")]
TARGETS = {"p99_ms": 1.0, "startup_ms": 300.0, "ask_process_ms": 800.0, "peak_rss_mb": 80.0}

LATENCY = """
import statistics, time, yaml
from bot.content.loading import load_knowledge, packaged_root
from bot.understanding.matcher import IntentMatcher
questions = [c["text"] for path in {sets!r} for c in yaml.safe_load(open(path))]
matcher = IntentMatcher(load_knowledge(packaged_root()))
for q in questions:  # warm the caches (stemmer, spelling) as a running bot would be
    matcher.match(q)
samples = []
for _ in range({rounds}):
    for q in questions:
        start = time.perf_counter_ns()
        matcher.match(q)
        samples.append((time.perf_counter_ns() - start) / 1e6)
samples.sort()
print(statistics.median(samples), samples[int(len(samples) * 0.99) - 1], len(samples))
"""

STARTUP = """
import time
start = time.perf_counter()
from bot.content.loading import load_knowledge, packaged_root
from bot.understanding.matcher import IntentMatcher
imported = time.perf_counter()
IntentMatcher(load_knowledge(packaged_root()))
done = time.perf_counter()
print((done - imported) * 1000, (done - start) * 1000)
"""

MEMORY = """
import resource, yaml
from bot.content.loading import load_knowledge, packaged_root
from bot.understanding.matcher import IntentMatcher
matcher = IntentMatcher(load_knowledge(packaged_root()))
for path in {sets!r}:
    for case in yaml.safe_load(open(path)):
        matcher.match(case["text"])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def ask_process_ms() -> float:
    """Wall time of one whole `advisor ask` command, as a user runs it."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", "is node faster than django?"],
        capture_output=True,
        check=True,
        cwd=REPO,
        timeout=60,
    )
    return (time.perf_counter() - start) * 1000


def run(code: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=600,
    ).stdout
    return [float(x) for x in out.split()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="passes over the paraphrases")
    parser.add_argument("--starts", type=int, default=5, help="fresh processes for start-up")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    median, p99, count = run(LATENCY.format(sets=SETS, rounds=args.rounds))
    starts = sorted(run(STARTUP) for _ in range(args.starts))
    startup_ms = sorted(s[0] for s in starts)[len(starts) // 2]
    with_imports_ms = sorted(s[1] for s in starts)[len(starts) // 2]
    (rss,) = run(MEMORY.format(sets=SETS))
    asks = sorted(ask_process_ms() for _ in range(args.starts))
    results = {
        "questions_timed": int(count),
        "median_ms": round(median, 3),
        "p99_ms": round(p99, 3),
        "startup_ms": round(startup_ms, 1),
        "startup_with_imports_ms": round(with_imports_ms, 1),
        "ask_process_ms": round(asks[len(asks) // 2], 1),
        "peak_rss_mb": round(rss, 1),
    }
    passed = {name: results[name] <= limit for name, limit in TARGETS.items()}
    if args.json:
        print(json.dumps({"results": results, "targets": TARGETS, "passed": passed}, indent=2))
    else:
        print(f"questions timed:          {results['questions_timed']}")
        print(f"latency median:           {results['median_ms']:.3f} ms")
        print(f"latency p99:              {results['p99_ms']:.3f} ms   (target <= 1 ms)")
        print(f"start-up (load + index):  {results['startup_ms']:.0f} ms   (target <= 300 ms)")
        print(f"start-up incl. imports:   {results['startup_with_imports_ms']:.0f} ms")
        print(f"advisor ask process:      {results['ask_process_ms']:.0f} ms   (target <= 800 ms)")
        print(f"peak RSS:                 {results['peak_rss_mb']:.1f} MB   (target <= 80 MB)")
        print(
            "PASS" if all(passed.values()) else f"FAIL: {[k for k, ok in passed.items() if not ok]}"
        )
    return 0 if all(passed.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
