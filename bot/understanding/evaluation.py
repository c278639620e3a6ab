"""Measure how well the matcher answers: `advisor eval`.

The words are docs/contracts.md's ("How matching is measured"):
- direct: an in-scope question answered (`intent` set) with a right intent;
- wrong: an in-scope question answered with another intent (share of in-scope);
- first-shown: direct, or unsure with a right intent as the first "did you mean";
- declined: an out-of-scope question given no answer (`intent` null: declined, or only
  "did you mean").
A "did you mean" is never a direct answer. A case names its intent and, in `also`,
other intents that honestly answer it too; any of them counts as right.

What is measured is whatever answers a question (`Answerer`): `advisor eval` passes the
engine's answer to each question as the first message of a fresh conversation, so a
project that starts the advisor counts as `start_advisor`.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.fields import FieldReader
from bot.content.model import KnowledgeBase
from bot.content.yaml_source import LocatedList, Problem, read_yaml
from bot.understanding.decision import OUT_OF_SCOPE, Match
from bot.understanding.matcher import IntentMatcher


@dataclass(frozen=True)
class Case:
    text: str
    intent: str  # an intent id, or "out_of_scope"
    also: tuple[str, ...] = ()  # other intents that answer it as well

    @property
    def accepted(self) -> frozenset[str]:
        return frozenset((self.intent, *self.also))


@dataclass(frozen=True)
class Answered:
    """What a question got: the intent answered (None: nothing), how sure, and the
    "did you mean" candidates when unsure."""

    intent: str | None
    confidence: float = 0.0
    suggestions: tuple[str, ...] = ()

    @classmethod
    def of(cls, match: Match) -> Answered:
        return cls(match.intent, match.confidence, match.suggestions)


Answerer = Callable[[str], Answered]


def matcher_answerer(matcher: IntentMatcher) -> Answerer:
    """The matcher's decision alone (the engine adds follow-ups, projects and the advisor)."""
    return lambda text: Answered.of(matcher.match(text))


@dataclass(frozen=True)
class Miss:
    text: str
    expected: str
    got: str  # the intent answered, "unsure: a, b, c" or "out_of_scope"
    score: float
    wrong: bool = False  # answered with another intent (a confident wrong answer)


@dataclass(frozen=True)
class Floors:
    """What an evaluation must reach to pass (shares, 0 to 1)."""

    direct: float = 0.0
    wrong: float = 1.0  # at most
    declined: float = 0.0


@dataclass(frozen=True)
class Report:
    in_scope: int
    direct: int
    wrong: int
    first_shown: int
    unsure: int  # in-scope questions that got "did you mean"
    out_of_scope: int
    declined: int
    confusions: tuple[tuple[str, str, int], ...]  # expected, shown first, count
    misses: tuple[Miss, ...]

    def share(self, name: str) -> float:
        total = self.out_of_scope if name == "declined" else self.in_scope
        count: int = getattr(self, name)
        return count / total if total else (0.0 if name == "wrong" else 1.0)

    def passes(self, floors: Floors) -> bool:
        if not self.in_scope + self.out_of_scope:
            return False  # nothing measured proves nothing
        return (
            self.share("direct") >= floors.direct
            and self.share("wrong") <= floors.wrong
            and self.share("declined") >= floors.declined
        )

    @property
    def wrong_confidences(self) -> tuple[float, ...]:
        """How sure it was of each wrong answer, surest first."""
        return tuple(sorted((m.score for m in self.misses if m.wrong), reverse=True))

    def to_json(self) -> dict[str, Any]:
        return {
            "in_scope": self.in_scope,
            "out_of_scope": self.out_of_scope,
            "direct": round(self.share("direct"), 4),
            "wrong": round(self.share("wrong"), 4),
            "first_shown": round(self.share("first_shown"), 4),
            "declined": round(self.share("declined"), 4),
            "counts": {
                "direct": self.direct,
                "wrong": self.wrong,
                "first_shown": self.first_shown,
                "did_you_mean": self.unsure,
                "declined": self.declined,
            },
            "wrong_confidence": [round(c, 4) for c in self.wrong_confidences],
            "confusions": [{"expected": e, "shown": a, "count": n} for e, a, n in self.confusions],
            "misses": [dataclasses.asdict(m) for m in self.misses],
        }


def read_cases(path: Path, kb: KnowledgeBase) -> tuple[list[Case], list[Problem]]:
    """Read a YAML list of {text, intent, also?, source?}; unknown intents are problems."""
    doc = read_yaml(path)
    problems = list(doc.problems)
    if doc.data is None:
        return [], problems
    if not isinstance(doc.data, LocatedList):
        return [], [*problems, Problem(doc.path, 1, "expected a list of {text, intent}")]
    cases: list[Case] = []
    for entry in doc.data:
        r = FieldReader(
            doc.path, entry, required=("text", "intent"), optional=("also", "source"), what="case"
        )
        text, intent, also = r.text("text"), r.text("intent"), r.text_list("also")
        r.text("source")
        for name in (intent, *also):
            if r.ok and name and name != OUT_OF_SCOPE and not kb.has_intent(name):
                r.fail("intent" if name == intent else "also", f"unknown intent '{name}'")
        problems += r.problems
        if r.ok and not r.problems:
            cases.append(Case(text, intent, also))
    return cases, problems


def _described(got: Answered) -> str:
    if got.intent is not None:
        return got.intent
    if got.suggestions:
        return "unsure: " + ", ".join(got.suggestions)
    return OUT_OF_SCOPE


def evaluate(answer: Answerer, cases: Iterable[Case]) -> Report:
    tally: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    misses: list[Miss] = []
    for case in cases:
        got = answer(case.text)
        shown = got.intent or (got.suggestions[0] if got.suggestions else OUT_OF_SCOPE)
        wrong = False
        if case.intent == OUT_OF_SCOPE:
            tally["out_of_scope"] += 1
            ok = got.intent is None  # docs/contracts.md: given no answer (nor "did you mean")
            tally["declined"] += ok
        else:
            tally["in_scope"] += 1
            ok = got.intent in case.accepted
            wrong = got.intent is not None and not ok
            tally["direct"] += ok
            tally["wrong"] += wrong
            tally["unsure"] += got.intent is None and bool(got.suggestions)
            tally["first_shown"] += shown in case.accepted
        if not ok:
            misses.append(Miss(case.text, case.intent, _described(got), got.confidence, wrong))
            if shown not in case.accepted:
                confusions[(case.intent, shown)] += 1
    return _report(tally, confusions, misses)


def _report(
    tally: Counter[str], confusions: Counter[tuple[str, str]], misses: list[Miss]
) -> Report:
    ranked = sorted(confusions.items(), key=lambda item: (-item[1], item[0]))
    return Report(
        in_scope=tally["in_scope"],
        direct=tally["direct"],
        wrong=tally["wrong"],
        first_shown=tally["first_shown"],
        unsure=tally["unsure"],
        out_of_scope=tally["out_of_scope"],
        declined=tally["declined"],
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


def cross_validate(
    kb: KnowledgeBase, k: int, answerer: Callable[[KnowledgeBase], Answerer]
) -> Report:
    """Each fold's examples answered by what `answerer` builds from the other folds."""
    return merge([evaluate(answerer(train), test) for train, test in folds(kb, k)])


def merge(reports: Sequence[Report]) -> Report:
    tally: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    for report in reports:
        for name in ("in_scope", "direct", "wrong", "first_shown", "unsure", "out_of_scope"):
            tally[name] += getattr(report, name)
        tally["declined"] += report.declined
        for e, a, n in report.confusions:
            confusions[(e, a)] += n
    return _report(tally, confusions, [m for r in reports for m in r.misses])


def format_report(report: Report, most_confused: int = 10) -> str:
    def line(label: str, name: str, total: int) -> str:
        count: int = getattr(report, name)
        return f"{label:<13}{report.share(name):6.1%}  ({count}/{total})"

    lines = [
        line("direct:", "direct", report.in_scope),
        line("first-shown:", "first_shown", report.in_scope),
        line("wrong:", "wrong", report.in_scope),
        line("declined:", "declined", report.out_of_scope),
        f"did you mean: {report.unsure}/{report.in_scope} in-scope questions",
    ]
    if report.confusions:
        lines += ["", "most confused (expected -> shown first):"]
        lines += [f"  {n:3d}  {e} -> {a}" for e, a, n in report.confusions[:most_confused]]
    if report.wrong_confidences:
        shown = ", ".join(f"{c:.2f}" for c in report.wrong_confidences)
        lines += ["", f"confidence of the wrong answers: {shown}"]
    if report.misses:
        lines += ["", f"misses ({len(report.misses)}):"]
        lines += [f"  [{m.expected}] {m.text!r} -> {m.got} ({m.score:.2f})" for m in report.misses]
    return "\n".join(lines)
