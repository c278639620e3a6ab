"""Advisor views as platform-neutral replies: a question, the why, the result."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from bot.content.questionnaire import Questionnaire
from bot.dialogue.advisor import AdvisorState, Outcome, asked, pending, score
from bot.reply import Option, Progress, Reply

LABEL = {"node": "Node.js", "django": "Django", "both": "Node.js and Django together"}
HYBRID = "Node.js for the real-time part, Django for data, the admin and the APIs."
ASKING_CONTROLS = (
    Option("Back", "back"),
    Option("Skip", "skip"),
    Option("Why?", "why"),
    Option("Cancel", "cancel"),
    Option("Decide with what you know", "decide"),
)
RESULT_CONTROLS = (Option("Start over", "restart"), Option("Share in channel", "share"))
CANCELLED = "OK, I've stopped the advisor. Say *recommend* whenever you want to start again."


def bar(percent: int, width: int = 10) -> str:
    """'███████░░░' for 70%."""
    filled = max(0, min(width, round(percent * width / 100)))
    return "█" * filled + "░" * (width - filled)


def ask(questionnaire: Questionnaire, state: AdvisorState, notice: str = "") -> Reply:
    question = pending(questionnaire, state)
    assert question is not None, "ask needs a pending question"
    total = len(asked(questionnaire, state))
    if state.revising:
        heading = f"*Changing: {question.title}*"
        progress = None
    else:
        heading = f"*Question {state.position + 1} of {total}*"
        progress = Progress(state.position + 1, total)
    lines = [notice, heading, question.text] if notice else [heading, question.text]
    current = state.answer_of(question.id)
    if state.revising and current:
        chosen = question.option(current)
        lines.append(f"_Your answer was: {chosen.label if chosen else 'skipped'}_")
    return Reply(
        text="\n".join(lines),
        question=question.id,
        options=tuple(Option(o.label, o.value) for o in question.options),
        progress=progress,
        controls=ASKING_CONTROLS,
    )


def why(questionnaire: Questionnaire, state: AdvisorState) -> Reply:
    question = pending(questionnaire, state)
    assert question is not None
    return ask(questionnaire, state, notice=f"_Why I ask:_ {question.why}")


def describe_outcome(outcome: Outcome) -> str:
    django_share = 100 - outcome.node_share
    lines = [f"*I recommend: {LABEL[outcome.recommendation]}* ({outcome.clarity})"]
    if outcome.recommendation == "both":
        lines.append(HYBRID)
    lines += [
        f"`Node.js {bar(outcome.node_share)} {outcome.node_share:3d}%`",
        f"`Django  {bar(django_share)} {django_share:3d}%`",
    ]
    if outcome.reasons:
        lines.append("*Why:*")
        lines += [f"• {reason}" for reason in outcome.reasons]
    if outcome.would_change:
        question, option, other = outcome.would_change
        lines.append(
            f"*What would change it:* answering _{question.title}_ with _{option.label}_ "
            f"would point to {LABEL[other]}."
        )
    else:
        lines.append("*What would change it:* no single answer; this one is solid.")
    return "\n".join(lines)


def result(questionnaire: Questionnaire, state: AdvisorState, notice: str = "") -> Reply:
    outcome = score(questionnaire, dict(state.answers))
    text = describe_outcome(outcome)
    return Reply(
        text=f"{notice}\n{text}" if notice else text,
        title=f"Recommendation: {LABEL[outcome.recommendation]}",
        recommendation=outcome.recommendation,
        node_share=outcome.node_share,
        reasons=outcome.reasons,
        changes=change_options(questionnaire),
        controls=RESULT_CONTROLS,
    )


def standing(questionnaire: Questionnaire, state: AdvisorState | None) -> Reply | None:
    """Where a run stands: its pending question, its result, or None with no run."""
    if state is None:
        return None
    if pending(questionnaire, state) is not None:
        return ask(questionnaire, state, "Picking up where we left off.")
    return result(questionnaire, state)


def understood(questionnaire: Questionnaire, answers: Iterable[tuple[str, str]]) -> str:
    """'Understood: JavaScript team, admin needed, real-time: some, launch soon.'"""
    parts = []
    for question_id, value in answers:
        question = questionnaire.question(question_id)
        option = question.option(value) if question else None
        if question and option:
            parts.append(option.understood or f"{question.title.lower()}: {option.label}")
    return f"Understood: {', '.join(parts)}." if parts else ""


def change_options(questionnaire: Questionnaire) -> tuple[Option, ...]:
    return tuple(Option(f"Change: {q.title}", q.id) for q in questionnaire.questions)


NOTHING_TO_CHANGE = "There's nothing to change yet. Say *recommend* to start the advisor."


def changeable(questionnaire: Questionnaire, state: AdvisorState | None) -> Reply:
    """'change' alone: the answers that can be revised, with what was answered."""
    if state is None or pending(questionnaire, replace(state, revising=None)) is not None:
        return Reply(text=NOTHING_TO_CHANGE)
    lines = ["Which answer do you want to change? Say *change* and its name:"]
    for question in questionnaire.questions:
        chosen = question.option(state.answer_of(question.id) or "")
        lines.append(f"• {question.title}: {chosen.label if chosen else 'skipped'}")
    return Reply(text="\n".join(lines), changes=change_options(questionnaire))
