"""What counts as asking for a recommendation, and what names an aspect (pure).

One definition for two readers: the matcher's rules (the overall verdict and the advisor
are for questions that name no aspect: "which copes better when traffic doubles?" asks
about scaling) and the engine's routing (a message that describes a project starts the
advisor only when it asks for a pick; "...; which one has the faster response times?"
gets that answer). Both look at the part of the message that asks: its last question,
so a project described before it ("we need realtime and an admin; what would you
pick?") is context, not the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.base.intents import START_ADVISOR, VERDICT
from bot.base.text import NormalisedText, Normaliser, clean_slack_text, whole_words
from bot.content.model import KnowledgeBase

# The intents that answer "which should we choose?" as a whole.
GENERIC_INTENTS = frozenset({VERDICT, START_ADVISOR})
_SENTENCES = re.compile(r"(?<=[.!?\n;])\s+")
_SIDE_WORDS = frozenset({"node", "django", "javascript", "python", "typescript"})
LISTED = 3  # clauses from which a sentence lists a project ("a mixed team, realtime, ...")
_CLAUSES = re.compile(r"[,;:()]+|\s[-\u2013\u2014]+\s")


def _phrases(normaliser: Normaliser, phrases: Iterable[str]) -> re.Pattern[str] | None:
    return whole_words(normaliser.normalise(p).text for p in phrases)


def asked_part(text: str) -> str:
    """The sentence of a message that asks: its last question (ending in "?"), else its
    last sentence."""
    parts = [p for p in _SENTENCES.split(clean_slack_text(text)) if p.strip()]
    if not parts:
        return ""
    questions = [p for p in parts if p.rstrip().endswith("?")]
    return (questions or parts)[-1]


def aspect_phrases(kb: KnowledgeBase) -> list[str]:
    """What names an aspect: the concepts of every specific intent, and the names and
    aliases of the criteria those intents answer (a side's language alone, "python",
    describes a team rather than naming an aspect)."""
    concepts = kb.settings.vocabulary.concepts
    phrases = [p for owner, ps in concepts.items() if owner not in GENERIC_INTENTS for p in ps]
    for intent in kb.intents:
        if intent.criterion and intent.id not in GENERIC_INTENTS:
            criterion = kb.criterion(intent.criterion)
            phrases += [criterion.name, *criterion.aliases]
    return [p for p in phrases if kb.normaliser.normalise(p).text not in _SIDE_WORDS]


class RequestReader:
    """Reads pick requests and named aspects with the content's phrases: the advisor's
    `pick_requests` and `own_project` (knowledge/advisor.yaml) and `aspect_phrases`."""

    def __init__(self, kb: KnowledgeBase, normaliser: Normaliser) -> None:
        self._normaliser = normaliser
        cues = kb.questionnaire.description
        self._picks = _phrases(normaliser, cues.pick_requests)
        self._own = _phrases(normaliser, cues.own_project)
        self._aspects = _phrases(normaliser, aspect_phrases(kb))

    def names_aspect(self, question: NormalisedText) -> bool:
        """The question names something specific to compare (speed, hiring, scaling...)."""
        return bool(self._aspects and self._aspects.search(question.text))

    def asks_for_pick(self, question: NormalisedText) -> bool:
        return bool(self._picks and self._picks.search(question.text))

    def asks_for_recommendation(self, text: str, whole: NormalisedText | None = None) -> bool:
        """The message asks which to choose, and what it asks names no aspect.

        Only the sentence that asks counts ("we're a python shop; which one is faster?"
        names speed). When it speaks of the team's own project, or lists the project in
        several clauses, its other clauses describe the project: "we are a python team
        with an admin panel, what would you pick?" asks for a pick (the first clause
        with a pick request decides). Said tersely, an aspect anywhere is the question:
        "live notifications - node or django", "which one gets juniors productive
        sooner, node or django?".
        `whole`: the whole message normalised, when at hand (a shortcut).
        """
        if whole is not None and not self.asks_for_pick(whole):
            return False  # no pick request anywhere (most questions): nothing more to read
        sentence = asked_part(text)
        whole = self._normaliser.normalise(sentence)
        if not self.asks_for_pick(whole):
            return False
        clauses = [c for c in _CLAUSES.split(sentence) if c.strip()]
        own = self._own is not None and self._own.search(whole.text) is not None
        if not own and len(clauses) < LISTED:
            return not self.names_aspect(whole)
        for clause in clauses:
            question = self._normaliser.normalise(clause)
            if self.asks_for_pick(question):
                return not self.names_aspect(question)
        return False
