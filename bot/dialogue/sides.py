"""Answers for one side: "and django?" after a topic gives Django's side of it, and an
answer that leads with the other side opens with the side the question named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.base.message_ids import EDGE_LINE, EDGE_SHORT
from bot.base.sides import SIDES, Side
from bot.content.model import Intent, KnowledgeBase
from bot.dialogue.answers import intent_options
from bot.reply import Reply


def named_side(tokens: Sequence[str]) -> Side | None:
    """The one side a question's tokens name ("does node have an admin?"), else None."""
    named = {t for t in tokens if t in SIDES}
    return next(side for side in SIDES if side in named) if len(named) == 1 else None


def only_a_side(kb: KnowledgeBase, text: str) -> Side | None:
    """The side when that is all a follow-up says: "django", "for node.js", "the django side"."""
    tokens = kb.normaliser.normalise(text).tokens
    filler = kb.questionnaire.conversation.side_filler  # "and for node?", "the django side"
    rest = [t for t in tokens if t not in SIDES and t not in filler]
    return named_side(tokens) if not rest else None


def side_reply(kb: KnowledgeBase, intent: Intent, side: Side) -> Reply | None:
    """One side of the intent's criterion ("Django on security: ..."), if it has one."""
    if intent.criterion is None:
        return None
    criterion = kb.criterion(intent.criterion)
    text = criterion.node if side == "node" else criterion.django
    side_name = kb.messages.text(EDGE_SHORT[side])
    heading = kb.messages.text("side_on", side=side_name, criterion=criterion.name.lower())
    return Reply(
        text=f"*{heading}:* {text}\n_{kb.messages.text(EDGE_LINE[criterion.edge])}._",
        intent=intent.id,
        confidence=1.0,
        title=heading,
        related=intent_options(kb, intent.related),
        rateable=True,
    )


def framed(kb: KnowledgeBase, reply: Reply, side: Side | None) -> Reply:
    """The answer with the named side's opening first, when the intent has one."""
    if side is None or reply.intent is None or not kb.has_intent(reply.intent):
        return reply
    opening = kb.intent(reply.intent).opening(side)
    return replace(reply, text=f"{opening}\n{reply.text}") if opening else reply
