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
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem, read_yaml

if TYPE_CHECKING:
    from bot.content.model import KnowledgeBase

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
REFIT = "advisor eval --calibrate tests/data/paraphrases.yaml tests/data/realworld-dev.yaml"


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


def stale_warning(kb: KnowledgeBase) -> str | None:
    """Why the calibration does not fit the content, with the command that refits it."""
    where = f"knowledge/{CALIBRATION_FILE}"
    calibration = kb.settings.calibration
    if calibration is None:
        return f"{where}: no calibration; matching uses the hand-set thresholds. Run `{REFIT}`"
    if not calibration.complete:
        missing = ", ".join(sorted(set(SIGNALS) - set(calibration.coefficients)))
        return f"{where}: fitted without the signals {missing}, so it is not used. Run `{REFIT}`"
    if calibration.fingerprint != fingerprint(kb):
        changed = "the content"
    else:  # a measuring set that is here (a checkout) and has changed since
        changed = next(
            (
                name
                for name, digest in calibration.measured_on.items()
                if (kb.root / name).is_file() and file_digest(kb.root / name) != digest
            ),
            "",
        )
    if changed:
        return f"{where}: stale calibration ({changed} changed since it was fitted). Run `{REFIT}`"
    return None


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
