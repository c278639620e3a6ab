"""The advisor's questions, options and weights, loaded from knowledge/advisor.yaml."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.base.controls import OPTIONAL_TYPED_CONTROLS, TYPED_CONTROLS, Control
from bot.base.slack_limits import SLACK_BUTTON_TEXT, SLACK_SECTION_TEXT
from bot.base.text import fold
from bot.content.conversation_words import ConversationWords, read_conversation
from bot.content.fields import FieldReader
from bot.content.messages import Messages
from bot.content.scoring_rules import Mixed, Source, read_mixed, unless_problems
from bot.content.yaml_source import LocatedList, Problem, read_yaml

MAX_POINTS = 10.0
OPTIONAL_SECTIONS: tuple[str, ...] = ("hybrid", "yes_words", "no_words", "descriptions")
OPTIONAL_SECTIONS += ("article_sections", "conversation")  # conversation: conversation_words.py


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


def _flat(items: Any) -> list[Any]:
    """Alias lists may include a shared list by YAML alias: flatten one level."""
    if not isinstance(items, list):
        return [items]
    return [x for item in items for x in (item if isinstance(item, list) else [item])]


def _flatten_field(r: FieldReader, key: str) -> None:
    value = r.data.get(key)
    if isinstance(value, LocatedList) and any(isinstance(v, list) for v in value):
        flat = LocatedList(_flat(value))
        flat.line = value.line
        flat.item_lines = [value.line] * len(flat)
        r.data[key] = flat


def _read_option(
    path: str, entry: Any, sections: tuple[str, ...]
) -> tuple[AnswerOption, list[Problem]]:
    r = FieldReader(
        path,
        entry,
        required=("value", "label", "reason"),
        optional=("aliases", "node", "django", "strong", "understood", "source", "unless"),
        what="option",
    )
    _flatten_field(r, "aliases")
    source = None
    if "source" in r.data:
        s = FieldReader(path, r.mapping("source"), ("section", "says"), (), "source")
        source = Source(s.text("section"), s.text("says"))
        if source.section and source.section not in sections:
            s.fail("section", f"source section '{source.section}' is not in article_sections")
        r.problems += s.problems
    unless = tuple((str(k), str(v)) for k, v in r.mapping("unless").items())
    strong = r.choice("strong", ("node", "django"), "node") if "strong" in r.data else None
    option = AnswerOption(
        value=r.text("value"),
        label=r.text("label", max_chars=SLACK_BUTTON_TEXT),
        aliases=tuple(fold(a) for a in r.text_list("aliases")),
        node=r.number("node", 0.0, 0.0, MAX_POINTS),
        django=r.number("django", 0.0, 0.0, MAX_POINTS),
        strong=strong,
        reason=r.text("reason", max_chars=SLACK_SECTION_TEXT),
        understood=r.text("understood", max_chars=SLACK_BUTTON_TEXT),
        source=source,
        unless=unless,
    )
    if option.scores and source is None:
        r.fail("value", f"option '{option.value}' gives points but names no source in the article")
    return option, r.problems


def _read_question(
    path: str, entry: Any, sections: tuple[str, ...]
) -> tuple[Question, list[Problem]]:
    r = FieldReader(
        path,
        entry,
        required=("id", "title", "text", "why", "options"),
        optional=("topic", "when_mentioned", "not_when", "mixed"),
        what="question",
    )
    options: list[AnswerOption] = []
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for item, line in r.entries("options"):
        option, option_problems = _read_option(path, item, sections)
        problems += option_problems
        if any(o.value == option.value for o in options):
            problems.append(Problem(path, line, f"duplicate option value '{option.value}'"))
        for phrase in {fold(option.value), fold(option.label), *option.aliases}:
            owner = owners.setdefault(phrase, option.value)
            if owner != option.value:
                problems.append(
                    Problem(
                        path, line, f"'{phrase}' would mean both '{owner}' and '{option.value}'"
                    )
                )
        options.append(option)
    if r.ok and len(options) < 2:
        r.fail("options", "a question needs at least two options")
    when_mentioned = r.text("when_mentioned") or None
    if when_mentioned is not None and not any(o.value == when_mentioned for o in options):
        r.fail("when_mentioned", f"'when_mentioned' is not an option value: '{when_mentioned}'")
    question = Question(
        id=r.text("id"),
        title=r.text("title", max_chars=SLACK_BUTTON_TEXT),
        text=r.text("text", max_chars=SLACK_SECTION_TEXT),
        why=r.text("why", max_chars=SLACK_SECTION_TEXT),
        options=tuple(options),
        topic=tuple(fold(t) for t in r.text_list("topic")),
        when_mentioned=when_mentioned,
        not_when=tuple(fold(t) for t in r.text_list("not_when")),
        mixed=read_mixed(path, r, {o.value for o in options}, problems),
    )
    return question, r.problems + problems


def read_questionnaire(path: Path, shown_as: str) -> tuple[Questionnaire, list[Problem]]:
    doc = read_yaml(path, shown_as)
    problems = list(doc.problems)
    empty = Questionnaire((), MappingProxyType({}), 0.0)
    if doc.data is None:
        return empty, problems
    r = FieldReader(
        doc.path,
        doc.data,
        required=("questions", "controls"),
        optional=OPTIONAL_SECTIONS,
        what="advisor file",
    )
    hybrid = FieldReader(doc.path, r.mapping("hybrid"), (), ("min_share",), "hybrid")
    c = FieldReader(
        doc.path, r.mapping("controls"), TYPED_CONTROLS, OPTIONAL_TYPED_CONTROLS, "controls"
    )
    controls = {
        name: tuple(fold(p) for p in c.text_list(name))
        for name in TYPED_CONTROLS + OPTIONAL_TYPED_CONTROLS
    }
    d = FieldReader(
        doc.path,
        r.mapping("descriptions"),
        (),
        ("pick_requests", "own_project", "min_words"),
        "descriptions",
    )
    description = DescriptionCues(
        pick_requests=tuple(fold(p) for p in d.text_list("pick_requests")),
        own_project=tuple(fold(p) for p in d.text_list("own_project")),
        min_words=int(d.number("min_words", 12, 1, 100)),
    )
    sections = r.text_list("article_sections")
    questions: list[Question] = []
    for entry, line in r.entries("questions"):
        question, question_problems = _read_question(doc.path, entry, sections)
        problems += question_problems
        if any(q.id == question.id for q in questions):
            problems.append(Problem(doc.path, line, f"duplicate question id '{question.id}'"))
        questions.append(question)
    if r.ok and not questions:
        r.fail("questions", "the advisor needs at least one question")
    answers = {q.id: {o.value for o in q.options} for q in questions}
    rules = [(q.id, o.value, o.unless) for q in questions for o in q.options]
    problems += unless_problems(doc.path, r.line("questions"), answers, rules)
    questionnaire = Questionnaire(
        conversation=read_conversation(doc.path, r.mapping("conversation"), problems),
        questions=tuple(questions),
        controls=MappingProxyType(controls),
        min_share=hybrid.number("min_share", 0.3, 0.0, 0.5),
        description=description,
        article_sections=sections,
    )
    return questionnaire, problems + r.problems + hybrid.problems + c.problems + d.problems
