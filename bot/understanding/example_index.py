"""The matcher's index over the content's examples: their normalised texts and owners,
an inverted index with IDF weights, and each intent's vocabulary and concept phrases.
Built once per content version; read-only afterwards."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Container, Iterable, Mapping

from bot.base.text import Normaliser, whole_words
from bot.content.model import KnowledgeBase
from bot.understanding.decision import OUT_OF_SCOPE


class ExampleIndex:
    def __init__(self, kb: KnowledgeBase, normaliser: Normaliser) -> None:
        labelled = [(i.id, e) for i in kb.intents for e in (*i.examples, i.title)]
        labelled += [(OUT_OF_SCOPE, e) for e in kb.settings.out_of_scope_examples]
        self.texts: list[str] = []
        self.owners: list[str] = []
        example_stems: list[frozenset[str]] = []
        vocab: dict[str, set[str]] = defaultdict(set)
        for owner, example in labelled:
            norm = normaliser.normalise(example)
            if norm.is_empty:
                continue
            self.texts.append(norm.text)
            self.owners.append(owner)
            example_stems.append(frozenset(norm.stems))
            vocab[owner].update(norm.stems)
        for intent in kb.intents:  # a criterion's name and aliases are words for its intent
            if intent.criterion:
                criterion = kb.criterion(intent.criterion)
                for phrase in (criterion.name, *criterion.aliases):
                    vocab[intent.id].update(normaliser.normalise(phrase).stems)
        concepts = kb.settings.vocabulary.concepts
        for intent_id, phrases in concepts.items():  # concept words are the intent's words
            for phrase in phrases:
                vocab[intent_id].update(normaliser.normalise(phrase).stems)
        # Phrases are searched in normalised questions, so normalise them the same way.
        self.concepts = {
            intent_id: pattern
            for intent_id, phrases in concepts.items()
            if (pattern := whole_words(normaliser.normalise(p).text for p in phrases))
        }
        self.exact = dict(zip(self.texts, self.owners, strict=True))
        self.vocab = {owner: frozenset(stems) for owner, stems in vocab.items()}
        self.known_stems = frozenset().union(*self.vocab.values())
        # Intent-level IDF for coverage, example-level IDF for cosine.
        self.intent_idf, self.intent_unknown = _idf_table(list(self.vocab.values()))
        self.example_idf, self.example_unknown = _idf_table(example_stems)
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.norms: list[float] = []
        for index, stems in enumerate(example_stems):
            for s in stems:
                self.postings[s].append(index)
            self.norms.append(math.sqrt(sum(self.example_idf[s] ** 2 for s in stems)) or 1.0)

    def intent_weights(self, stems: Iterable[str]) -> dict[str, float]:
        """Each stem's IDF over the intents (a stem no intent uses weighs the most)."""
        return {s: self.intent_idf.get(s, self.intent_unknown) for s in stems}


def weighted_share(weights: Mapping[str, float], among: Container[str]) -> float:
    """The IDF-weighted share of the stems that are `among` (0 with no stems)."""
    return sum(w for s, w in weights.items() if s in among) / (sum(weights.values()) or 1.0)


def _idf(documents: int, frequency: int) -> float:
    return math.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))


def _idf_table(docs: Collection[frozenset[str]]) -> tuple[dict[str, float], float]:
    frequency: dict[str, int] = defaultdict(int)
    for stems in docs:
        for s in stems:
            frequency[s] += 1
    return {s: _idf(len(docs), df) for s, df in frequency.items()}, _idf(len(docs), 0)
