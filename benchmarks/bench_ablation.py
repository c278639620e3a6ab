"""Matching ablation: each calibration signal, the out-of-scope model and the calibration
itself, switched off.

For each row the calibration is refitted from the same out-of-fold pool (the content
alone: examples and the negative set) with that signal zeroed (so the model cannot use
it), and both measuring sets are evaluated through the engine in docs/contracts.md's
words. "no out-of-scope model" leaves the decline to the calibration; "no calibration"
decides with the hand-set thresholds on the fused score instead.

    python benchmarks/bench_ablation.py [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.content.calibration import SIGNALS, Calibration
from bot.content.loading import load_knowledge
from bot.content.model import KnowledgeBase
from bot.terminal.asking import engine_answerer
from bot.understanding.calibrate import fit, pool, with_models
from bot.understanding.evaluation import Case, Report, evaluate, read_cases

REPO = Path(__file__).resolve().parent.parent
SETS = {"slack-style": "tests/data/paraphrases.yaml", "real-world": "tests/data/realworld-dev.yaml"}


def with_calibration(kb: KnowledgeBase, calibration: Calibration | None) -> KnowledgeBase:
    return with_models(kb, calibration, kb.settings.scope)


def measure(kb: KnowledgeBase, sets: dict[str, list[Case]]) -> dict[str, Report]:
    answer = engine_answerer(kb)
    return {name: evaluate(answer, cases) for name, cases in sets.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    kb = load_knowledge(REPO)
    sets = {name: read_cases(REPO / path, kb)[0] for name, path in SETS.items()}
    rows: dict[str, dict[str, Report]] = {"full": measure(kb, sets)}
    for signal in SIGNALS:
        refit = fit(kb, pool(kb, without=(signal,)))
        rows[f"without {signal}"] = measure(with_calibration(kb, refit), sets)
    rows["no out-of-scope model"] = measure(with_models(kb, kb.settings.calibration, None), sets)
    rows["no calibration"] = measure(with_calibration(kb, None), sets)
    table: dict[str, dict[str, dict[str, float]]] = {
        row: {
            name: {k: round(r.share(k), 3) for k in ("direct", "wrong", "declined")}
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
            f"{r['direct']:.1%} / {r['wrong']:.1%} / {r['declined']:.1%}" for r in results.values()
        )
        print(f"| {row} | {cells} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
