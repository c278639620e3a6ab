"""Map a question to an intent: answer, "did you mean", or out of scope.

Every intent is scored from four signals, weighted by the knowledge settings:
- `sort`: rapidfuzz token-sort similarity to its closest example (word order and
  small spelling differences don't matter; extra or missing words do);
- `set`: rapidfuzz token-set similarity (generous when one side contains the other);
- `cosine`: IDF-weighted cosine between the question's stems and the closest
  example's, so rare words ("csrf", "orm") count for more than common ones;
- `coverage`: the IDF-weighted share of the question's stems that appear anywhere
  in the intent's examples.
Keyword rules from the content (`requires`, `excludes`, `subject`) remove intents
that cannot be meant; the other-technology list and the out-of-scope examples let
the matcher decline instead of guessing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.knowledge import SUBJECTS, Intent, KnowledgeBase, MatcherSettings
from bot.text import NormalisedText, Normaliser

Outcome = Literal["answer", "unsure", "out_of_scope"]
OUT_OF_SCOPE = "out_of_scope"  # pseudo-intent of the knowledge base's out-of-scope examples
SUGGESTIONS = 3
SHORTLIST = 100  # examples scored in full per question (bounds p99 latency)
FEATURES = ("sort", "set", "cosine", "coverage")


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
        # "who uses node" must name node; "and django?" follow-ups are the engine's job.
        return self.subject is None or self.subject == subject


def question_subject(tokens: tuple[str, ...]) -> str | None:
    """The technology a question is about: the first of node/django it names."""
    for token in tokens:
        if token in SUBJECTS:
            return token
    return None


def _idf(documents: int, frequency: int) -> float:
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def _rules_of(intent: Intent) -> _Rules:
    return _Rules(frozenset(intent.requires), frozenset(intent.excludes), intent.subject)


class IntentMatcher:
    """An index over the knowledge base's examples; `match` is a pure lookup."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.settings: MatcherSettings = kb.settings.matcher
        self.normaliser: Normaliser = kb.normaliser
        self.shortlist = SHORTLIST
        labelled = [(i.id, e) for i in kb.intents for e in (*i.examples, i.title)]
        labelled += [(OUT_OF_SCOPE, e) for e in kb.settings.out_of_scope_examples]
        self._texts: list[str] = []
        self._owners: list[str] = []
        example_stems: list[frozenset[str]] = []
        vocab: dict[str, set[str]] = defaultdict(set)
        for owner, example in labelled:
            norm = self.normaliser.normalise(example)
            if norm.is_empty:
                continue
            self._texts.append(norm.text)
            self._owners.append(owner)
            example_stems.append(frozenset(norm.stems))
            vocab[owner].update(norm.stems)
        for intent in kb.intents:  # a criterion's name and aliases are words for its intent
            if intent.criterion:
                criterion = kb.criterion(intent.criterion)
                for phrase in (criterion.name, *criterion.aliases):
                    vocab[intent.id].update(self.normaliser.normalise(phrase).stems)
        self._exact = dict(zip(self._texts, self._owners, strict=True))
        self._vocab = {owner: frozenset(stems) for owner, stems in vocab.items()}
        # Intent-level IDF for coverage, example-level IDF for cosine.
        self._intent_idf, self._intent_unknown = self._idf_table(list(self._vocab.values()))
        self._example_idf, self._example_unknown = self._idf_table(example_stems)
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._norms: list[float] = []
        for index, stems in enumerate(example_stems):
            for s in stems:
                self._postings[s].append(index)
            self._norms.append(math.sqrt(sum(self._example_idf[s] ** 2 for s in stems)) or 1.0)
        self._rules = {i.id: _rules_of(i) for i in kb.intents}
        techs = sorted(kb.settings.other_technologies, key=len, reverse=True)
        self._other_tech = (
            re.compile(r"(?<!\S)(" + "|".join(map(re.escape, techs)) + r")(?!\S)")
            if techs
            else None
        )

    @staticmethod
    def _idf_table(docs: Collection[frozenset[str]]) -> tuple[dict[str, float], float]:
        frequency: dict[str, int] = defaultdict(int)
        for stems in docs:
            for s in stems:
                frequency[s] += 1
        return {s: _idf(len(docs), df) for s, df in frequency.items()}, _idf(len(docs), 0)

    def match(self, text: str) -> Match:
        return self.match_normalised(self.normaliser.normalise(text))

    def match_normalised(self, question: NormalisedText) -> Match:
        if question.is_empty:
            return Match("out_of_scope", reason="empty")
        if question_subject(question.tokens) is None and self._other_tech is not None:
            found = self._other_tech.search(question.text)
            if found:
                return Match("out_of_scope", reason="other technology", other_technology=found[1])
        ranked = sorted(self.scores(question).items(), key=lambda item: item[1], reverse=True)
        if not ranked:
            return Match("out_of_scope", reason="no known words")
        top = tuple(Candidate(i, round(s, 4)) for i, s in ranked if i != OUT_OF_SCOPE)
        top = top[:SUGGESTIONS]
        best_id, best = ranked[0]
        if best_id == OUT_OF_SCOPE:
            return Match("out_of_scope", top, reason="closest to an out-of-scope example")
        if best < self.settings.unsure:
            return Match("out_of_scope", top, reason="low score")
        if best < self.settings.confident:
            return Match("unsure", top, reason="score below the confident threshold")
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best - runner_up < self.settings.margin:
            return Match("unsure", top, reason="close runner-up")
        return Match("answer", top)

    def scores(self, question: NormalisedText) -> dict[str, float]:
        """Weighted score of every intent that shares a word with the question."""
        weights = self.settings.weights
        return {
            owner: sum(
                weights.get(name, 0.0) * value for name, value in zip(FEATURES, values, strict=True)
            )
            for owner, values in self.features(question).items()
        }

    def features(self, question: NormalisedText) -> dict[str, tuple[float, ...]]:
        """The four signals for each allowed intent sharing a word with the question."""
        exact = self._exact.get(question.text)
        tokens = frozenset(question.tokens)
        subject = question_subject(question.tokens)

        def allowed(owner: str) -> bool:
            return owner == OUT_OF_SCOPE or self._rules[owner].allow(tokens, subject)

        if exact is not None and allowed(exact):
            return {exact: (1.0,) * len(FEATURES)}
        stems = frozenset(question.stems)
        dots: dict[int, float] = defaultdict(float)
        for s in stems:
            weight = self._example_idf[s] ** 2 if s in self._example_idf else 0.0
            for index in self._postings.get(s, ()):
                dots[index] += weight
        # Fuzzy scoring is the costly part: keep only the examples sharing the most
        # informative words with the question, which bounds the time per question.
        candidates = sorted(
            (i for i in dots if allowed(self._owners[i])), key=dots.__getitem__, reverse=True
        )[: self.shortlist]
        if not candidates:
            return {}
        question_norm = math.sqrt(
            sum(self._example_idf.get(s, self._example_unknown) ** 2 for s in stems)
        )
        best: dict[str, list[float]] = {}
        texts = [self._texts[i] for i in candidates]
        for position, (sort, set_) in enumerate(
            zip(
                _scores(question.text, texts, fuzz.token_sort_ratio),
                _scores(question.text, texts, fuzz.token_set_ratio),
                strict=True,
            )
        ):
            index = candidates[position]
            cosine = dots[index] / (question_norm * self._norms[index])
            row = best.setdefault(self._owners[index], [0.0, 0.0, 0.0, 0.0])
            row[0] = max(row[0], sort / 100.0)
            row[1] = max(row[1], set_ / 100.0)
            row[2] = max(row[2], cosine)
        idf = {s: self._intent_idf.get(s, self._intent_unknown) for s in stems}
        total = sum(idf.values()) or 1.0
        for owner, row in best.items():
            vocab = self._vocab[owner]
            row[3] = sum(w for s, w in idf.items() if s in vocab) / total
        return {owner: tuple(row) for owner, row in best.items()}


def _scores(query: str, choices: list[str], scorer: Callable[..., float]) -> list[float]:
    """Scores of `query` against every choice, in the choices' order."""
    result = [0.0] * len(choices)
    for _choice, score, index in process.extract(query, choices, scorer=scorer, limit=None):
        result[index] = score
    return result
