"""Turn a matcher decision into a reply: the answer, "did you mean", or a polite no."""

from __future__ import annotations

from dataclasses import replace

from bot.base.intents import START_ADVISOR
from bot.content.model import KnowledgeBase
from bot.reply import Option, Reply
from bot.understanding.decision import Match


def intent_options(kb: KnowledgeBase, intent_ids: tuple[str, ...]) -> tuple[Option, ...]:
    return tuple(Option(kb.intent(i).title, i) for i in intent_ids if kb.has_intent(i))


def answer_intent(kb: KnowledgeBase, intent_id: str, confidence: float = 1.0) -> Reply:
    """The answer to one intent, with its follow-up questions."""
    intent = kb.intent(intent_id)
    return Reply(
        text=intent.answer,
        intent=intent.id,
        confidence=confidence,
        title=intent.title,
        related=intent_options(kb, intent.related),
        rateable=intent.kind == "faq",
    )


def technology_name(kb: KnowledgeBase, folded: str) -> str:
    """How people write a technology's name: the settings' display name, else 'Rust'."""
    return kb.settings.vocabulary.display_names.get(folded, folded.title())


def reply_for_match(kb: KnowledgeBase, match: Match) -> Reply:
    if match.outcome == "answer" and match.intent is not None:
        reply = answer_intent(kb, match.intent, match.confidence)
        if match.left_out:  # "node vs django vs go": say what was left out
            note = kb.messages.text("left_out", name=technology_name(kb, match.left_out))
            reply = replace(reply, text=f"{reply.text}\n{note}")
        return replace(reply, alternatives=intent_options(kb, match.alternatives))
    if match.outcome == "unsure":
        return Reply(
            text=kb.messages.text("unsure"),
            confidence=match.confidence,
            suggestions=intent_options(kb, match.suggestions),
        )
    if match.framework:
        name = technology_name(kb, match.framework)
        return Reply(text=kb.messages.text("framework", name=name))
    if match.other_technology:
        name = technology_name(kb, match.other_technology)
        return Reply(text=kb.messages.text("other_technology", name=name))
    return Reply(text=kb.messages.text("fallback"), confidence=match.confidence)


def with_tailor_offer(kb: KnowledgeBase, reply: Reply, noted: str) -> Reply:
    """An answer to a question that came with a description of the project, then the offer
    to tailor the pick to what was `noted` ("Python team, admin needed"), with its button."""
    offer = kb.messages.text("tailor_offer", noted=noted) if noted else ""
    start = Option(kb.intent(START_ADVISOR).title, START_ADVISOR)
    return replace(
        reply,
        text=f"{reply.text}\n\n{offer}" if offer else reply.text,
        related=(start, *(o for o in reply.related if o.value != START_ADVISOR)),
    )
