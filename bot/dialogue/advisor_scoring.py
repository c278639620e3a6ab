"""The advisor's scoring, as pure functions: answers in, an outcome out.

Every point comes from a rule in knowledge/advisor.yaml that names the article statement
it rests on. There is no default side: a tie is a close call named after the answer that
weighs most, and answers that favour neither side give no recommendation at all. How
clear a result is depends on the margin and on how many questions were answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.base.sides import Clarity, Recommendation
from bot.content.questionnaire import AnswerOption, Question, Questionnaire

SKIPPED = "skip"  # the stored answer of a skipped question: no preference
PROVISIONAL_AT_MOST = 2  # answers: a recommendation from this few is provisional
CLEAR_AT_LEAST = 5  # answers: fewer can lean, never be clear
CLOSE_GAP = 0.15  # a smaller share of the points between the sides is a close call
CLEAR_GAP = 0.4


@dataclass(frozen=True)
class Scored:
    """One answer and the points it gives, given the other answers (`unless`)."""

    question: Question
    option: AnswerOption
    node: float
    django: float

    @property
    def weight(self) -> float:
        return abs(self.node - self.django)

    @property
    def side(self) -> str:
        return "" if self.node == self.django else "node" if self.node > self.django else "django"


@dataclass(frozen=True)
class Outcome:
    recommendation: Recommendation | None  # None: nothing said favours either side
    node_points: float
    django_points: float
    node_share: int  # percent of the points that went to Node.js
    clarity: Clarity | None
    reasons: tuple[str, ...]  # up to three, from the user's own answers
    would_change: tuple[Question, AnswerOption, Recommendation | None] | None
    answered: int = 0  # questions answered (skips left out)
    tie: bool = False  # equal points: a close call named after `decisive`
    decisive: Scored | None = None  # the answer that weighs most
    node_strengths: tuple[str, ...] = ()  # each side's reasons, from these answers
    django_strengths: tuple[str, ...] = ()
    next_question: Question | None = None  # the open question that matters most


def scored_answers(questionnaire: Questionnaire, answers: Mapping[str, str]) -> tuple[Scored, ...]:
    """The answers given (skips left out) with the points each gives."""
    result = []
    for question in questionnaire.questions:
        option = question.option(answers.get(question.id, SKIPPED))
        if option is None:
            continue
        cancelled = any(answers.get(q) == v for q, v in option.unless)
        node, django = (0.0, 0.0) if cancelled else (option.node, option.django)
        result.append(Scored(question, option, node, django))
    return tuple(result)


def _order(questionnaire: Questionnaire, question: Question) -> int:
    return questionnaire.questions.index(question)


def decisive_answer(questionnaire: Questionnaire, scored: tuple[Scored, ...]) -> Scored | None:
    """The answer that weighs most: the most points to one side; then a need only one side
    meets well (`strong`); then the question asked first."""
    weighing = [s for s in scored if s.weight > 0]
    if not weighing:
        return None
    return max(
        weighing,
        key=lambda s: (s.weight, s.option.strong is not None, -_order(questionnaire, s.question)),
    )


@dataclass(frozen=True)
class _Tally:
    scored: tuple[Scored, ...]
    node: float
    django: float
    recommendation: Recommendation | None
    decisive: Scored | None


def _tally(questionnaire: Questionnaire, answers: Mapping[str, str]) -> _Tally:
    scored = scored_answers(questionnaire, answers)
    node = sum(s.node for s in scored)
    django = sum(s.django for s in scored)
    total = node + django
    share = node / total if total else 0.5
    strong = {s.option.strong for s in scored if s.option.strong and s.weight > 0}
    decisive = decisive_answer(questionnaire, scored)
    recommendation: Recommendation | None
    if strong >= {"node", "django"} and min(share, 1 - share) >= questionnaire.min_share:
        recommendation = "both"  # strong needs on both sides: the article's hybrid
    elif node != django:
        recommendation = "node" if node > django else "django"
    else:  # a tie: the side of the answer that weighs most, never a fixed default
        side = decisive.side if decisive else ""
        recommendation = "node" if side == "node" else "django" if side == "django" else None
    return _Tally(scored, node, django, recommendation, decisive)


def _clarity(t: _Tally) -> Clarity | None:
    answered = len(t.scored)
    total = t.node + t.django
    if t.recommendation is None:
        return None
    if answered <= PROVISIONAL_AT_MOST:
        return "provisional"
    if t.recommendation == "both":
        return "clear" if answered >= CLEAR_AT_LEAST else "leaning"
    gap = abs(t.node - t.django) / total
    if gap < CLOSE_GAP:
        return "close call"
    return "clear" if gap >= CLEAR_GAP and answered >= CLEAR_AT_LEAST else "leaning"


def score(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Outcome:
    """The recommendation for a set of answers: pure, deterministic."""
    t = _tally(questionnaire, answers)
    total = t.node + t.django
    return Outcome(
        recommendation=t.recommendation,
        node_points=t.node,
        django_points=t.django,
        node_share=round(t.node / total * 100) if total else 50,
        clarity=_clarity(t),
        reasons=_reasons(t.scored, t.recommendation),
        would_change=_tipping_answer(questionnaire, answers, t.recommendation),
        answered=len(t.scored),
        tie=t.recommendation in {"node", "django"} and t.node == t.django,
        decisive=t.decisive,
        node_strengths=_reasons(t.scored, "node"),
        django_strengths=_reasons(t.scored, "django"),
        next_question=next(iter(open_by_importance(questionnaire, answers)), None),
    )


def _reasons(scored: tuple[Scored, ...], recommendation: Recommendation | None) -> tuple[str, ...]:
    def weight(s: Scored) -> float:
        if recommendation == "both":
            return (3.0 if s.option.strong else 0.0) + max(s.node, s.django)
        return s.node if recommendation == "node" else s.django if recommendation else 0.0

    ranked = sorted(scored, key=weight, reverse=True)
    return tuple(s.option.reason for s in ranked if weight(s) > 0)[:3]


def _tipping_answer(
    questionnaire: Questionnaire, answers: Mapping[str, str], current: Recommendation | None
) -> tuple[Question, AnswerOption, Recommendation | None] | None:
    """The single changed answer that flips the outcome with the biggest swing."""
    best: tuple[float, int, Question, AnswerOption, Recommendation | None] | None = None
    for order, question in enumerate(questionnaire.questions):
        given = question.option(answers.get(question.id, SKIPPED))
        if given is None:
            continue
        for option in question.options:
            if option.value == given.value:
                continue
            changed = _tally(questionnaire, {**answers, question.id: option.value}).recommendation
            if changed != current and changed is not None:
                swing = abs((option.node - option.django) - (given.node - given.django))
                if best is None or (swing, -order) > best[:2]:
                    best = (swing, -order, question, option, changed)
    return best[2:] if best else None


def open_by_importance(
    questionnaire: Questionnaire, answers: Mapping[str, str]
) -> tuple[Question, ...]:
    """The open questions, those that matter most first: one whose answer could change
    the result, then the one with the most points at stake, then the first asked."""
    current = _tally(questionnaire, answers).recommendation
    ranked = []
    for order, question in enumerate(questionnaire.questions):
        if question.option(answers.get(question.id, SKIPPED)) is not None:
            continue
        flips = any(
            _tally(questionnaire, {**answers, question.id: o.value}).recommendation != current
            for o in question.options
        )
        stake = max(abs(o.node - o.django) for o in question.options)
        strong = any(o.strong for o in question.options)
        ranked.append(((flips, stake, strong, -order), question))
    ranked.sort(key=lambda pair: pair[0], reverse=True)
    return tuple(question for _, question in ranked)
