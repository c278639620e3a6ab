"""Fit the matcher's decision from the content: `advisor eval --calibrate`.

Two learned models, both from the content alone (no measuring set is in their pool):
- the calibration: every example and every line of the negative set is scored by a
  matcher built without it (K folds); each candidate intent of each question is one row
  (its signals; right or not), and a logistic regression learns how likely a candidate
  is the one meant;
- the out-of-scope model (bot/understanding/fit_scope.py), from the examples and the
  negative set.
The thresholds are policy, in the settings.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from bot.content.calibration import CALIBRATION_FILE, SIGNALS, Calibration
from bot.content.model import KnowledgeBase
from bot.content.scope_model import SCOPE_MODEL_FILE, ScopeModel, write_scope_model
from bot.understanding.decision import OUT_OF_SCOPE, Match
from bot.understanding.evaluation import Case, folds
from bot.understanding.fit_scope import fit_scope
from bot.understanding.matcher import IntentMatcher

FOLDS = 5
REGULARISATION = 1.0  # scikit-learn's C, on standardised signals
NEGATIVE_WEIGHT = 0.3  # of a negative line in the calibration's pool (see `_weight`)


@dataclass(frozen=True)
class Scored:
    """One question of the pool: its candidates' signals and which are right."""

    rows: dict[str, dict[str, float]]
    accepted: frozenset[str]


@dataclass(frozen=True)
class Pool:
    examples: list[Scored]  # the content's examples, each scored out of its fold
    measuring: list[Scored]  # questions written apart from the content

    @property
    def size(self) -> int:
        return len(self.examples) + len(self.measuring)


REFIT = "advisor eval --calibrate"


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
        "openers": [s.negatives.openers, s.negatives.closers],
        "weights": dict(s.matcher.weights),
        "ecosystem": dict(s.vocabulary.ecosystem),
        "concepts": dict(s.vocabulary.concepts),
        "filler": sorted(s.vocabulary.filler),
        "compared": s.vocabulary.compared_technologies,
    }
    encoded = json.dumps(content, sort_keys=True, default=list).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def stale_warning(kb: KnowledgeBase) -> str | None:
    """Why the fitted models do not fit the content, with the command that refits them."""
    where = f"knowledge/{CALIBRATION_FILE}"
    calibration, scope = kb.settings.calibration, kb.settings.scope
    if calibration is None:
        return f"{where}: no calibration; matching uses the hand-set thresholds. Run `{REFIT}`"
    if not calibration.complete:
        missing = ", ".join(sorted(set(SIGNALS) - set(calibration.coefficients)))
        return f"{where}: fitted without the signals {missing}, so it is not used. Run `{REFIT}`"
    if calibration.fingerprint != fingerprint(kb):
        changed = "the content changed since it was fitted"
        return f"{where}: stale calibration ({changed}). Run `{REFIT}`"
    if scope is None:
        return f"knowledge/{SCOPE_MODEL_FILE}: no out-of-scope model. Run `{REFIT}`"
    if scope.fingerprint != fingerprint(kb):
        return (
            f"knowledge/{SCOPE_MODEL_FILE}: stale out-of-scope model (the content changed "
            f"since it was fitted). Run `{REFIT}`"
        )
    return None


def pool(kb: KnowledgeBase, measuring: Sequence[Case] = (), without: Iterable[str] = ()) -> Pool:
    """Out-of-fold signals for the content's examples and negative lines (and, for a
    benchmark, other questions' signals; `advisor eval --calibrate` passes none)."""
    plain = _uncalibrated(kb)
    examples: list[Scored] = []
    for train, held in folds(plain, FOLDS):
        examples += _score(IntentMatcher(train), held)
    result = Pool(examples, _score(IntentMatcher(plain), measuring))
    dropped = set(without)  # an ablation: these signals switched off
    for item in (*result.examples, *result.measuring):
        for row in item.rows.values():
            for name in dropped:
                row[name] = 0.0
    return result


def fit(kb: KnowledgeBase, data: Pool) -> Calibration:
    """A logistic model over the signals, and thresholds meeting the target precisions.

    The model learns from the whole pool; the thresholds are set on the questions
    written apart from the content (when there are any), which are phrased as people
    ask, unlike the terse examples held out of their folds.
    """
    scored = [*data.examples, *data.measuring]
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # an optional extra: the bot itself never needs it
        raise RuntimeError(
            "calibrating needs scikit-learn: pip install 'node-django-advisor[calibrate]'"
        ) from exc
    x = np.array([[row[n] for n in SIGNALS] for s in scored for row in s.rows.values()])
    y = np.array([owner in s.accepted for s in scored for owner in s.rows])
    # The questions written apart from the content weigh as much as all the examples
    # together: they are phrased as people ask, so the probabilities should fit them.
    share = len(data.examples) / len(data.measuring) if data.measuring else 1.0
    weight = np.array(
        [
            share if i >= len(data.examples) else _weight(s)
            for i, s in enumerate(scored)
            for _ in s.rows
        ]
    )
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARISATION, max_iter=2000)
    model.fit((x - mean) / scale, y, sample_weight=weight)
    weights = model.coef_[0] / scale  # back to the raw signals, so run time needs no scaler
    intercept = float(model.intercept_[0] - (weights * mean).sum())
    return Calibration(
        coefficients=MappingProxyType(
            {n: round(float(w), 6) for n, w in zip(SIGNALS, weights, strict=True)}
        ),
        intercept=round(intercept, 6),
        fingerprint=fingerprint(kb),
    )


def calibrate(kb: KnowledgeBase) -> tuple[Calibration, ScopeModel, Pool]:
    """Both models, fitted on the content alone."""
    data = pool(kb)
    return fit(kb, data), fit_scope(kb, fingerprint(kb)), data


def with_models(
    kb: KnowledgeBase, calibration: Calibration | None, scope: ScopeModel | None
) -> KnowledgeBase:
    settings = dataclasses.replace(kb.settings, calibration=calibration, scope=scope)
    return dataclasses.replace(kb, settings=settings)


def _weight(scored: Scored) -> float:
    """The out-of-scope model declines most negative lines; here they teach only that
    no intent is right for them, at a fraction of an example's weight."""
    return NEGATIVE_WEIGHT if scored.accepted == {OUT_OF_SCOPE} else 1.0


def write(kb: KnowledgeBase, calibration: Calibration, scope: ScopeModel, data: Pool) -> Path:
    path = kb.root / "knowledge" / CALIBRATION_FILE
    coefficients = "\n".join(f"  {n}: {c}" for n, c in calibration.coefficients.items())
    path.write_text(
        "# Written by `advisor eval --calibrate` from the content alone (the examples and\n"
        "# knowledge/out_of_scope.yaml); do not edit by hand. `advisor kb check` warns when\n"
        "# the content has changed since.\n"
        f"# Fitted on {data.size} out-of-fold questions.\n"
        f"coefficients:\n{coefficients}\n"
        f"intercept: {calibration.intercept}\n"
        f"fingerprint: {calibration.fingerprint}\n",
        encoding="utf-8",
    )
    note = (
        "Written by `advisor eval --calibrate` from the intents' examples and "
        "knowledge/out_of_scope.yaml; do not edit by hand."
    )
    write_scope_model(kb.root / "knowledge" / SCOPE_MODEL_FILE, scope, note)
    return path


def _uncalibrated(kb: KnowledgeBase) -> KnowledgeBase:
    return dataclasses.replace(kb, settings=dataclasses.replace(kb.settings, calibration=None))


def _score(matcher: IntentMatcher, cases: Iterable[Case]) -> list[Scored]:
    """The signals the decision would see; cases the technology rule decides (a lone side's
    name, another technology as the subject) never reach the model, so they stay out."""
    scored = []
    for case in cases:
        pick = matcher.requests.asks_for_recommendation(case.text)
        read = matcher.reading(matcher.normaliser.normalise(case.text), pick)
        if not isinstance(read, Match):
            scored.append(Scored(matcher.signals(read[0], pick), case.accepted))
    return scored
