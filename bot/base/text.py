"""Turn what a person typed in Slack into comparable tokens.

Two stages: `clean_slack_text` removes Slack's markup (mentions, links, emoji, code,
HTML entities, control characters); `Normaliser` then folds case and punctuation,
applies the knowledge base's aliases and corrects misspelt domain words.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA


def whole_words(phrases: Iterable[str], group: bool = False) -> re.Pattern[str] | None:
    """Any of `phrases` as whole words in a normalised text, longest first (None: none).
    With `group`, the phrase found is group 1."""
    texts = sorted(set(phrases) - {""}, key=len, reverse=True)
    if not texts:
        return None
    return re.compile(whole_words_source(texts, group))


def whole_words_source(phrases: Iterable[str], group: bool = False) -> str:
    alternatives = "|".join(map(re.escape, phrases))
    return rf"(?<!\S)({alternatives})(?!\S)" if group else rf"(?<!\S)(?:{alternatives})(?!\S)"


# Longer input is not a question; capping keeps the matcher's cost bounded.
MAX_QUESTION_CHARS = 500
MAX_TOKENS = 60

_FENCED_CODE = re.compile(r"```.*?(?:```|$)", re.DOTALL)
_INLINE_CODE = re.compile(r"`([^`]*)`")
_LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")
_SLACK_ENTITY = re.compile(r"<[@#!][^>]*>")
_EMOJI = re.compile(r":[a-z0-9_+'\-]+:", re.IGNORECASE)
_APOSTROPHE = re.compile(r"(?<=\w)['\u2019`](?=\w)")
_NOT_WORD = re.compile(r"[^\w]+|_+")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"(?:19|20)\d\d")

# Function words that carry no meaning for matching. Question words (what, who, when,
# which, why, how) stay: they separate "what is node" from "who uses node".
STOPWORDS = frozenset(
    """a an the is are was were be been being am do does did doing i me my we our us you
    your it its this that these those of in on at to for from by with as or and but if
    so than then there here can could would should will shall may might must have has
    had having any some just really very please also too about into over up out
    them they their he she his her one ones get got im id ive youre lets let s t
    even wait sorry actually basically like ok okay um hmm guys folks team question
    exactly simply right thing things stuff
    """.split()  # noqa: SIM905 - a word list reads better as prose
)


def clean_slack_text(text: str) -> str:
    """Strip Slack markup and control characters, keeping the words a person wrote."""
    text = text[: MAX_QUESTION_CHARS * 8]
    if "`" in text:  # (each step only when its mark is there: most text has none)
        text = _FENCED_CODE.sub(" ", text)
        text = _INLINE_CODE.sub(r" \1 ", text)
    if "<" in text:
        text = _LINK.sub(lambda m: f" {m.group(2) or ''} ", text)
        text = _SLACK_ENTITY.sub(" ", text)
    text = html.unescape(text)
    if ":" in text:
        text = _EMOJI.sub(" ", text)
    if text.isascii():  # the only such characters in ASCII are the controls (Cc)
        text = text.translate(_ASCII_CONTROLS)
    else:
        text = "".join(" " if unicodedata.category(ch) in _UNWRITTEN else ch for ch in text)
    return _SPACES.sub(" ", text).strip()[:MAX_QUESTION_CHARS]


_UNWRITTEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})  # control, format, surrogate...
_ASCII_CONTROLS = {code: " " for code in (*range(32), 127)}


def fold(text: str) -> str:
    """Case, width and punctuation folding: 'Node.JS  Speed?' -> 'node js speed'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHE.sub("", text)
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", text)).strip()


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """English stem of one folded word ('scaling' -> 'scale')."""
    return str(_STEMMER.stemWord(word))


@dataclass(frozen=True)
class NormalisedText:
    """A question ready for matching."""

    text: str  # folded, aliased, corrected words joined by single spaces
    tokens: tuple[str, ...]
    stems: tuple[str, ...]  # stems of the meaningful tokens (stopwords removed)
    folded: str = ""  # the words as typed, folded, before aliases and corrections

    @property
    def is_empty(self) -> bool:
        return not self.tokens


class Normaliser:
    """Folds text and applies the knowledge base's vocabulary.

    `aliases` maps a canonical word to the phrases that mean it ("node": ["nodejs",
    "node js"]). `known_words` are never corrected; an unknown word may be corrected
    to one of `domain_words` when it is within one or two edits of it.
    """

    def __init__(
        self,
        aliases: Mapping[str, Iterable[str]],
        known_words: Iterable[str] = (),
        domain_words: Iterable[str] = (),
        filler: Iterable[str] = (),
    ) -> None:
        phrase_to_canonical: dict[str, str] = {}
        for canonical, phrases in aliases.items():
            for phrase in phrases:
                folded = fold(phrase)
                if folded and folded != canonical:
                    phrase_to_canonical[folded] = fold(canonical)
        self._aliases = phrase_to_canonical
        self._last: tuple[str, NormalisedText] | None = None
        self._alias_pattern = whole_words(phrase_to_canonical)
        self._domain_words = tuple(sorted({fold(w) for w in domain_words if fold(w)}))
        self._filler = frozenset(fold(w) for w in filler)
        self._known = (
            frozenset(known_words) | frozenset(self._domain_words) | STOPWORDS | self._filler
        )
        self._correct = lru_cache(maxsize=4096)(self._closest_domain_word)

    def apply_aliases(self, folded: str) -> str:
        if self._alias_pattern is None:
            return folded
        return self._alias_pattern.sub(lambda m: self._aliases[m.group(0)], folded)

    def _closest_domain_word(self, word: str) -> str:
        if len(word) < 4 or not word.isalpha() or not self._domain_words:
            return word
        max_edits = 1 if len(word) < 7 else 2
        found = process.extractOne(
            word, self._domain_words, scorer=OSA.distance, score_cutoff=max_edits
        )
        return str(found[0]) if found is not None else word

    def correct(self, word: str) -> str:
        """The domain word a misspelling stands for, or the word itself."""
        return word if word in self._known else str(self._correct(word))

    def normalise(self, text: str) -> NormalisedText:
        """`text` ready for matching. A turn normalises its text more than once (the
        matcher, then the side it names): the last text's result is kept for that."""
        last = self._last
        if last is not None and last[0] == text:
            return last[1]
        normalised = self._normalise(text)
        self._last = (text, normalised)
        return normalised

    def _normalise(self, text: str) -> NormalisedText:
        typed = fold(clean_slack_text(text))
        folded = self.apply_aliases(typed)
        words = [self.correct(w) for w in folded.split()[:MAX_TOKENS]]
        # A corrected word may complete an alias ("nod js" -> "node js" -> "node").
        joined = self.apply_aliases(" ".join(words))
        # Titles and long messages carry words that say nothing about the question
        # ("the ultimate guide", "in 2025"): they would only dilute the scores.
        kept = [t for t in joined.split() if t not in self._filler and not _YEAR.fullmatch(t)]
        if kept:
            joined = " ".join(kept)
        tokens = tuple(joined.split())
        stems = tuple(stem(t) for t in tokens if t not in STOPWORDS)
        return NormalisedText(joined, tokens, stems, typed)
