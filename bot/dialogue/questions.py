"""Questions in a conversation: the matcher's answer framed for the side asked about,
follow-ups read against the last answer ("and django?", "what about security?"), and
the longer version of an answer ("tell me more"). Pure functions of their inputs."""

from __future__ import annotations

from dataclasses import replace

from bot.content.model import KnowledgeBase
from bot.dialogue.answers import answer_intent, reply_for_match
from bot.dialogue.compare import comparison_reply, find_criterion
from bot.dialogue.sides import framed, named_side, only_a_side, side_reply
from bot.reply import Reply
from bot.understanding.matcher import IntentMatcher


def answer_question(
    kb: KnowledgeBase, matcher: IntentMatcher, last_intent: str | None, text: str, said: str
) -> Reply:
    """The answer to a question, a follow-up read against the last answer first."""
    follow = kb.questionnaire.conversation.follow_up.about(said)
    if follow:
        reply = _follow_up(kb, matcher, last_intent, follow)
        if reply is not None:
            return reply
    return framed_answer(kb, matcher, text)


def framed_answer(kb: KnowledgeBase, matcher: IntentMatcher, text: str) -> Reply:
    """The matcher's answer, opening with the side the question names."""
    reply = reply_for_match(kb, matcher.match(text))
    return framed(kb, reply, named_side(matcher.normaliser.normalise(text).tokens))


def _follow_up(
    kb: KnowledgeBase, matcher: IntentMatcher, last_intent: str | None, rest: str
) -> Reply | None:
    """'and django?' gives the other side of the last topic; 'what about X' asks about X."""
    rest = rest.strip()
    last = kb.intent(last_intent) if last_intent else None
    side = only_a_side(kb, rest)
    if side is not None and last is not None:
        if last.counterpart:
            twin = kb.intent(last.counterpart)
            return answer_intent(kb, twin.id if twin.subject == side else last.id)
        on_side = side_reply(kb, last, side)
        if on_side is not None:
            return on_side
    reply = framed_answer(kb, matcher, rest)
    if reply.intent is not None:
        return reply
    criterion = find_criterion(kb, rest)
    if criterion is None:
        return None
    for intent in kb.intents:
        if intent.criterion == criterion.id:
            return answer_intent(kb, intent.id)
    return comparison_reply(kb, criterion)


def expanded(kb: KnowledgeBase, intent_id: str | None) -> Reply:
    if intent_id is None:
        return Reply(text=kb.messages.text("nothing_to_expand"))
    intent = kb.intent(intent_id)
    base = answer_intent(kb, intent_id)
    if intent.details:
        return replace(base, text=intent.details)
    return Reply(text=kb.messages.text("nothing_more"), related=base.related)
