"""A team's discussion (a channel thread) as the project description: pure functions.

Every human message is read with the description reader the advisor uses
(bot/dialogue/project_description.py), oldest first. A person's later message replaces
what they said before, and the latest answer wins; but when two people hold answers
clearly disagree ("we're a Python shop" / "actually half of us write TypeScript"; the
description reader's rule), the question stays open and is asked, not settled by whoever
spoke first. At most MAX_QUESTIONS questions are asked in a thread: disagreements first,
then the open questions that could change the pick, in the advisor's order of importance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.base.intents import START_ADVISOR
from bot.content.model import KnowledgeBase
from bot.content.questionnaire import Question, Questionnaire
from bot.dialogue import advisor, advisor_replies
from bot.dialogue.advisor import ASKED_AFTER_A_DESCRIPTION, AdvisorState
from bot.dialogue.advisor_scoring import open_by_importance
from bot.dialogue.project_description import clearly_disagree, read_description
from bot.reply import Reply, Thread, ThreadMessage

# A thread is a shared place: it asks no more than after a project described at once.
MAX_QUESTIONS = ASKED_AFTER_A_DESCRIPTION


@dataclass(frozen=True)
class Discussion:
    """What a thread settled, and what its people disagree on (question ids)."""

    answers: tuple[tuple[str, str], ...]  # questionnaire order
    disputed: tuple[str, ...]  # questionnaire order


def _clash(question: Question, values: Sequence[str]) -> bool:
    # The description reader's rule: opposite leanings, or "yes" against "no".
    return any(clearly_disagree(question, a, b) for a in values for b in values)


def read_discussion(questionnaire: Questionnaire, messages: Sequence[ThreadMessage]) -> Discussion:
    """The answers a discussion gives (oldest message first), and its disagreements."""
    said: dict[str, dict[str, str]] = {}  # question id -> author -> their latest answer
    latest: dict[str, str] = {}  # question id -> the latest answer anyone gave
    for message in messages:
        for question_id, value in read_description(questionnaire, message.text).answers:
            said.setdefault(question_id, {})[message.author] = value
            latest[question_id] = value
    answers, disputed = [], []
    for question in questionnaire.questions:
        if question.id not in latest:
            continue
        if _clash(question, list(said[question.id].values())):
            disputed.append(question.id)
        else:
            answers.append((question.id, latest[question.id]))
    return Discussion(tuple(answers), tuple(disputed))


def _could_change(questionnaire: Questionnaire, known: dict[str, str], question: Question) -> bool:
    """Some answer to `question` would change the recommendation the known answers make."""
    now = advisor.score(questionnaire, known).recommendation
    return any(
        advisor.score(questionnaire, {**known, question.id: option.value}).recommendation != now
        for option in question.options
    )


def to_ask(questionnaire: Questionnaire, discussion: Discussion) -> tuple[str, ...]:
    """The questions to ask in the thread: its disagreements, then the open questions
    whose answer could change the recommendation, most important first (the advisor's
    own ranking); MAX_QUESTIONS at most, in the questionnaire's order."""
    known = dict(discussion.answers)
    open_ = [
        q.id
        for q in open_by_importance(questionnaire, known)
        if q.id not in discussion.disputed and _could_change(questionnaire, known, q)
    ]
    first = set([*discussion.disputed, *open_][:MAX_QUESTIONS])
    return tuple(q.id for q in questionnaire.questions if q.id in first)


def _lead(kb: KnowledgeBase, thread: Thread, discussion: Discussion) -> str:
    """What the reply says first: that it read the thread, what it took from it (no
    names), what the thread disagrees on, and whether the read was cut short."""
    words = kb.messages
    lines = [words.text("thread_read", count=len(thread.messages))]
    if not thread.complete:
        lines.append(words.text("thread_cut_short"))
    heard = advisor_replies.understood(kb.questionnaire, discussion.answers)
    if heard:
        lines.append(heard)
    if discussion.disputed:
        disputed = set(discussion.disputed)
        titles = [q.title.lower() for q in kb.questionnaire.questions if q.id in disputed]
        lines.append(words.text("thread_disagrees", titles=", ".join(titles)))
    if not heard and not discussion.disputed:
        lines.append(words.text("thread_nothing"))
    return "\n".join(lines)


def advise_from_thread(
    kb: KnowledgeBase, thread: Thread, ask: bool = True
) -> tuple[AdvisorState, Reply] | None:
    """A new advisor run from a thread: what it settled is answered, at most
    MAX_QUESTIONS are asked (as buttons, by the advisor), then the recommendation.

    Without `ask` (a private answer, which no one else can press) it recommends from
    what the thread settled at once; None when the thread settled nothing.
    """
    discussion = read_discussion(kb.questionnaire, thread.messages)
    if not ask and not discussion.answers:
        return None
    asking = to_ask(kb.questionnaire, discussion)
    run = AdvisorState(discussion.answers, position=0 if ask else len(asking), asking=asking)
    lead = _lead(kb, thread, discussion)
    events: tuple[str, ...] = ("advisor_started",)
    if advisor.pending(kb.questionnaire, run) is not None:
        reply = advisor_replies.ask(kb.questionnaire, run, lead)
    else:
        reply = advisor_replies.result(kb.questionnaire, run, lead)
        events = ("advisor_started", "advisor_completed")
    known = advisor.known_answers(run)
    return run, replace(reply, events=events, intent=START_ADVISOR, answers=known)
