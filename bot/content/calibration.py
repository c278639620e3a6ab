"""How likely the matcher's best intent is right, learned from data.

`advisor eval --calibrate` fits a logistic model on out-of-fold predictions (bot/
calibrate.py) and writes it to knowledge/calibration.yaml. At run time the matcher
turns each candidate intent's signals into a probability with `Calibration.probability`
(a dot product: no library, no start-up cost) and decides from those probabilities.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem, read_yaml

# The signals of one candidate intent (bot/understanding/matcher.py computes them):
SIGNALS = (
    "sort",  # token-sort similarity to its closest example
    "set",  # token-set similarity to its closest example
    "cosine",  # IDF cosine to its closest example
    "coverage",  # IDF share of the question's words that the intent knows
    "concept",  # 1 when a concept phrase of the intent is in the question
    "verbatim",  # how near token-sort is to a verbatim example (0 below 0.8, 1 at 1.0)
    "lead",  # fused score minus the best other candidate's (negative when behind)
    "top",  # 1 for the candidate with the best fused score
    "unknown",  # IDF share of the question's words no intent knows
    "length",  # informative words in the question, capped at 12, over 12
    "sides",  # how many of Node.js and Django the question names, over 2
    "out_of_scope",  # 1 for the out-of-scope examples' pseudo-intent
)
CALIBRATION_FILE = "calibration.yaml"


@dataclass(frozen=True)
class Calibration:
    """A fitted model: the probability that a candidate intent is the one meant."""

    coefficients: Mapping[str, float]
    intercept: float
    fingerprint: str  # of the matching content the model was fitted on
    # The measuring sets in its pool (path from the content root -> digest of the file).
    measured_on: Mapping[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Fitted for every signal the matcher computes (otherwise it is not used)."""
        return set(self.coefficients) == set(SIGNALS)

    def probability(self, signals: Mapping[str, float]) -> float:
        z = self.intercept + sum(
            c * signals.get(name, 0.0) for name, c in self.coefficients.items()
        )
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def read_calibration(path: Path, shown: str) -> tuple[Calibration | None, list[Problem]]:
    """The fitted model, or None when the file does not exist (matching is uncalibrated)."""
    if not path.exists():
        return None, []
    doc = read_yaml(path, shown)
    if doc.data is None:
        return None, list(doc.problems)
    fields = ("intercept", "fingerprint")
    r = FieldReader(
        doc.path,
        doc.data,
        required=("coefficients", *fields),
        optional=("measured_on",),
        what="calibration",
    )
    # A file fitted for other signals is stale (see `stale_warning`), not broken; unknown
    # names are still reported, since they cannot be meant.
    known = r.mapping("coefficients")
    c = FieldReader(doc.path, known, (), SIGNALS, "coefficients")
    coefficients = {n: c.number(n, 0.0, -1000.0, 1000.0) for n in SIGNALS if n in known}
    measured = r.mapping("measured_on")
    m = FieldReader(doc.path, measured, (), tuple(map(str, measured)), "measured_on")
    calibration = Calibration(
        coefficients=MappingProxyType(coefficients),
        intercept=r.number("intercept", 0.0, -1000.0, 1000.0),
        fingerprint=r.text("fingerprint"),
        measured_on=MappingProxyType({str(k): m.text(str(k)) for k in measured}),
    )
    problems = list(doc.problems) + r.problems + c.problems + m.problems
    return (None if problems else calibration), problems


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
