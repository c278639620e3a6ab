"""One conversation turn as a pure function: step(kb, matcher, state, turn) -> (state, reply).

It answers questions with the matcher, keeps context for follow-ups ("what about
security?", "and django?", "tell me more", "compare them on scalability"), reads a
project described in one message, and runs the guided advisor, answering FAQ
questions asked in the middle of it. A typed number picks from the latest reply's list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.base.controls import Control, parse_control
from bot.base.intents import GREETING, START_ADVISOR, THANKS
from bot.base.message_ids import MessageId
from bot.base.text import clean_slack_text, fold
from bot.content.model import KnowledgeBase
from bot.dialogue import advisor, advisor_replies
from bot.dialogue.advisor import AdvisorState, Step
from bot.dialogue.answers import answer_intent, intent_options, with_tailor_offer
from bot.dialogue.compare import compare_reply, comparison_reply, find_criterion
from bot.dialogue.project_description import is_project_description, read_description
from bot.dialogue.questions import answer_question, expanded
from bot.dialogue.typed_answers import interpret
from bot.reply import Reply, Turn
from bot.understanding.matcher import IntentMatcher
from bot.understanding.recommendation import GENERIC_INTENTS, asked_part


@dataclass(frozen=True)
class ConversationState:
    last_intent: str | None = None
    offered: tuple[str, ...] = ()  # intent ids offered as choices; typing "2" picks one
    advisor: AdvisorState | None = None
    # What a described project said (question id, value), kept for an offered tailored pick.
    noted: tuple[tuple[str, str], ...] = ()


def step(
    kb: KnowledgeBase, matcher: IntentMatcher, state: ConversationState, turn: Turn
) -> tuple[ConversationState, Reply]:
    new, reply = _step(kb, matcher, state, turn)
    # A number refers to the latest reply's list only: what it offers replaces any older list.
    offered = (
        ()
        if reply.question
        else tuple(o.value for o in reply.suggestions or reply.alternatives or reply.related)
    )
    known = advisor.known_answers(new.advisor)
    return replace(new, offered=offered), replace(reply, answers=known)


def _step(
    kb: KnowledgeBase, matcher: IntentMatcher, state: ConversationState, turn: Turn
) -> tuple[ConversationState, Reply]:
    if turn.action is not None:
        return _button(kb, matcher, state, turn)
    said = fold(clean_slack_text(turn.text))
    if not said:  # a bare mention, an empty DM, a blank line: said hello, nothing more
        return state, answer_intent(kb, GREETING)
    run = state.advisor
    if run is not None and advisor.pending(kb.questionnaire, run) is not None:
        return _typed_during_advisor(kb, matcher, state, run, turn.text)
    if run is not None:  # a result is on screen: "change X", "why?" and "restart" apply
        wanted = kb.questionnaire.conversation.change.about(said)
        question = advisor.find_question(kb.questionnaire, wanted) if wanted else None
        if question is not None:
            return _advise(kb, state, advisor.change(kb.questionnaire, run, question.id))
        words = kb.questionnaire
        if state.last_intent is None and (
            said in words.controls["why"] or said in words.conversation.expand
        ):  # "why?" about the result: its reasons again
            return _advise(kb, state, advisor.control(kb.questionnaire, run, "why"))
    if said in kb.questionnaire.conversation.goodbye:  # a conversation intent's reply
        return state, Reply(text=kb.messages.text("chat_goodbye"), intent=THANKS)
    if said in kb.questionnaire.conversation.change_alone:
        changeable = advisor_replies.changeable(kb.questionnaire, run)
        return state, replace(changeable, about_conversation=True)
    control = _control_word(kb, said)
    if control == "restart":
        return _start(kb, state)
    if control == "cancel":
        cancelled = Reply(text=kb.messages.text("nothing_to_cancel"), about_conversation=True)
        return replace(state, advisor=None), cancelled
    return _question(kb, matcher, state, turn.text, said)


def _button(
    kb: KnowledgeBase, matcher: IntentMatcher, state: ConversationState, turn: Turn
) -> tuple[ConversationState, Reply]:
    run = state.advisor
    if turn.action == "intent":
        if turn.value == START_ADVISOR:
            return _start(kb, state)
        if kb.has_intent(turn.value):
            return _answered(kb, state, answer_intent(kb, turn.value))
    if turn.action == "compare":
        reply, resolved = compare_reply(kb, turn.value)
        if resolved is not None:
            return state, reply
    if turn.action == "control" and turn.value == "restart":
        return _start(kb, state)
    if turn.action == "submit":  # every answer at once: the result, counted as a run
        new, reply = _advise(kb, state, advisor.submit_all(kb.questionnaire, dict(turn.answers)))
        return new, replace(reply, events=("advisor_started", "advisor_completed"))
    if run is None:
        if turn.action in {"answer", "control", "change"}:
            return state, Reply(text=kb.messages.text("session_ended"))
        return state, Reply(text=kb.messages.text("not_understood"))
    if turn.action == "answer":
        return _advise(
            kb, state, advisor.answer(kb.questionnaire, run, turn.question or "", turn.value)
        )
    if turn.action == "control":
        return _advise(kb, state, advisor.control(kb.questionnaire, run, parse_control(turn.value)))
    if turn.action == "change":
        return _advise(kb, state, advisor.change(kb.questionnaire, run, turn.value))
    return state, Reply(text=kb.messages.text("not_understood"))


def _typed_during_advisor(
    kb: KnowledgeBase,
    matcher: IntentMatcher,
    state: ConversationState,
    run: AdvisorState,
    text: str,
) -> tuple[ConversationState, Reply]:
    question = advisor.pending(kb.questionnaire, run)
    assert question is not None
    described = read_description(kb.questionnaire, text)
    if len(described.answers) >= 2 and is_project_description(
        described, kb.questionnaire.description
    ):  # the project, described mid-run: keep what was answered, add what was read
        known = dict(advisor.known_answers(run)) | dict(described.answers)
        return _described(kb, state, known)
    typed = interpret(kb.questionnaire, question, text)
    said = fold(clean_slack_text(text))
    if typed.kind == "none" and said in kb.questionnaire.conversation.goodbye:
        # Leaving mid-run loses nothing: the pending question waits for their return.
        return state, Reply(text=kb.messages.text("chat_goodbye"), intent=THANKS)
    wanted = kb.questionnaire.conversation.change.about(said)
    earlier = advisor.find_question(kb.questionnaire, wanted) if wanted else None
    if typed.kind == "none" and earlier is not None:  # "change X" before the result
        return _advise(kb, state, advisor.change(kb.questionnaire, run, earlier.id))
    if typed.kind == "control":
        return _advise(
            kb, state, advisor.control(kb.questionnaire, run, parse_control(typed.value))
        )
    if typed.kind == "answer":
        return _advise(kb, state, advisor.answer(kb.questionnaire, run, question.id, typed.value))
    if said.isdigit():
        notice = kb.messages.text("pick_an_option", count=len(question.options))
        return state, advisor_replies.ask(kb.questionnaire, run, notice)
    faq = answer_question(kb, matcher, state.last_intent, text, said)
    if faq.intent == START_ADVISOR:
        notice = kb.messages.text("already_choosing")
        return state, advisor_replies.ask(kb.questionnaire, run, notice)
    if faq.intent is not None:  # a question asked mid-dialogue: answer it, then re-ask
        again = advisor_replies.ask(kb.questionnaire, run)
        combined = replace(again, text=f"{faq.text}\n\n{again.text}", intent=faq.intent)
        return replace(state, last_intent=faq.intent), combined
    return state, advisor_replies.ask(kb.questionnaire, run, kb.messages.text("not_understood"))


def _advise(
    kb: KnowledgeBase, state: ConversationState, outcome: Step
) -> tuple[ConversationState, Reply]:
    """Store an advisor step and show its view."""
    # The advisor's view is now the latest reply: "tell me more" no longer means an
    # answer given before it.
    new = replace(state, advisor=outcome.state, offered=(), last_intent=None)
    run = outcome.state
    if run is None:
        return new, Reply(text=kb.messages.text("advisor_cancelled"))
    if outcome.view == "why":
        return new, advisor_replies.why(kb.questionnaire, run)
    if advisor.pending(kb.questionnaire, run) is not None and outcome.view != "result":
        said = "not_understood" if outcome.view == "not_understood" else outcome.notice
        reply = advisor_replies.ask(kb.questionnaire, run, _words(kb, said))
        fresh = run == AdvisorState() and state.advisor != run
        return new, replace(reply, events=("advisor_started",)) if fresh else reply
    reply = advisor_replies.result(kb.questionnaire, run, _words(kb, outcome.notice))
    before = state.advisor
    finished_now = (  # a run's last answer, not a later revision of one answer
        before is not None
        and before.revising is None
        and advisor.pending(kb.questionnaire, before) is not None
    )
    return new, replace(reply, events=("advisor_completed",)) if finished_now else reply


def _words(kb: KnowledgeBase, message: MessageId | None) -> str:
    """A step's notice (a message id) in words; no notice, no words."""
    return kb.messages.text(message) if message else ""


def _described(
    kb: KnowledgeBase, state: ConversationState, known: dict[str, str]
) -> tuple[ConversationState, Reply]:
    """A project described in one message: say what was understood, ask only the rest."""
    if not known:
        return _start(kb, state)
    outcome = advisor.start_with(kb.questionnaire, known)
    new, reply = _advise(kb, replace(state, advisor=None), outcome)
    assert outcome.state is not None
    heading = advisor_replies.understood(kb.questionnaire, outcome.state.answers)
    done = reply.question is None
    lead = heading if done else f"{heading}\n{kb.messages.text('described')}"
    finished = ("advisor_completed",) if done else ()
    events = ("advisor_started", *finished)
    return new, replace(reply, text=f"{lead}\n\n{reply.text}", events=events, intent=START_ADVISOR)


def _start(kb: KnowledgeBase, state: ConversationState) -> tuple[ConversationState, Reply]:
    if state.noted:  # a project described earlier: start from what it said
        return _described(kb, replace(state, noted=()), dict(state.noted))
    new, first = _advise(kb, state, advisor.start())
    intro = kb.intent(START_ADVISOR).answer
    return new, replace(first, text=f"{intro}\n\n{first.text}", intent=START_ADVISOR)


def _control_word(kb: KnowledgeBase, said: str) -> Control | None:
    for name, words in kb.questionnaire.controls.items():
        if said in words and name in {"restart", "cancel"}:
            return name
    return None


def _question(
    kb: KnowledgeBase, matcher: IntentMatcher, state: ConversationState, text: str, said: str
) -> tuple[ConversationState, Reply]:
    """A free-text question, read in the context of the previous answer."""
    if said.isdigit():
        return _numbered(kb, state, int(said))
    if said in kb.questionnaire.conversation.expand:
        return state, expanded(kb, state.last_intent)
    compare = kb.questionnaire.conversation.compare.about(said)
    if compare:
        criterion = find_criterion(kb, compare)
        if criterion is not None:
            return state, comparison_reply(kb, criterion)
    described = read_description(kb.questionnaire, text)
    asks = described.answers and matcher.requests.asks_for_recommendation(text)
    if asks or is_project_description(described, kb.questionnaire.description):
        return _about_a_project(kb, matcher, state, text, said, described.answers)
    reply = answer_question(kb, matcher, state.last_intent, text, said)
    if reply.intent == START_ADVISOR:
        return _start(kb, state)
    return _answered(kb, state, reply)


def _about_a_project(
    kb: KnowledgeBase,
    matcher: IntentMatcher,
    state: ConversationState,
    text: str,
    said: str,
    noted: tuple[tuple[str, str], ...],
) -> tuple[ConversationState, Reply]:
    """A message that describes the project: the advisor starts (with what it said) only
    when it asks for a recommendation; a specific question gets its answer, then an offer
    to tailor the pick to what was noted."""
    if matcher.requests.asks_for_recommendation(text):
        return _described(kb, state, dict(noted))
    asked = asked_part(text)  # what it asks, apart from what it describes
    reply = answer_question(kb, matcher, state.last_intent, asked, fold(asked))
    if reply.intent is None:
        reply = answer_question(kb, matcher, state.last_intent, text, said)
    if reply.intent in GENERIC_INTENTS:
        return _described(kb, state, dict(noted))
    tailored = with_tailor_offer(kb, reply, advisor_replies.noted(kb.questionnaire, noted))
    return _answered(kb, replace(state, noted=noted), tailored)


def _numbered(
    kb: KnowledgeBase, state: ConversationState, number: int
) -> tuple[ConversationState, Reply]:
    """A typed number: the latest list's item, or which numbers are valid."""
    if 1 <= number <= len(state.offered):
        return _answered(kb, state, answer_intent(kb, state.offered[number - 1]))
    if not state.offered:
        return state, Reply(text=kb.messages.text("no_list"), about_conversation=True)
    count = len(state.offered)
    return state, Reply(
        text=kb.messages.text("pick_a_number", count=count)
        if count > 1
        else kb.messages.text("pick_the_one"),
        related=intent_options(kb, state.offered),
        about_conversation=True,
    )


def _answered(
    kb: KnowledgeBase, state: ConversationState, reply: Reply
) -> tuple[ConversationState, Reply]:
    """Remember what was answered, for follow-ups."""
    last = reply.intent if reply.intent and kb.has_intent(reply.intent) else state.last_intent
    return replace(state, last_intent=last), reply
