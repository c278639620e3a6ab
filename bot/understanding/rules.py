"""The content's rules about which intents a question can mean (pure): `requires`,
`excludes` and `subject` ("who uses django" can never be `who_uses_node`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.base.sides import SIDES
from bot.content.model import Intent

_CHOICE = frozenset({"or", "vs", "versus"})


@dataclass(frozen=True)
class Rules:
    requires: frozenset[str]
    excludes: frozenset[str]
    subject: str | None

    def allow(self, tokens: frozenset[str], subject: str | None) -> bool:
        if self.requires and not self.requires & tokens:
            return False
        if self.excludes & tokens:
            return False
        # "who uses node" must name node; "and django?" follow-ups are the engine's job.
        return self.subject is None or self.subject == subject


def question_subject(tokens: tuple[str, ...]) -> str | None:
    """The technology a question is about: the first of node/django it names, unless it
    offers both as a choice ("node or django", "node vs django"): then neither."""
    named = [(i, t) for i, t in enumerate(tokens) if t in SIDES]
    if not named:
        return None
    first, last = named[0][0], named[-1][0]
    if named[0][1] != named[-1][1] and _CHOICE & set(tokens[first:last]):
        return None
    return named[0][1]


def rules_of(intent: Intent) -> Rules:
    return Rules(frozenset(intent.requires), frozenset(intent.excludes), intent.subject)
