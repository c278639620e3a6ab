"""Matching ablation: each calibration signal, and the calibration itself, switched off.

For each row the calibration is refitted from the same out-of-fold pool with that signal
zeroed (so the model cannot use it), and both measuring sets are evaluated in docs/contracts.md's
words. "no calibration" decides with the hand-set thresholds on the fused score instead.

    python benchmarks/bench_ablation.py [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from bot.content.calibration import SIGNALS, Calibration
from bot.content.loading import load_knowledge
from bot.content.model import KnowledgeBase
from bot.understanding.calibrate import fit, pool
from bot.understanding.evaluation import Case, Report, evaluate, read_cases
from bot.understanding.matcher import IntentMatcher

REPO = Path(__file__).resolve().parent.parent
SETS = {"slack-style": "tests/data/paraphrases.yaml", "real-world": "tests/data/realworld-dev.yaml"}


EMPTY = Report(0, 0, 0, 0, 0, 0, 0, (), ())  # a set a row does not measure


def with_calibration(kb: KnowledgeBase, calibration: Calibration | None) -> KnowledgeBase:
    return dataclasses.replace(
        kb, settings=dataclasses.replace(kb.settings, calibration=calibration)
    )


def measure(kb: KnowledgeBase, sets: dict[str, list[Case]]) -> dict[str, Report]:
    matcher = IntentMatcher(kb)
    return {name: evaluate(matcher, cases) for name, cases in sets.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kb = load_knowledge(REPO)
    sets = {name: read_cases(REPO / path, kb)[0] for name, path in SETS.items()}
    measuring = [case for cases in sets.values() for case in cases]
    rows: dict[str, dict[str, Report]] = {"full": measure(kb, sets)}
    for signal in SIGNALS:
        refit = fit(kb, pool(kb, measuring, without=(signal,)))
        rows[f"without {signal}"] = measure(with_calibration(kb, refit), sets)
    rows["no calibration"] = measure(with_calibration(kb, None), sets)
    # Held out: each set measured by a calibration fitted without it.
    for name in sets:
        others = [case for other, cases in sets.items() if other != name for case in cases]
        refit = fit(kb, pool(kb, others))
        held_out = measure(with_calibration(kb, refit), {name: sets[name]})
        rows[f"fitted without {name}"] = {n: held_out.get(n, EMPTY) for n in sets}
    table: dict[str, dict[str, dict[str, float] | None]] = {
        row: {
            name: {k: round(r.share(k), 3) for k in ("direct", "wrong", "declined")}
            if r is not EMPTY
            else None
            for name, r in reports.items()
        }
        for row, reports in rows.items()
    }
    if args.json:
        print(json.dumps(table, indent=2))
        return 0
    header = " | ".join(f"{n}: direct / wrong / declined" for n in SETS)
    print(f"| variant | {header} |")
    print("|---|" + "---|" * len(SETS))
    for row, results in table.items():
        cells = " | ".join(
            f"{r['direct']:.1%} / {r['wrong']:.1%} / {r['declined']:.1%}" if r else "(fitted on it)"
            for r in results.values()
        )
        print(f"| {row} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
