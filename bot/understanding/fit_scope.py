"""Fit the out-of-scope model (`advisor eval --calibrate`; scikit-learn, an optional extra).

In scope: every intent's examples and titles. Out of scope: the negative set of
knowledge/out_of_scope.yaml. Each line is also seen with an opener before it and a
closer after it (from the same file), so the words people put around any question say
nothing about scope. A logistic regression over the features of bot/understanding/scope.py
(features seen at least twice) learns the weights; only the weights that matter are kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from bot.content.model import KnowledgeBase
from bot.content.scope_model import ScopeModel
from bot.understanding.matcher import IntentMatcher

REGULARISATION = 0.5  # scikit-learn's C on 0/1 features: smaller trusts single words less
MIN_COUNT = 2  # a feature seen once is a line's quirk, not a pattern
KEEP_ABOVE = 0.02  # smaller weights change no decision; leaving them out keeps the file small


def training_lines(kb: KnowledgeBase) -> list[tuple[str, bool]]:
    """(text, out of scope) for every line, plain and with an opener or closer around it."""
    inside = [t for i in kb.intents for t in (*i.examples, i.title)]
    outside = list(kb.settings.out_of_scope_examples)
    negatives = kb.settings.negatives
    openers, closers = negatives.openers or ("",), negatives.closers or ("",)
    lines: list[tuple[str, bool]] = []
    for label, texts in ((False, inside), (True, outside)):
        for n, text in enumerate(texts):
            lines.append((text, label))
            lines.append((f"{openers[n % len(openers)]} {text}", label))
            lines.append((f"{text} {closers[(n * 7) % len(closers)]}", label))
    return lines


def fit_scope(kb: KnowledgeBase, fingerprint: str) -> ScopeModel:
    try:
        import numpy as np
        from scipy.sparse import csr_matrix  # type: ignore[import-untyped]
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # an optional extra: the bot itself never needs it
        raise RuntimeError(
            "calibrating needs scikit-learn: pip install 'node-django-advisor[calibrate]'"
        ) from exc
    matcher = IntentMatcher(kb)
    lines = training_lines(kb)
    rows = [
        matcher.scope_features.features(text, matcher.normaliser.normalise(text))
        for text, _ in lines
    ]
    counts = Counter(f for row in rows for f in row)
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT)
    column = {name: i for i, name in enumerate(names)}
    x = _matrix(rows, column, csr_matrix, np)
    y = np.array([label for _, label in lines])
    model = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000)
    model.fit(x, y)
    weights = {n: float(w) for n, w in zip(names, model.coef_[0], strict=True)}
    return ScopeModel(
        weights={n: w for n, w in weights.items() if abs(w) >= KEEP_ABOVE},
        intercept=float(model.intercept_[0]),
        fingerprint=fingerprint,
    )


def _matrix(rows: Sequence[frozenset[str]], column: dict[str, int], csr, np):  # type: ignore[no-untyped-def]
    indices = [[column[f] for f in row if f in column] for row in rows]
    data = np.ones(sum(map(len, indices)))
    pointers = np.cumsum([0, *map(len, indices)])
    flat = [i for row in indices for i in row]
    return csr((data, flat, pointers), shape=(len(rows), len(column)))
