"""The parts of knowledge/advisor.yaml that trace and qualify scoring rules: a rule's
source in the article, `unless` (answers that cancel a rule's points) and `mixed`
(options said together in a description that mean another)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.base.text import fold
from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem

Unless = tuple[tuple[str, str], ...]  # (question id, option value) answers


@dataclass(frozen=True)
class Source:
    """The article statement a scoring rule rests on: its section and what it says."""

    section: str
    says: str


@dataclass(frozen=True)
class Mixed:
    """In a description, options said together that mean another ("half Python, half
    TypeScript" is a team that knows both), unless one is said to dominate."""

    value: str
    of: tuple[str, ...]
    unless_said: tuple[str, ...] = ()  # folded: "mostly", "mainly"


def read_mixed(
    path: str, r: FieldReader, values: set[str], problems: list[Problem]
) -> Mixed | None:
    if "mixed" not in r.data:
        return None
    m = FieldReader(path, r.mapping("mixed"), ("value", "of"), ("unless_said",), "mixed")
    mixed = Mixed(
        m.text("value"), m.text_list("of"), tuple(fold(w) for w in m.text_list("unless_said"))
    )
    for value in (mixed.value, *mixed.of):
        if value not in values:
            m.fail("value", f"'mixed' names '{value}', which is not an option value")
    problems += m.problems
    return mixed


def unless_problems(
    path: str,
    line: int,
    answers: Mapping[str, set[str]],
    rules: Iterable[tuple[str, str, Unless]],
) -> list[Problem]:
    """An option's `unless` must name real answers (`answers`: question id -> values) of
    the questions; `rules` are (question id, option value, its unless)."""
    problems: list[Problem] = []
    for question_id, value, unless in rules:
        for other_id, other_value in unless:
            if other_value not in answers.get(other_id, set()):
                where = f"question '{question_id}', option '{value}'"
                bad = f"'unless' names no such answer: {other_id}={other_value}"
                problems.append(Problem(path, line, f"{where}: {bad}"))
    return problems
