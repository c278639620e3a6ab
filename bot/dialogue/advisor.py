"""The guided recommendation, as pure functions: interpret a typed answer, score
the answers, and step the dialogue. No I/O: state goes in, state and a view come out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz, process

from bot.base.controls import Control
from bot.base.message_ids import MessageId
from bot.base.sides import Clarity, Recommendation
from bot.base.text import fold
from bot.content.questionnaire import AnswerOption, Question, Questionnaire

SKIPPED = "skip"  # the stored answer of a skipped question: no preference


@dataclass(frozen=True)
class AdvisorState:
    """Where one advisor run stands. `position` == number of questions: finished."""

    answers: tuple[tuple[str, str], ...] = ()  # (question id, option value or SKIPPED)
    position: int = 0  # index into the questions this run asks
    revising: str | None = None  # after the result: the one question being changed
    # The questions this run asks, when not all of them: a project description already
    # answered the others.
    asking: tuple[str, ...] | None = None

    def answer_of(self, question_id: str) -> str | None:
        return dict(self.answers).get(question_id)

    def with_answer(self, question_id: str, value: str) -> AdvisorState:
        kept = tuple((q, v) for q, v in self.answers if q != question_id)
        return replace(self, answers=(*kept, (question_id, value)))


@dataclass(frozen=True)
class Outcome:
    recommendation: Recommendation
    node_points: float
    django_points: float
    node_share: int  # percent of the points that went to Node.js
    clarity: Clarity
    reasons: tuple[str, ...]  # up to three, from the user's own answers
    would_change: tuple[Question, AnswerOption, Recommendation] | None


@dataclass(frozen=True)
class _Tally:
    chosen: tuple[tuple[Question, AnswerOption], ...]
    node: float
    django: float
    share: float  # Node.js's share of the points (0.5 when there are none)
    strong: frozenset[str]
    recommendation: Recommendation


def _tally(questionnaire: Questionnaire, answers: Mapping[str, str]) -> _Tally:
    chosen = tuple(
        (q, o)
        for q in questionnaire.questions
        if (o := q.option(answers.get(q.id, SKIPPED))) is not None
    )
    node = sum(o.node for _, o in chosen)
    django = sum(o.django for _, o in chosen)
    total = node + django
    share = node / total if total else 0.5
    strong = frozenset(o.strong for _, o in chosen if o.strong)
    recommendation: Recommendation
    if strong >= {"node", "django"} and min(share, 1 - share) >= questionnaire.min_share:
        recommendation = "both"  # strong needs on both sides: the article's hybrid
    else:
        # A tie goes to Django: the article's pick for teams without a clear lead.
        recommendation = "node" if node > django else "django"
    return _Tally(chosen, node, django, share, strong, recommendation)


def score(questionnaire: Questionnaire, answers: Mapping[str, str]) -> Outcome:
    """The recommendation for a set of answers: pure, deterministic."""
    t = _tally(questionnaire, answers)
    total = t.node + t.django
    gap = abs(t.node - t.django) / total if total else 0.0
    clarity: Clarity = "clear" if gap >= 0.4 else "leaning" if gap >= 0.15 else "close call"
    if t.recommendation == "both":
        clarity = "clear" if gap < 0.15 else "leaning"
    return Outcome(
        recommendation=t.recommendation,
        node_points=t.node,
        django_points=t.django,
        node_share=round(t.share * 100),
        clarity=clarity,
        reasons=_reasons(t.chosen, t.recommendation),
        would_change=_tipping_answer(questionnaire, answers, t.recommendation),
    )


def _reasons(
    chosen: tuple[tuple[Question, AnswerOption], ...], recommendation: Recommendation
) -> tuple[str, ...]:
    def weight(option: AnswerOption) -> float:
        if recommendation == "both":
            return (3.0 if option.strong else 0.0) + max(option.node, option.django)
        return option.node if recommendation == "node" else option.django

    ranked = sorted(chosen, key=lambda qo: weight(qo[1]), reverse=True)
    return tuple(o.reason for _, o in ranked if weight(o) > 0)[:3]


def _tipping_answer(
    questionnaire: Questionnaire, answers: Mapping[str, str], current: Recommendation
) -> tuple[Question, AnswerOption, Recommendation] | None:
    """The single changed answer that flips the outcome with the biggest swing."""
    best: tuple[float, Question, AnswerOption, Recommendation] | None = None
    for question in questionnaire.questions:
        given = question.option(answers.get(question.id, SKIPPED))
        if given is None:
            continue
        for option in question.options:
            if option.value == given.value:
                continue
            changed = _tally(questionnaire, {**answers, question.id: option.value}).recommendation
            if changed != current:
                swing = abs((option.node - option.django) - (given.node - given.django))
                if best is None or swing > best[0]:
                    best = (swing, question, option, changed)
    return best[1:] if best else None


# --- dialogue steps -------------------------------------------------------------------

View = Literal["ask", "result", "why", "cancelled", "not_understood", "stale"]


@dataclass(frozen=True)
class Step:
    """The new state (None: the advisor is over) and what to show."""

    state: AdvisorState | None
    view: View
    notice: MessageId | None = None  # shown above the view


def asked(questionnaire: Questionnaire, state: AdvisorState) -> tuple[Question, ...]:
    """The questions this run asks, in the questionnaire's order."""
    if state.asking is None:
        return questionnaire.questions
    return tuple(q for q in questionnaire.questions if q.id in state.asking)


def pending(questionnaire: Questionnaire, state: AdvisorState) -> Question | None:
    """The question waiting for an answer, if any."""
    if state.revising:
        return questionnaire.question(state.revising)
    questions = asked(questionnaire, state)
    if state.position < len(questions):
        return questions[state.position]
    return None


def start() -> Step:
    return Step(AdvisorState(), "ask")


def start_with(questionnaire: Questionnaire, known: Mapping[str, str]) -> Step:
    """A run that asks only what `known` (answers read from a description) leaves open."""
    answers = tuple(
        (q.id, known[q.id])
        for q in questionnaire.questions
        if q.id in known and q.option(known[q.id]) is not None
    )
    given = {q for q, _ in answers}
    open_ids = tuple(q.id for q in questionnaire.questions if q.id not in given)
    state = AdvisorState(answers=answers, asking=open_ids)
    return Step(state, "ask" if open_ids else "result")


def answer(questionnaire: Questionnaire, state: AdvisorState, question_id: str, value: str) -> Step:
    question = pending(questionnaire, state)
    if question is None or question.id != question_id:
        return Step(state, "stale", "already_answered")
    if value != SKIPPED and question.option(value) is None:
        return Step(state, "not_understood")
    state = state.with_answer(question.id, value)
    if state.revising:
        return Step(replace(state, revising=None), "result")
    state = replace(state, position=state.position + 1)
    return Step(state, "result" if pending(questionnaire, state) is None else "ask")


def control(questionnaire: Questionnaire, state: AdvisorState, name: Control | None) -> Step:
    question = pending(questionnaire, state)
    if name == "cancel":
        return Step(None, "cancelled")
    if name == "restart":
        return Step(AdvisorState(), "ask", "starting_over")
    if name == "why":
        return Step(state, "why" if question else "result")
    if name == "skip" and question is not None:
        return answer(questionnaire, state, question.id, SKIPPED)
    if name == "decide":  # recommend from the answers so far; the rest stay open
        if question is not None and all(v == SKIPPED for _, v in state.answers):
            return Step(state, "ask", "nothing_to_decide")
        done = len(asked(questionnaire, state))
        return Step(replace(state, position=done, revising=None), "result")
    if name == "back":
        if state.revising:
            return Step(replace(state, revising=None), "result")
        if state.position == 0:
            return Step(state, "ask", "first_question")
        return Step(replace(state, position=state.position - 1), "ask")
    return Step(state, "result" if question is None else "ask")


def change(questionnaire: Questionnaire, state: AdvisorState, question_id: str) -> Step:
    """After the result: ask one question again, then show the recomputed result."""
    if questionnaire.question(question_id) is None:
        return Step(state, "result", "no_such_question")
    if pending(questionnaire, replace(state, revising=None)) is not None:
        return Step(state, "ask", "finish_first")
    return Step(replace(state, revising=question_id), "ask")


def submit_all(questionnaire: Questionnaire, given: Mapping[str, str]) -> Step:
    """Every answer at once (a form): unanswered questions count as skipped; the result."""
    answers = tuple((q.id, given.get(q.id) or SKIPPED) for q in questionnaire.questions)
    done = AdvisorState(answers=answers, position=len(questionnaire.questions))
    return Step(done, "result")


FormProblem = Literal["not_an_option", "nothing_answered"]


def form_problems(questionnaire: Questionnaire, given: Mapping[str, str]) -> dict[str, FormProblem]:
    """What is wrong with answers given all at once, by question id (empty: nothing).

    A value that is not one of its question's options is wrong; so is no answer at all,
    reported on the first question. Unknown question ids are ignored.
    """
    problems: dict[str, FormProblem] = {
        q.id: "not_an_option"
        for q in questionnaire.questions
        if given.get(q.id) and q.option(given[q.id]) is None
    }
    answered = [q for q in questionnaire.questions if given.get(q.id)]
    if not answered and questionnaire.questions:
        problems[questionnaire.questions[0].id] = "nothing_answered"
    return problems


def known_answers(state: AdvisorState | None) -> tuple[tuple[str, str], ...]:
    """The answers given so far, skips left out (question id, option value)."""
    return () if state is None else tuple((q, v) for q, v in state.answers if v != SKIPPED)


def find_question(questionnaire: Questionnaire, text: str) -> Question | None:
    """'change realtime', 'change the admin answer': the question meant, fuzzily."""
    said = fold(text)
    names = {fold(q.id.replace("_", " ")): q for q in questionnaire.questions}
    names |= {fold(q.title): q for q in questionnaire.questions}
    cutoff = questionnaire.question_name_cutoff
    found = process.extractOne(said, list(names), scorer=fuzz.token_set_ratio, score_cutoff=cutoff)
    return names[found[0]] if found else None
