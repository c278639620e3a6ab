"""Advisor views as platform-neutral replies: a question, the why, the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.base.controls import QUESTION_CONTROLS, RESULT_CONTROLS, Control
from bot.base.message_ids import CLARITY_WORD, CONTROL_LABEL, RECOMMENDATION_NAME
from bot.base.sides import Recommendation
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


def describe_outcome(words: Messages, outcome: Outcome) -> str:
    django_share = 100 - outcome.node_share
    clarity = words.text(CLARITY_WORD[outcome.clarity])
    name = outcome_name(words, outcome.recommendation)
    lines = [words.text("recommend", outcome=name, clarity=clarity)]
    if outcome.recommendation == "both":
        lines.append(words.text("hybrid"))
    lines += [
        f"`Node.js {bar(outcome.node_share)} {outcome.node_share:3d}%`",
        f"`Django  {bar(django_share)} {django_share:3d}%`",
    ]
    if outcome.reasons:
        lines.append(words.text("why_heading"))
        lines += [f"• {reason}" for reason in outcome.reasons]
    if outcome.would_change:
        question, option, other = outcome.would_change
        other_name = outcome_name(words, other)
        lines.append(
            words.text(
                "would_change", question=question.title, option=option.label, other=other_name
            )
        )
    else:
        lines.append(words.text("solid"))
    return "\n".join(lines)


def result(questionnaire: Questionnaire, state: AdvisorState, notice: str = "") -> Reply:
    words = questionnaire.messages
    outcome = score(questionnaire, dict(state.answers))
    text = describe_outcome(words, outcome)
    return Reply(
        text=f"{notice}\n{text}" if notice else text,
        title=words.text(
            "recommendation_title", outcome=outcome_name(words, outcome.recommendation)
        ),
        recommendation=outcome.recommendation,
        node_share=outcome.node_share,
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
