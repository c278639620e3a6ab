"""Honest figures over the content itself: nested cross-validation (`advisor eval
--cross-validate K`).

Outer folds hold out every K-th example of each intent and every K-th line of the negative
set; both learned models (the calibration, from its own inner folds, and the out-of-scope
model) are fitted on the rest alone, and the held-out questions are answered by what the
answerer builds from that content (`advisor eval`: the engine). Nothing held out is seen
by anything it is measured with.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.content.model import KnowledgeBase
from bot.understanding.calibrate import calibrate, with_models
from bot.understanding.evaluation import Answerer, Report, evaluate, folds, merge


def nested_cross_validate(
    kb: KnowledgeBase, k: int, answerer: Callable[[KnowledgeBase], Answerer]
) -> Report:
    reports = []
    for train, held in folds(kb, k):
        calibration, scope, _ = calibrate(train)
        reports.append(evaluate(answerer(with_models(train, calibration, scope)), held))
    return merge(reports)
