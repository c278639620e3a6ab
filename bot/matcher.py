"""Map a question to an intent: answer, "did you mean", or out of scope.

Each intent is scored by two signals computed against its examples:
- fuzzy similarity (rapidfuzz) to the closest example, which tolerates word order,
  extra words and small typos;
- IDF-weighted coverage: how much of the question's informative vocabulary the
  intent's examples use, so rare words ("csrf", "orm") count for more than common
  ones ("node", "which").
Keyword rules from the content (`requires`, `excludes`, `subject`) then remove
intents that cannot be meant, and the knowledge base's other-technology list and
out-of-scope examples let the matcher decline instead of guessing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.knowledge import SUBJECTS, Intent, KnowledgeBase, MatcherSettings
from bot.text import NormalisedText, Normaliser

Outcome = Literal["answer", "unsure", "out_of_scope"]
OUT_OF_SCOPE = "out_of_scope"  # pseudo-intent of the knowledge base's out-of-scope examples
SUGGESTIONS = 3


@dataclass(frozen=True)
class Candidate:
    intent: str
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's decision about one question."""

    outcome: Outcome
    candidates: tuple[Candidate, ...] = ()  # best first, at most SUGGESTIONS
    reason: str = ""  # why it was declined or unsure, for logs and `advisor eval`
    other_technology: str | None = None  # the out-of-scope technology named, if any

    @property
    def intent(self) -> str | None:
        return self.candidates[0].intent if self.outcome == "answer" else None

    @property
    def confidence(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def suggestions(self) -> tuple[str, ...]:
        return tuple(c.intent for c in self.candidates) if self.outcome == "unsure" else ()


@dataclass(frozen=True)
class _Rules:
    requires: frozenset[str]
    excludes: frozenset[str]
    subject: str | None

    def allow(self, tokens: frozenset[str], subject: str | None) -> bool:
        if self.requires and not self.requires & tokens:
            return False
        if self.excludes & tokens:
            return False
        return not (self.subject and subject and self.subject != subject)


def question_subject(tokens: tuple[str, ...]) -> str | None:
    """The technology a question is about: the first of node/django it names."""
    for token in tokens:
        if token in SUBJECTS:
            return token
    return None


class IntentMatcher:
    """An index over the knowledge base's examples; `match` is a pure lookup."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.settings: MatcherSettings = kb.settings.matcher
        self.normaliser: Normaliser = kb.normaliser()
        texts: list[str] = []
        owners: list[str] = []
        vocab: dict[str, set[str]] = defaultdict(set)
        labelled = [(i.id, e) for i in kb.intents for e in (*i.examples, i.title)]
        labelled += [(OUT_OF_SCOPE, e) for e in kb.settings.out_of_scope_examples]
        for owner, example in labelled:
            norm = self.normaliser.normalise(example)
            if norm.is_empty:
                continue
            texts.append(norm.text)
            owners.append(owner)
            vocab[owner].update(norm.stems)
        self._texts = texts
        self._owners = owners
        self._exact = dict(zip(texts, owners, strict=True))
        self._vocab = {owner: frozenset(stems) for owner, stems in vocab.items()}
        documents = len(self._vocab)
        frequency: dict[str, int] = defaultdict(int)
        for stems in self._vocab.values():
            for s in stems:
                frequency[s] += 1
        self._idf = {s: _idf(documents, df) for s, df in frequency.items()}
        self._unknown_idf = _idf(documents, 0)
        self._rules = {i.id: _rules_of(i) for i in kb.intents}
        techs = sorted(kb.settings.other_technologies, key=len, reverse=True)
        self._other_tech = (
            re.compile(r"(?<!\S)(" + "|".join(map(re.escape, techs)) + r")(?!\S)")
            if techs
            else None
        )

    def match(self, text: str) -> Match:
        return self.match_normalised(self.normaliser.normalise(text))

    def match_normalised(self, question: NormalisedText) -> Match:
        if question.is_empty:
            return Match("out_of_scope", reason="empty")
        subject = question_subject(question.tokens)
        if subject is None and self._other_tech is not None:
            found = self._other_tech.search(question.text)
            if found:
                return Match("out_of_scope", reason="other technology", other_technology=found[1])
        scores = self.scores(question)
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        if not ranked:
            return Match("out_of_scope", reason="no intent allows this question")
        top = tuple(Candidate(i, round(s, 4)) for i, s in ranked if i != OUT_OF_SCOPE)
        top = top[:SUGGESTIONS]
        best_id, best = ranked[0]
        if best_id == OUT_OF_SCOPE:
            return Match("out_of_scope", top, reason="closest to an out-of-scope example")
        if best < self.settings.unsure:
            return Match("out_of_scope", top, reason="low score")
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best < self.settings.confident:
            return Match("unsure", top, reason="score below the confident threshold")
        if best - runner_up < self.settings.margin:
            return Match("unsure", top, reason="close runner-up")
        return Match("answer", top)

    def scores(self, question: NormalisedText) -> dict[str, float]:
        """Score of every allowed intent (and the out-of-scope pseudo-intent)."""
        tokens = frozenset(question.tokens)
        subject = question_subject(question.tokens)
        allowed = {
            owner
            for owner in self._vocab
            if owner == OUT_OF_SCOPE or self._rules[owner].allow(tokens, subject)
        }
        exact = self._exact.get(question.text)
        if exact is not None and exact in allowed:
            return {exact: 1.0}
        fuzzy: dict[str, float] = {}
        for _text, score, index in process.extract(
            question.text, self._texts, scorer=fuzz.token_set_ratio, limit=None
        ):
            owner = self._owners[index]
            if owner in allowed and score > fuzzy.get(owner, -1.0):
                fuzzy[owner] = score
        weights = {s: self._idf.get(s, self._unknown_idf) for s in question.stems}
        total = sum(weights.values())
        w = self.settings.fuzzy_weight
        result: dict[str, float] = {}
        for owner in allowed:
            vocab = self._vocab[owner]
            coverage = (
                sum(weight for s, weight in weights.items() if s in vocab) / total if total else 0.0
            )
            result[owner] = w * fuzzy.get(owner, 0.0) / 100.0 + (1.0 - w) * coverage
        return result


def _idf(documents: int, frequency: int) -> float:
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def _rules_of(intent: Intent) -> _Rules:
    return _Rules(frozenset(intent.requires), frozenset(intent.excludes), intent.subject)
