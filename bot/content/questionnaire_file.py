"""Reading knowledge/advisor.yaml into the advisor's questionnaire
(bot/content/questionnaire.py), every problem with its line for `advisor kb check`."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from bot.base.controls import OPTIONAL_TYPED_CONTROLS, TYPED_CONTROLS
from bot.base.slack_limits import SLACK_BUTTON_TEXT, SLACK_SECTION_TEXT
from bot.base.text import fold
from bot.content.conversation_words import read_conversation
from bot.content.fields import FieldReader
from bot.content.questionnaire import AnswerOption, DescriptionCues, Question, Questionnaire
from bot.content.scoring_rules import Source, read_mixed, unless_problems
from bot.content.yaml_source import LocatedList, Problem, read_yaml

MAX_POINTS = 10.0
# The keys each mapping of the file may hold: the required ones, then the optional ones
# (`conversation` is read by bot/content/conversation_words.py).
FILE_KEYS = (
    ("questions", "controls"),
    ("hybrid", "yes_words", "no_words", "descriptions", "article_sections", "conversation"),
)
QUESTION_KEYS = (
    ("id", "title", "text", "why", "options"),
    ("topic", "when_mentioned", "not_when", "mixed"),
)
OPTION_KEYS = (
    ("value", "label", "reason"),
    ("aliases", "node", "django", "strong", "understood", "source", "unless"),
)
DESCRIPTION_KEYS: tuple[tuple[str, ...], tuple[str, ...]] = (
    (),
    ("pick_requests", "own_project", "min_words"),
)


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
    r = FieldReader(path, entry, *OPTION_KEYS, what="option")
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
    r = FieldReader(path, entry, *QUESTION_KEYS, what="question")
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
    r = FieldReader(doc.path, doc.data, *FILE_KEYS, what="advisor file")
    hybrid = FieldReader(doc.path, r.mapping("hybrid"), (), ("min_share",), "hybrid")
    c = FieldReader(
        doc.path, r.mapping("controls"), TYPED_CONTROLS, OPTIONAL_TYPED_CONTROLS, "controls"
    )
    controls = {
        name: tuple(fold(p) for p in c.text_list(name))
        for name in TYPED_CONTROLS + OPTIONAL_TYPED_CONTROLS
    }
    d = FieldReader(doc.path, r.mapping("descriptions"), *DESCRIPTION_KEYS, "descriptions")
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
