"""Advisor views as platform-neutral replies: a question, the why, the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.base.controls import QUESTION_CONTROLS, RESULT_CONTROLS, Control
from bot.base.message_ids import (
    CLARITY_WORD,
    CONTROL_LABEL,
    RECOMMENDATION_NAME,
    STRENGTHS_HEADING,
    MessageId,
)
from bot.base.sides import Recommendation, Side
from bot.content.messages import Messages
from bot.content.questionnaire import Questionnaire
from bot.dialogue.advisor import AdvisorState, Outcome, asked, pending, score
from bot.reply import Option, Progress, Reply


def outcome_name(messages: Messages, outcome: Recommendation) -> str:
    """'Node.js', 'Django' or 'Node.js and Django together'."""
    return messages.text(RECOMMENDATION_NAME[outcome])


def _controls(messages: Messages, names: tuple[Control, ...]) -> tuple[Option, ...]:
    return tuple(Option(messages.text(CONTROL_LABEL[name]), name) for name in names)


def bar(percent: int, width: int = 10) -> str:
    """'███████░░░' for 70%."""
    filled = max(0, min(width, round(percent * width / 100)))
    return "█" * filled + "░" * (width - filled)


def ask(questionnaire: Questionnaire, state: AdvisorState, notice: str = "") -> Reply:
    question = pending(questionnaire, state)
    assert question is not None, "ask needs a pending question"
    words = questionnaire.messages
    total = len(asked(questionnaire, state))
    if state.revising:
        heading = words.text("changing_heading", title=question.title)
        progress = None
    else:
        heading = words.text("question_heading", number=state.position + 1, total=total)
        progress = Progress(state.position + 1, total)
    lines = [notice, heading, question.text] if notice else [heading, question.text]
    current = state.answer_of(question.id)
    if state.revising and current:
        chosen = question.option(current)
        answer = chosen.label if chosen else words.text("skipped")
        lines.append(words.text("your_answer", answer=answer))
    return Reply(
        text="\n".join(lines),
        question=question.id,
        options=tuple(Option(o.label, o.value) for o in question.options),
        progress=progress,
        controls=_controls(words, QUESTION_CONTROLS),
    )


def why(questionnaire: Questionnaire, state: AdvisorState) -> Reply:
    question = pending(questionnaire, state)
    assert question is not None
    return ask(questionnaire, state, questionnaire.messages.text("why_i_ask", why=question.why))


def _bars(outcome: Outcome) -> list[str]:
    django_share = 100 - outcome.node_share
    return [
        f"`Node.js {bar(outcome.node_share)} {outcome.node_share:3d}%`",
        f"`Django  {bar(django_share)} {django_share:3d}%`",
    ]


def _heading(words: Messages, outcome: Outcome, name: str) -> list[str]:
    """The verdict's first line: a pick and how sure it is, a tied close call, or none."""
    decisive = outcome.decisive
    if outcome.tie and decisive is not None:
        said = {"question": decisive.question.title, "option": decisive.option.label}
        return [words.text("close_call_tie", outcome=name, **said)]
    clarity = words.text(CLARITY_WORD[outcome.clarity or "clear"])
    lines = [words.text("recommend", outcome=name, clarity=clarity)]
    if outcome.recommendation == "both":
        lines.append(words.text("hybrid"))
    return lines


def _strengths(words: Messages, outcome: Outcome) -> list[str]:
    lines = []
    sides: tuple[tuple[Side, tuple[str, ...]], ...] = (
        ("node", outcome.node_strengths),
        ("django", outcome.django_strengths),
    )
    for side, reasons in sides:
        if reasons:
            lines.append(words.text(STRENGTHS_HEADING[side]))
            lines += [f"• {reason}" for reason in reasons]
    return lines


def _next_step(words: Messages, outcome: Outcome, total: int) -> list[str]:
    """What would change it, or, from few answers, which question matters most next."""
    lines = []
    if outcome.clarity in {"provisional", None} and outcome.next_question is not None:
        title = outcome.next_question.title
        lines.append(words.text("next_most", count=outcome.answered, total=total, question=title))
    if outcome.would_change:
        question, option, other = outcome.would_change
        message: MessageId = "would_tip" if outcome.clarity == "close call" else "would_change"
        other_name = outcome_name(words, other) if other else words.text("outcome_none")
        said = {"question": question.title, "option": option.label, "other": other_name}
        lines.append(words.text(message, **said))
    elif outcome.recommendation is not None and outcome.clarity != "provisional":
        lines.append(words.text("solid"))
    return lines


def describe_outcome(words: Messages, outcome: Outcome, total: int) -> str:
    """The result as text: the verdict, the bars, the reasons and what would change it."""
    if outcome.recommendation is None:
        return "\n".join([words.text("no_pick"), *_next_step(words, outcome, total)])
    name = outcome_name(words, outcome.recommendation)
    lines = [*_heading(words, outcome, name), *_bars(outcome)]
    if outcome.clarity == "close call":
        lines += _strengths(words, outcome)
    elif outcome.reasons:
        lines.append(words.text("why_heading"))
        lines += [f"• {reason}" for reason in outcome.reasons]
    lines += _next_step(words, outcome, total)
    return "\n".join(lines)


def result(questionnaire: Questionnaire, state: AdvisorState, notice: str = "") -> Reply:
    words = questionnaire.messages
    outcome = score(questionnaire, dict(state.answers))
    text = describe_outcome(words, outcome, len(questionnaire.questions))
    recommended = outcome.recommendation
    named = outcome_name(words, recommended) if recommended else words.text("outcome_none")
    return Reply(
        text=f"{notice}\n{text}" if notice else text,
        title=words.text("recommendation_title", outcome=named),
        recommendation=outcome.recommendation,
        clarity=outcome.clarity,
        node_share=outcome.node_share if outcome.recommendation else None,
        reasons=outcome.reasons,
        changes=change_options(questionnaire),
        controls=_controls(words, RESULT_CONTROLS),
    )


def standing(questionnaire: Questionnaire, state: AdvisorState | None) -> Reply | None:
    """Where a run stands: its pending question, its result, or None with no run."""
    if state is None:
        return None
    if pending(questionnaire, state) is not None:
        return ask(questionnaire, state, questionnaire.messages.text("picking_up"))
    return result(questionnaire, state)


def understood(questionnaire: Questionnaire, answers: Iterable[tuple[str, str]]) -> str:
    """'Understood: JavaScript team, admin needed, real-time: some, launch soon.'"""
    parts = noted(questionnaire, answers)
    return questionnaire.messages.text("understood", parts=parts) if parts else ""


def noted(questionnaire: Questionnaire, answers: Iterable[tuple[str, str]]) -> str:
    """'JavaScript team, admin needed, real-time: some' (empty when nothing is known)."""
    parts = []
    for question_id, value in answers:
        question = questionnaire.question(question_id)
        option = question.option(value) if question else None
        if question and option:
            parts.append(option.understood or f"{question.title.lower()}: {option.label}")
    return ", ".join(parts)


def change_options(questionnaire: Questionnaire) -> tuple[Option, ...]:
    words = questionnaire.messages
    return tuple(
        Option(words.text("change_option", title=q.title), q.id) for q in questionnaire.questions
    )


def changeable(questionnaire: Questionnaire, state: AdvisorState | None) -> Reply:
    """'change' alone: the answers that can be revised, with what was answered."""
    if state is None or pending(questionnaire, replace(state, revising=None)) is not None:
        return Reply(text=questionnaire.messages.text("nothing_to_change"))
    lines = [questionnaire.messages.text("change_which")]
    for question in questionnaire.questions:
        chosen = question.option(state.answer_of(question.id) or "")
        answer = chosen.label if chosen else questionnaire.messages.text("skipped")
        lines.append(f"• {question.title}: {answer}")
    return Reply(text="\n".join(lines), changes=change_options(questionnaire))
