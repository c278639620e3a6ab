"""The matcher's index over the content's examples: their normalised texts and owners,
an inverted index with IDF weights, and each intent's vocabulary and concept phrases.
Built once per content version; read-only afterwards."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Collection, Container, Iterable, Mapping

import numpy as np
import numpy.typing as npt

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
        # A phrase is found only where its first word is: most questions skip the search.
        self.concept_starts = {
            intent_id: frozenset(
                words[0] for p in phrases if (words := normaliser.normalise(p).text.split())
            )
            for intent_id, phrases in concepts.items()
        }
        self.exact = dict(zip(self.texts, self.owners, strict=True))
        # token_sort_ratio's own preprocessing, done once: sorted words, then plain ratio.
        self.sorted_texts = [sorted_words(t) for t in self.texts]
        self.vocab = {owner: frozenset(stems) for owner, stems in vocab.items()}
        self.vocab_position = {owner: i for i, owner in enumerate(self.vocab)}
        self._stem_owners = _inverted(self.vocab.values())
        self.known_stems = frozenset().union(*self.vocab.values())
        # Intent-level IDF for coverage, example-level IDF for cosine.
        self.intent_idf, self.intent_unknown = _idf_table(list(self.vocab.values()))
        self.example_idf, self.example_unknown = _idf_table(example_stems)
        # Arrays, so a question's candidates are summed and ranked in a few vector
        # operations rather than a Python loop over every example sharing a common word.
        self.postings = _inverted(example_stems)
        self.norms: npt.NDArray[np.float64] = np.array(
            [math.sqrt(sum(self.example_idf[s] ** 2 for s in st)) or 1.0 for st in example_stems]
        )
        self.owner_names: tuple[str, ...] = tuple(dict.fromkeys(self.owners))
        position = {owner: i for i, owner in enumerate(self.owner_names)}
        self.owner_ids: npt.NDArray[np.intp] = np.array(
            [position[o] for o in self.owners], dtype=np.intp
        )

    def intent_weights(self, stems: Iterable[str]) -> dict[str, float]:
        """Each stem's IDF over the intents (a stem no intent uses weighs the most)."""
        return {s: self.intent_idf.get(s, self.intent_unknown) for s in stems}

    def shortlist(
        self, stems: Iterable[str], allowed: Callable[[str], bool], limit: int
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        """The allowed examples sharing the most informative words with the question
        (at most `limit`, best first, ties in example order) and their IDF dot products.
        Fuzzy scoring, the costly part, runs on these only: this bounds a question's time."""
        held = [s for s in stems if s in self.postings]
        if not held:
            return np.zeros(0, dtype=np.intp), np.zeros(0)
        postings = [self.postings[s] for s in held]
        # One pass over the stems' postings; each example's sum adds its stems in order.
        weights = np.repeat([self.example_idf[s] ** 2 for s in held], [len(p) for p in postings])
        counted = np.bincount(np.concatenate(postings), weights, minlength=len(self.owners))
        dots = np.asarray(counted, dtype=np.float64)
        permitted = np.fromiter((allowed(o) for o in self.owner_names), dtype=bool)
        candidates = np.flatnonzero((dots > 0.0) & permitted[self.owner_ids])
        candidates = candidates[np.argsort(-dots[candidates], kind="stable")[:limit]]
        return candidates, dots[candidates]

    def coverages(self, weights: Mapping[str, float]) -> npt.NDArray[np.float64]:
        """`weighted_share(weights, vocab[owner])` of every owner at once, by
        `vocab_position` (the same additions in the same order, so the same figures)."""
        covered = np.zeros(len(self.vocab))
        for s, w in weights.items():
            if s in self._stem_owners:
                covered[self._stem_owners[s]] += w
        total: float = sum(weights.values()) or 1.0
        return covered / total


def _inverted(rows: Iterable[Iterable[str]]) -> dict[str, npt.NDArray[np.intp]]:
    """Each stem -> the positions of the rows holding it, in order."""
    positions: dict[str, list[int]] = defaultdict(list)
    for position, stems in enumerate(rows):
        for s in stems:
            positions[s].append(position)
    return {s: np.array(p, dtype=np.intp) for s, p in positions.items()}


def sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


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
