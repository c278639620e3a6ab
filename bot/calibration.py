"""How likely the matcher's best intent is right, learned from data.

`advisor eval --calibrate` fits a logistic model on out-of-fold predictions (bot/
calibrate.py) and writes it to knowledge/calibration.yaml. At run time the matcher
turns each candidate intent's signals into a probability with `Calibration.probability`
(a dot product: no library, no start-up cost) and decides from those probabilities.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from bot.fields import FieldReader
from bot.yaml_source import Problem, read_yaml

if TYPE_CHECKING:
    from bot.knowledge import KnowledgeBase

# The signals of one candidate intent (bot/matcher.py computes them):
SIGNALS = (
    "sort",  # token-sort similarity to its closest example
    "set",  # token-set similarity to its closest example
    "cosine",  # IDF cosine to its closest example
    "coverage",  # IDF share of the question's words that the intent knows
    "concept",  # 1 when a concept phrase of the intent is in the question
    "lead",  # fused score minus the best other candidate's (negative when behind)
    "top",  # 1 for the candidate with the best fused score
    "unknown",  # IDF share of the question's words no intent knows
    "length",  # informative words in the question, capped at 12, over 12
    "out_of_scope",  # 1 for the out-of-scope examples' pseudo-intent
)
CALIBRATION_FILE = "calibration.yaml"
REFIT = "advisor eval --calibrate"


@dataclass(frozen=True)
class Calibration:
    """A fitted model and the decision thresholds derived from it."""

    coefficients: Mapping[str, float]
    intercept: float
    answer_at: float  # answer when the best intent's probability reaches this
    sure_at: float  # ... and offer no alternatives from this one up
    suggest_at: float  # below answer_at: "did you mean" from here, when others are close
    close: float  # a runner-up within this share of the best probability is close
    fingerprint: str  # of the matching content the model was fitted on

    def probability(self, signals: Mapping[str, float]) -> float:
        z = self.intercept + sum(
            c * signals.get(name, 0.0) for name, c in self.coefficients.items()
        )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def fingerprint(kb: KnowledgeBase) -> str:
    """A digest of everything matching depends on (not of answers, which it ignores)."""
    s = kb.settings
    content = {
        "intents": [
            [i.id, i.title, i.examples, i.requires, i.excludes, i.subject, i.criterion]
            for i in kb.intents
        ],
        "criteria": [[c.id, c.name, c.aliases] for c in kb.criteria],
        "aliases": dict(s.aliases),
        "domain": s.domain_words,
        "other": s.other_technologies,
        "out_of_scope": s.out_of_scope_examples,
        "weights": dict(s.matcher.weights),
        "precision": [s.matcher.answer_precision, s.matcher.sure_precision],
        "ecosystem": dict(s.vocabulary.ecosystem),
        "concepts": dict(s.vocabulary.concepts),
        "filler": sorted(s.vocabulary.filler),
        "compared": s.vocabulary.compared_technologies,
    }
    encoded = json.dumps(content, sort_keys=True, default=list).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def read_calibration(path: Path, shown: str) -> tuple[Calibration | None, list[Problem]]:
    """The fitted model, or None when the file does not exist (matching is uncalibrated)."""
    if not path.exists():
        return None, []
    doc = read_yaml(path, shown)
    if doc.data is None:
        return None, list(doc.problems)
    fields = ("intercept", "answer_at", "sure_at", "suggest_at", "close", "fingerprint")
    r = FieldReader(doc.path, doc.data, required=("coefficients", *fields), what="calibration")
    c = FieldReader(doc.path, r.mapping("coefficients"), (), SIGNALS, "coefficients")
    coefficients = {
        name: c.number(name, 0.0, -1000.0, 1000.0) for name in SIGNALS if name in c.data
    }
    calibration = Calibration(
        coefficients=MappingProxyType(coefficients),
        intercept=r.number("intercept", 0.0, -1000.0, 1000.0),
        answer_at=r.number("answer_at", 0.5, 0.0, 1.0),
        sure_at=r.number("sure_at", 0.9, 0.0, 1.0),
        suggest_at=r.number("suggest_at", 0.2, 0.0, 1.0),
        close=r.number("close", 0.5, 0.0, 1.0),
        fingerprint=r.text("fingerprint"),
    )
    if r.ok and not calibration.suggest_at <= calibration.answer_at <= calibration.sure_at:
        r.fail("answer_at", "thresholds must satisfy suggest_at <= answer_at <= sure_at")
    problems = list(doc.problems) + r.problems + c.problems
    return (None if problems else calibration), problems


def stale_warning(kb: KnowledgeBase) -> str | None:
    """Why the calibration does not fit the content, with the command that refits it."""
    where = f"knowledge/{CALIBRATION_FILE}"
    if kb.settings.calibration is None:
        return f"{where}: no calibration; matching uses the hand-set thresholds. Run `{REFIT}`"
    if kb.settings.calibration.fingerprint != fingerprint(kb):
        return (
            f"{where}: stale calibration (the content changed since it was fitted). Run `{REFIT}`"
        )
    return None
