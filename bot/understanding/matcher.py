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
that cannot be meant. With a calibration (knowledge/calibration.yaml), these signals and
a few about the question become a probability that each intent is the one meant, and
the decision follows from it: answer (with alternatives when only probably right),
"did you mean" when two or more are truly close, or decline. Without one, hand-set
thresholds on the fused score decide. Another technology named as the subject of a
comparison (or the only subject) is declined; named as context it is set aside.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace
from operator import mul

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.base.sides import SIDES
from bot.base.text import NormalisedText, Normaliser, clean_slack_text
from bot.content.model import KnowledgeBase, MatcherSettings
from bot.understanding.decision import OUT_OF_SCOPE, Candidate, Match, decide
from bot.understanding.example_index import ExampleIndex, sorted_words, weighted_share
from bot.understanding.recommendation import GENERIC_INTENTS, RequestReader
from bot.understanding.rules import question_subject, rules_of
from bot.understanding.scope import ScopeFeatures
from bot.understanding.technologies import OtherTechnologies

MAX_PARTS = 3  # questions of a long message read on their own (bounds the time)
SHORTLIST = 100  # examples scored in full per question (bounds p99 latency)
FEATURES = ("sort", "set", "cosine", "coverage")  # fused by the settings' weights
_CLAUSE = re.compile(r"(?<=[.!?\n;:,])\s+|\s+[-\u2013\u2014]+\s+")


class IntentMatcher:
    """An index over the knowledge base's examples; `match` is a pure lookup."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.settings: MatcherSettings = kb.settings.matcher
        calibration = kb.settings.calibration
        # A model fitted for other signals cannot judge these: the hand-set thresholds do.
        self.calibration = calibration if calibration and calibration.complete else None
        self.normaliser: Normaliser = kb.normaliser
        self.shortlist = SHORTLIST
        self._index = ExampleIndex(kb, self.normaliser)
        self._rules = {i.id: rules_of(i) for i in kb.intents}
        self.requests = RequestReader(kb, self.normaliser)
        vocabulary = kb.settings.vocabulary
        # A side's name alone is a topic, not a question: offer that side's questions.
        self._lone_sides = {
            (side,): tuple(Candidate(i.id, 1.0) for i in kb.intents if i.subject == side)
            for side in SIDES
        }
        self._technologies = OtherTechnologies(
            kb.settings.other_technologies,
            vocabulary.compared_technologies,
            [name for names in vocabulary.ecosystem.values() for name in names],
        )
        self.scope = kb.settings.scope  # the out-of-scope model, when fitted
        self.scope_features = ScopeFeatures(self._technologies, self.requests)

    def outside(self, text: str, question: NormalisedText | None = None) -> float:
        """How likely the message is outside this assistant's job (0 without a model). A
        technology the rules let through is context ("coming from java"): set aside."""
        if self.scope is None:
            return 0.0
        question = question or self.normaliser.normalise(text)
        if self._technologies.find(question.text) is not None:
            question = self._without(question)
        return self.scope.probability(self.scope_features.features(text, question))

    def match(self, text: str) -> Match:
        """The decision for one message. When the whole message is not answered and it
        holds several parts ("we're mostly react devs, is node faster?"), its questions
        (the parts ending in "?", the last few) are read on their own, so context does
        not dilute them. After another technology, only a question naming a side counts:
        "Rails vs Laravel. Which is better?" stays declined."""
        question = self.normaliser.normalise(text)
        pick = self.requests.asks_for_recommendation(text, question)
        whole = self.match_normalised(question, pick)
        decided_by_rules = whole.other_technology or whole.framework
        # Its own learned decision: a how-to, an error report, a request, another tool...
        # is declined whatever intent it resembles.
        if (
            not (decided_by_rules or question.is_empty or question.stems in self._lone_sides)
            and self.outside(text, question) >= self.settings.decline_at
        ):
            return Match("out_of_scope", whole.candidates)
        if whole.outcome == "answer" or self.calibration is None:
            return whole
        parts = [p for p in _CLAUSE.split(clean_slack_text(text)) if p.rstrip().endswith("?")]
        readings = []
        for part in parts[-MAX_PARTS:]:
            read = self.normaliser.normalise(part)
            if whole.other_technology and question_subject(read.tokens) is None:
                continue
            # A part that reads as the whole message ("use both?") was decided already.
            readings.append(whole if read == question else self.match_normalised(read, pick))
        answered = [r for r in readings if r.outcome == "answer"]
        return max(answered, key=lambda r: r.confidence) if answered else whole

    def match_normalised(self, question: NormalisedText, pick: bool = False) -> Match:
        """`pick`: the message asks for a recommendation (`RequestReader`), so the generic
        answers stay allowed even where it names an aspect of the project."""
        read = self.reading(question, pick)
        if isinstance(read, Match):
            return read
        question, left_out = read
        return replace(self._decide(question, pick), left_out=left_out)

    def reading(
        self, question: NormalisedText, pick: bool = False
    ) -> Match | tuple[NormalisedText, str | None]:
        """The question as the decision reads it (and any technology left out of it), or
        the decision itself when no reading is needed: nothing to read, only a side's
        name, or another technology as the question's subject."""
        if question.is_empty:
            return Match("out_of_scope")
        if question.stems in self._lone_sides:  # "node?": what about it?
            return Match("unsure", self._lone_sides[question.stems])
        framework = self._technologies.framework_alone(question.folded, question.tokens)
        if framework is not None:
            return Match("out_of_scope", framework=framework)
        other = self._technologies.find(question.text)
        if other is None:
            return question, None
        role = self._technologies.role(other, question.tokens)
        if role == "subject" or (
            role == "maybe context" and not self._answerable_without(question, pick)
        ):
            return Match("out_of_scope", other_technology=other)
        return self._without(question), (other if role == "beside" else None)

    def _without(self, question: NormalisedText) -> NormalisedText:
        """The question with the other technologies named in it set aside."""
        stripped = self.normaliser.normalise(self._technologies.without(question.text))
        return question if stripped.is_empty else stripped

    def _answerable_without(self, question: NormalisedText, pick: bool) -> bool:
        """'the learning curve for someone coming from java': Java is only context."""
        return self._decide(self._without(question), pick).outcome != "out_of_scope"

    def _decide(self, question: NormalisedText, pick: bool = False) -> Match:
        return decide(self.signals(question, pick), self.calibration, self.settings)

    def signals(self, question: NormalisedText, pick: bool = False) -> dict[str, dict[str, float]]:
        """Every calibration signal (bot/content/calibration.py) of each candidate intent."""
        allowed = self._allowance(question, pick)
        features = self.features(question, allowed)
        words = frozenset(question.text.split())
        concepts = {
            owner
            for owner, pattern in self._index.concepts.items()
            if not self._index.concept_starts[owner].isdisjoint(words)
            and allowed(owner)
            and pattern.search(question.text)
        }
        if concepts - features.keys():
            coverage = self._index.coverages(self._index.intent_weights(frozenset(question.stems)))
            for owner in concepts - features.keys():
                position = self._index.vocab_position[owner]
                features[owner] = (0.0, 0.0, 0.0, float(coverage[position]))
        if not features:
            return {}
        weights = [self.settings.weights.get(n, 0.0) for n in FEATURES]
        fused = {owner: sum(map(mul, weights, values)) for owner, values in features.items()}
        ordered = sorted(fused, key=fused.__getitem__, reverse=True)
        leader = ordered[0]
        second = fused[ordered[1]] if len(ordered) > 1 else 0.0
        stems = frozenset(question.stems)
        idf = self._index.intent_weights(stems)
        question_level = {
            "unknown": weighted_share(idf, stems - self._index.known_stems),
            "length": min(len(stems), 12) / 12.0,
            "sides": sum(side in question.tokens for side in SIDES) / len(SIDES),
        }
        rows: dict[str, dict[str, float]] = {}
        for owner, values in features.items():
            best_other = second if owner == leader else fused[leader]
            sort, set_, cosine, share = values
            rows[owner] = {
                "sort": sort,
                "set": set_,
                "cosine": cosine,
                "coverage": share,
                "concept": float(owner in concepts),
                # Near-verbatim to an example: trusted however short the question is.
                "verbatim": max(0.0, (values[0] - 0.8) / 0.2),
                "lead": fused[owner] - best_other,
                "top": float(owner == leader),
                "out_of_scope": float(owner == OUT_OF_SCOPE),
                "fused": fused[owner],
                **question_level,
            }
        return rows

    def _allowance(self, question: NormalisedText, pick: bool) -> Callable[[str], bool]:
        """Whether the content's rules let an intent answer this question (memoised)."""
        tokens = frozenset(question.tokens)
        subject = question_subject(question.tokens)
        verdicts: dict[str, bool] = {OUT_OF_SCOPE: True}
        # Specific over generic: a question naming an aspect gets that aspect's answer
        # (unless it asks for a pick: then the aspects it names describe the project).
        if not pick and self.requests.names_aspect(question):
            verdicts |= dict.fromkeys(GENERIC_INTENTS & self._rules.keys(), False)

        def allowed(owner: str) -> bool:
            if owner not in verdicts:
                verdicts[owner] = self._rules[owner].allow(tokens, subject)
            return verdicts[owner]

        return allowed

    def features(
        self, question: NormalisedText, allowed: Callable[[str], bool]
    ) -> dict[str, tuple[float, ...]]:
        """The four similarity signals of each allowed intent sharing a word with the
        question."""
        exact = self._index.exact.get(question.text)
        if exact is not None and allowed(exact):
            return {exact: (1.0,) * len(FEATURES)}
        stems = frozenset(question.stems)
        index = self._index
        candidates, dots = index.shortlist(stems, allowed, self.shortlist)
        if not candidates.size:
            return {}
        question_norm = math.sqrt(
            sum(index.example_idf.get(s, index.example_unknown) ** 2 for s in stems)
        )
        chosen = candidates.tolist()
        texts = [index.texts[i] for i in chosen]
        sorted_texts = [index.sorted_texts[i] for i in chosen]
        owners = index.owner_ids[candidates]
        columns = (
            _scores(sorted_words(question.text), sorted_texts, fuzz.ratio) / 100.0,
            _scores(question.text, texts, fuzz.token_set_ratio) / 100.0,
            dots / (question_norm * index.norms[candidates]),
        )
        # Each intent's best value of each signal, intents in the order their best
        # example ranks (ties in the fused score keep that order).
        best = np.zeros((len(columns), len(index.owner_names)))
        for row, column in zip(best, columns, strict=True):
            np.maximum.at(row, owners, column)
        coverage = index.coverages(index.intent_weights(stems))
        best_of = best.T.tolist()
        covered = coverage.tolist()
        result: dict[str, tuple[float, ...]] = {}
        for owner_id in dict.fromkeys(owners.tolist()):
            owner = index.owner_names[owner_id]
            result[owner] = (*best_of[owner_id], covered[index.vocab_position[owner]])
        return result


def _scores(
    query: str, choices: list[str], scorer: Callable[..., float]
) -> npt.NDArray[np.float64]:
    """Scores of `query` against every choice, in the choices' order."""
    scores: npt.NDArray[np.float64] = process.cdist(
        [query], choices, scorer=scorer, dtype=np.float64, workers=1
    )[0]
    return scores
