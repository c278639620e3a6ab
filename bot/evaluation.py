"""Measure how well the matcher answers: `advisor eval`.

Counts follow what a user sees:
- top-1: the first thing shown (the answer, or the first "did you mean" button) is the
  expected intent, and the question was not declined;
- top-3: the expected intent is among the answer and the "did you mean" buttons;
- answered: the matcher answered confidently with the expected intent;
- wrong answers: it answered confidently with another intent (the worst failure);
- rejection: an out-of-scope question was declined (not answered, not "did you mean").
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.fields import FieldReader
from bot.knowledge import KnowledgeBase
from bot.matcher import OUT_OF_SCOPE, IntentMatcher, Match
from bot.yaml_source import LocatedList, Problem, read_yaml


@dataclass(frozen=True)
class Case:
    text: str
    intent: str  # an intent id, or "out_of_scope"


@dataclass(frozen=True)
class Miss:
    text: str
    expected: str
    got: str  # the intent answered, "unsure: a, b, c" or "out_of_scope"
    score: float


@dataclass(frozen=True)
class Report:
    in_scope: int
    correct: int
    top3: int
    out_of_scope: int
    rejected: int
    answered: int  # in-scope questions answered confidently and correctly
    wrong: int  # in-scope questions answered confidently with the wrong intent
    unsure: int  # in-scope questions that got "did you mean" instead of an answer
    confusions: tuple[tuple[str, str, int], ...]  # expected, answered, count
    misses: tuple[Miss, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 1.0

    @property
    def top3_accuracy(self) -> float:
        return self.top3 / self.in_scope if self.in_scope else 1.0

    @property
    def rejection(self) -> float:
        return self.rejected / self.out_of_scope if self.out_of_scope else 1.0

    def passes(self, min_accuracy: float, min_rejection: float) -> bool:
        return self.accuracy >= min_accuracy and self.rejection >= min_rejection

    def to_json(self) -> dict[str, Any]:
        return {
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "top1_accuracy": round(self.accuracy, 4),
            "top3_accuracy": round(self.top3_accuracy, 4),
            "out_of_scope_rejection": round(self.rejection, 4),
            "answered": self.answered,
            "wrong_answers": self.wrong,
            "unsure": self.unsure,
            "confusions": [
                {"expected": e, "answered": a, "count": n} for e, a, n in self.confusions
            ],
            "misses": [dataclasses.asdict(m) for m in self.misses],
        }


def read_cases(path: Path, kb: KnowledgeBase) -> tuple[list[Case], list[Problem]]:
    """Read a YAML list of {text, intent}; unknown intents are problems."""
    doc = read_yaml(path)
    problems = list(doc.problems)
    if doc.data is None:
        return [], problems
    if not isinstance(doc.data, LocatedList):
        return [], [*problems, Problem(doc.path, 1, "expected a list of {text, intent}")]
    cases: list[Case] = []
    for entry in doc.data:
        r = FieldReader(doc.path, entry, required=("text", "intent"), what="case")
        text, intent = r.text("text"), r.text("intent")
        if r.ok and intent and intent != OUT_OF_SCOPE and not kb.has_intent(intent):
            r.fail("intent", f"unknown intent '{intent}'")
        problems += r.problems
        if r.ok and not r.problems:
            cases.append(Case(text, intent))
    return cases, problems


def _described(match: Match) -> str:
    if match.outcome == "answer":
        return match.intent or ""
    if match.outcome == "unsure":
        return "unsure: " + ", ".join(match.suggestions)
    return OUT_OF_SCOPE


def evaluate(matcher: IntentMatcher, cases: Iterable[Case]) -> Report:
    in_scope = correct = top3 = out_of_scope = rejected = answered = wrong = unsure = 0
    confusions: Counter[tuple[str, str]] = Counter()
    misses: list[Miss] = []
    for case in cases:
        match = matcher.match(case.text)
        if case.intent == OUT_OF_SCOPE:
            out_of_scope += 1
            ok = match.outcome == "out_of_scope"
            rejected += ok
        else:
            in_scope += 1
            shown = match.candidates[0].intent if match.outcome != "out_of_scope" else None
            ok = shown == case.intent
            correct += ok
            shown_all = {c.intent for c in match.candidates} if shown else set()
            top3 += case.intent in shown_all
            answered += match.intent == case.intent
            wrong += match.outcome == "answer" and match.intent != case.intent
            unsure += match.outcome == "unsure"
        if not ok:
            misses.append(Miss(case.text, case.intent, _described(match), match.confidence))
            lead = OUT_OF_SCOPE
            if match.outcome != "out_of_scope" and match.candidates:
                lead = match.candidates[0].intent
            confusions[(case.intent, lead)] += 1
    ranked = sorted(confusions.items(), key=lambda item: (-item[1], item[0]))
    return Report(
        in_scope=in_scope,
        correct=correct,
        top3=top3,
        out_of_scope=out_of_scope,
        rejected=rejected,
        answered=answered,
        wrong=wrong,
        unsure=unsure,
        confusions=tuple((e, a, n) for (e, a), n in ranked),
        misses=tuple(misses),
    )


def folds(kb: KnowledgeBase, k: int) -> list[tuple[KnowledgeBase, list[Case]]]:
    """K train/test splits of the knowledge base's own examples (every k-th held out)."""
    splits: list[tuple[KnowledgeBase, list[Case]]] = []
    for fold in range(k):
        held: list[Case] = []
        intents = []
        for intent in kb.intents:
            keep = [e for n, e in enumerate(intent.examples) if n % k != fold]
            held += [Case(e, intent.id) for n, e in enumerate(intent.examples) if n % k == fold]
            intents.append(dataclasses.replace(intent, examples=tuple(keep)))
        oos = kb.settings.out_of_scope_examples
        held += [Case(e, OUT_OF_SCOPE) for n, e in enumerate(oos) if n % k == fold]
        settings = dataclasses.replace(
            kb.settings, out_of_scope_examples=tuple(e for n, e in enumerate(oos) if n % k != fold)
        )
        splits.append((dataclasses.replace(kb, intents=tuple(intents), settings=settings), held))
    return splits


def cross_validate(kb: KnowledgeBase, k: int) -> Report:
    reports = [evaluate(IntentMatcher(train), test) for train, test in folds(kb, k)]
    return merge(reports)


def merge(reports: Sequence[Report]) -> Report:
    confusions: Counter[tuple[str, str]] = Counter()
    for report in reports:
        for e, a, n in report.confusions:
            confusions[(e, a)] += n
    ranked = sorted(confusions.items(), key=lambda item: (-item[1], item[0]))
    return Report(
        in_scope=sum(r.in_scope for r in reports),
        correct=sum(r.correct for r in reports),
        top3=sum(r.top3 for r in reports),
        out_of_scope=sum(r.out_of_scope for r in reports),
        rejected=sum(r.rejected for r in reports),
        answered=sum(r.answered for r in reports),
        wrong=sum(r.wrong for r in reports),
        unsure=sum(r.unsure for r in reports),
        confusions=tuple((e, a, n) for (e, a), n in ranked),
        misses=tuple(m for r in reports for m in r.misses),
    )


def format_report(report: Report, most_confused: int = 10) -> str:
    lines = [
        f"in-scope top-1 accuracy:   {report.accuracy:6.1%}  ({report.correct}/{report.in_scope})",
        f"in-scope top-3 accuracy:   {report.top3_accuracy:6.1%}  "
        f"({report.top3}/{report.in_scope})",
        f"out-of-scope rejection:    {report.rejection:6.1%}  "
        f"({report.rejected}/{report.out_of_scope})",
        f"answered directly:         {report.answered}/{report.in_scope}",
        f"wrong answers:             {report.wrong}/{report.in_scope}",
        f"'did you mean' instead:    {report.unsure}/{report.in_scope}",
    ]
    if report.confusions:
        lines += ["", "most confused (expected -> answered):"]
        lines += [f"  {n:3d}  {e} -> {a}" for e, a, n in report.confusions[:most_confused]]
    if report.misses:
        lines += ["", f"misses ({len(report.misses)}):"]
        lines += [f"  [{m.expected}] {m.text!r} -> {m.got} ({m.score:.2f})" for m in report.misses]
    return "\n".join(lines)
