"""Every complete set of advisor answers, scored: how often each outcome and each clarity
comes out (`advisor eval --advisor`), and whether any tie was decided by a default."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from bot.content.questionnaire import Questionnaire
from bot.dialogue.advisor_scoring import Outcome, score


@dataclass(frozen=True)
class Distribution:
    total: int  # complete answer sets
    outcomes: Mapping[str, int]  # "node", "django", "both", "none" -> sets
    clarity: Mapping[str, int]  # "clear", "leaning", "close call", "provisional", "none"
    ties: int  # sets whose points are level (each named after its weightiest answer)
    ties_by_default: int  # ties whose named side no answer of theirs favours: must be 0
    most_node: float  # the most points each side can get
    most_django: float

    def share(self, count: int) -> float:
        return count / self.total if self.total else 0.0


def every_answer_set(questionnaire: Questionnaire) -> Iterator[dict[str, str]]:
    """Every way to answer every question (no skips)."""
    ids = [q.id for q in questionnaire.questions]
    values = [[o.value for o in q.options] for q in questionnaire.questions]
    for combination in itertools.product(*values):
        yield dict(zip(ids, combination, strict=True))


def decided_by_default(outcome: Outcome) -> bool:
    """A tie named after anything but the answer that weighs most."""
    if not outcome.tie:
        return False
    return outcome.decisive is None or outcome.decisive.side != outcome.recommendation


def distribution(questionnaire: Questionnaire) -> Distribution:
    outcomes: Counter[str] = Counter()
    clarity: Counter[str] = Counter()
    ties = by_default = total = 0
    most_node = most_django = 0.0
    for answers in every_answer_set(questionnaire):
        outcome = score(questionnaire, answers)
        total += 1
        outcomes[outcome.recommendation or "none"] += 1
        clarity[outcome.clarity or "none"] += 1
        ties += outcome.tie
        by_default += decided_by_default(outcome)
        most_node = max(most_node, outcome.node_points)
        most_django = max(most_django, outcome.django_points)
    return Distribution(total, dict(outcomes), dict(clarity), ties, by_default, most_node,
                        most_django)  # fmt: skip


def format_distribution(d: Distribution) -> str:
    lines = [f"{d.total:,} complete answer sets"]
    for title, counts in (("outcome", d.outcomes), ("clarity", d.clarity)):
        lines.append(f"{title}:")
        for name, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            lines.append(f"  {name:<12} {count:>6,}  {d.share(count):6.1%}")
    lines.append(
        f"ties: {d.ties:,} (each named after the answer that weighs most; "
        f"decided by a default: {d.ties_by_default})"
    )
    lines.append(f"most points: Node.js {d.most_node:g}, Django {d.most_django:g}")
    return "\n".join(lines)
