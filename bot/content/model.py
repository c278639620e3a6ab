"""The knowledge base's model: intents, comparison criteria and settings as frozen
dataclasses, and the normaliser built from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Generic, Literal, TypeVar

from bot.base.sides import Edge, Side
from bot.base.text import Normaliser, fold
from bot.content.calibration import Calibration
from bot.content.fields import FieldReader
from bot.content.messages import Messages
from bot.content.negatives import NegativeSet
from bot.content.questionnaire import Questionnaire
from bot.content.scope_model import ScopeModel
from bot.content.surfaces import Surfaces
from bot.content.vocabulary import EMPTY as EMPTY_VOCABULARY
from bot.content.vocabulary import Vocabulary
from bot.content.yaml_source import Problem

EXAMPLE_MAX_CHARS = 300

T = TypeVar("T")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A parsed item with the reader that knows where its fields are."""

    item: T
    reader: FieldReader


@dataclass(frozen=True)
class Intent:
    id: str
    title: str
    examples: tuple[str, ...]
    answer: str
    related: tuple[str, ...] = ()
    details: str = ""  # the longer answer for "tell me more"
    kind: Literal["faq", "conversation"] = "faq"
    requires: tuple[str, ...] = ()  # at least one of these words must be in the question
    excludes: tuple[str, ...] = ()  # none of these words may be in the question
    subject: Side | None = None  # the technology the question is about, if only one
    criterion: str | None = None  # the /compare criterion this question is about
    counterpart: str | None = None  # the same question about the other technology
    source: str = ""
    # The first line when the question names one side and the answer leads with the
    # other ("does node have an admin panel?" must not open with "Django does").
    openings: tuple[tuple[Side, str], ...] = ()

    def opening(self, side: Side) -> str | None:
        return dict(self.openings).get(side)


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    aliases: tuple[str, ...]
    node: str
    django: str
    edge: Edge
    why: str


@dataclass(frozen=True)
class MatcherSettings:
    confident: float = 0.72  # at or above: answer
    unsure: float = 0.42  # at or above (and below confident): "did you mean"
    margin: float = 0.06  # a closer runner-up than this makes the answer unsure
    # The calibrated decision, on the probability that the best intent is the one meant:
    answer_at: float = 0.6  # answer from here
    sure_at: float = 0.9  # ... with "Not quite?" alternatives below this
    suggest_at: float = 0.3  # below answer_at, "did you mean" from here when others are close
    close: float = 0.5  # a runner-up at least this share as likely as the best is close
    in_domain: float = 0.05  # unknown-word share up to which a question is in the domain
    # The out-of-scope model (knowledge/scope_model.json): decline from this probability.
    decline_at: float = 0.5
    # How much each matcher signal counts (see bot/understanding/matcher.py); they add up to 1.
    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"sort": 0.2, "set": 0.3, "cosine": 0.2, "coverage": 0.3}
        )
    )


@dataclass(frozen=True)
class FuzzyCutoffs:
    """rapidfuzz scores (0-100) from which a typed phrase counts as a near name."""

    typed_option: int = 80  # an advisor option typed with typos ("javscript")
    question_name: int = 70  # "change the admin answer" -> a question
    criterion_name: int = 75  # "/compare perf" -> a criterion
    same_question: int = 75  # two unanswered questions in one `kb gaps` cluster


@dataclass(frozen=True)
class Settings:
    matcher: MatcherSettings
    min_examples: int
    aliases: Mapping[str, tuple[str, ...]]
    domain_words: tuple[str, ...]
    other_technologies: tuple[str, ...]
    out_of_scope_examples: tuple[str, ...]
    vocabulary: Vocabulary = EMPTY_VOCABULARY
    calibration: Calibration | None = None  # knowledge/calibration.yaml, when fitted
    negatives: NegativeSet = field(default_factory=NegativeSet)  # knowledge/out_of_scope.yaml
    scope: ScopeModel | None = None  # knowledge/scope_model.json, when fitted
    fuzzy: FuzzyCutoffs = field(default_factory=FuzzyCutoffs)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: it is loaded once
class KnowledgeBase:
    root: Path
    intents: tuple[Intent, ...]
    criteria: tuple[Criterion, ...]
    settings: Settings
    questionnaire: Questionnaire
    # knowledge/surfaces.yaml: the texts around the answers on Slack's surfaces
    surfaces: Surfaces = field(default_factory=Surfaces)
    messages: Messages = field(default_factory=Messages)  # knowledge/messages.yaml
    _intents_by_id: Mapping[str, Intent] = field(default_factory=dict, compare=False, repr=False)
    _criteria_by_id: Mapping[str, Criterion] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "_intents_by_id", MappingProxyType({i.id: i for i in self.intents})
        )
        object.__setattr__(
            self, "_criteria_by_id", MappingProxyType({c.id: c for c in self.criteria})
        )

    def intent(self, intent_id: str) -> Intent:
        return self._intents_by_id[intent_id]

    def has_intent(self, intent_id: str) -> bool:
        return intent_id in self._intents_by_id

    def criterion(self, criterion_id: str) -> Criterion:
        return self._criteria_by_id[criterion_id]

    @cached_property
    def normaliser(self) -> Normaliser:
        return build_normaliser(self.settings, self.intents)


class KnowledgeError(Exception):
    """The content has problems; `problems` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def build_normaliser(settings: Settings, intents: tuple[Intent, ...] = ()) -> Normaliser:
    known = {w for i in intents for text in (*i.examples, i.title) for w in fold(text).split()}
    # Other technologies are known (never corrected) but never a correction target:
    # "trust" must not become "rust", nor "perf" "perl".
    known |= {w for tech in settings.other_technologies for w in tech.split()}
    vocabulary = settings.vocabulary
    known |= {w for phrases in vocabulary.concepts.values() for p in phrases for w in p.split()}
    aliases = dict(settings.aliases)
    for side, names in vocabulary.aliases().items():
        aliases[side] = (*aliases.get(side, ()), *names)
    domain = {*settings.domain_words, *settings.aliases}
    return Normaliser(aliases, known_words=known, domain_words=domain, filler=vocabulary.filler)
