"""The guided recommendation's dialogue, as pure functions (the scoring is in
advisor_scoring.py). No I/O: state goes in, state and a view come out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from rapidfuzz import fuzz, process

from bot.base.controls import Control
from bot.base.message_ids import MessageId
from bot.base.text import fold
from bot.content.questionnaire import Question, Questionnaire
from bot.dialogue.advisor_scoring import SKIPPED, Outcome, open_by_importance, score

__all__ = ["SKIPPED", "Outcome", "score"]  # the scoring, where the dialogue's users find it
ASKED_AFTER_A_DESCRIPTION = 3  # at most this many questions follow a described project


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
    state = AdvisorState(answers=answers, asking=most_decisive_open(questionnaire, dict(answers)))
    open_ids = state.asking or ()
    return Step(state, "ask" if open_ids else "result")


def most_decisive_open(questionnaire: Questionnaire, known: Mapping[str, str]) -> tuple[str, ...]:
    """The open questions that matter most, at most three, in the questionnaire's order."""
    chosen = {q.id for q in open_by_importance(questionnaire, known)[:ASKED_AFTER_A_DESCRIPTION]}
    return tuple(q.id for q in questionnaire.questions if q.id in chosen)


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
