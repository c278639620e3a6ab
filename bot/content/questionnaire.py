"""The advisor's questions, options and weights (knowledge/advisor.yaml, read by
bot/content/questionnaire_file.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from bot.base.controls import Control
from bot.base.text import fold
from bot.content.conversation_words import ConversationWords
from bot.content.messages import Messages
from bot.content.scoring_rules import Mixed, Source


@dataclass(frozen=True)
class AnswerOption:
    value: str
    label: str
    aliases: tuple[str, ...]  # folded phrases a person may type for this option
    node: float
    django: float
    strong: str | None  # "node" or "django": a need only that side meets well
    reason: str
    understood: str = ""  # how a project description's answer is echoed ("admin needed")
    source: Source | None = None  # required when the option gives points
    # Answers that cancel this option's points (question id, value): where the article
    # supports both sides, e.g. a JavaScript-only team's expertise outweighs delivery speed.
    unless: tuple[tuple[str, str], ...] = ()

    @property
    def scores(self) -> bool:
        return bool(self.node or self.django)


@dataclass(frozen=True)
class Question:
    id: str
    title: str  # short name, e.g. for "change <title>"
    text: str
    why: str
    options: tuple[AnswerOption, ...]
    # Reading a project description: folded phrases that show a clause speaks of this
    # question, and the option meant when it does without saying which.
    topic: tuple[str, ...] = ()
    when_mentioned: str | None = None
    not_when: tuple[str, ...] = ()  # folded phrases in which a topic word means something else
    mixed: Mixed | None = None

    def option(self, value: str) -> AnswerOption | None:
        return next((o for o in self.options if o.value == value), None)

    @cached_property
    def phrases(self) -> Mapping[str, str]:
        """Every folded phrase that means one of the options -> its value (built once)."""
        phrases: dict[str, str] = {}
        for option in self.options:
            for phrase in (fold(option.value), fold(option.label), *option.aliases):
                phrases.setdefault(phrase, option.value)
        return MappingProxyType(phrases)


@dataclass(frozen=True)
class DescriptionCues:
    """What makes a message a project description rather than a question (folded)."""

    pick_requests: tuple[str, ...] = ()  # "what would you pick", "which should we use"
    own_project: tuple[str, ...] = ()  # "we are building", "our team"
    min_words: int = 12  # a described project with nothing to read still gets the advisor


@dataclass(frozen=True)
class Questionnaire:
    questions: tuple[Question, ...]
    controls: Mapping[Control, tuple[str, ...]]  # control name -> folded phrases
    min_share: float
    description: DescriptionCues = DescriptionCues()
    conversation: ConversationWords = field(default_factory=ConversationWords)  # "tell me more"
    article_sections: tuple[str, ...] = ()  # the headings a rule's source may name
    # From knowledge/settings.yaml's `fuzzy` (the loader sets them): typed option, question.
    typed_option_cutoff: int = 80
    question_name_cutoff: int = 70
    # knowledge/messages.yaml (the loader sets it): the advisor's own words.
    messages: Messages = field(default_factory=Messages)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)
