"""Every figure the assistant quotes must be declared, with what it measures and its source.

`knowledge/facts.yaml` lists the figures (35%, 50,000+, Django 3.1...). `advisor kb check`
reads every text people see in intents/, knowledge/criteria.yaml and knowledge/advisor.yaml
and reports, as file:line, any number no fact declares, so a figure cannot drift from its
source unnoticed. A number that is part of a declared source's name ("2023" in "Stack
Overflow Developer Survey 2023") counts as declared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.fields import FieldReader
from bot.content.yaml_source import LocatedList, LocatedMap, Problem, read_yaml, shown_path

FACTS_FILE = "knowledge/facts.yaml"
CHECKED_FILES = ("intents/*.yaml", "knowledge/criteria.yaml", "knowledge/advisor.yaml")
# Keys whose values people never read as prose: ids, references, typed aliases, points.
NOT_PROSE = frozenset(
    {
        "id", "examples", "aliases", "related", "requires", "excludes", "subject",
        "counterpart", "criterion", "kind", "value", "controls", "yes_words", "no_words",
        "edge", "strong", "hybrid",
    }
)  # fmt: skip

# A number not glued to a word ("V8" is a name), with thousands separators or a decimal
# part, then an optional unit and "+".
_FIGURE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s?(%|x|k|K|M|million|thousand|billion)(?![A-Za-z]))?\+?"
)
_SCALE = {"k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6, "billion": 1e9}


@dataclass(frozen=True)
class Figure:
    """A quantity as written, and what it means: '230M+' and '230 million' are one figure."""

    written: str
    amount: float
    unit: str  # "%", "x" (times) or "" (a plain quantity)


@dataclass(frozen=True)
class Fact:
    figure: Figure
    measures: str
    source: str


def figures_in(text: str) -> Iterator[Figure]:
    for match in _FIGURE.finditer(text):
        number, unit = match[1], match[2] or ""
        amount = float(number.replace(",", "")) * _SCALE.get(unit, 1.0)
        yield Figure(match[0], round(amount, 6), unit if unit in {"%", "x"} else "")


def _key(figure: Figure) -> tuple[float, str]:
    return figure.amount, figure.unit


def read_facts(root: Path, shown: str) -> tuple[list[Fact], list[Problem]]:
    """knowledge/facts.yaml (optional: without it, no figure is declared)."""
    path = root / FACTS_FILE
    if not path.exists():
        return [], []
    doc = read_yaml(path, shown)
    problems = list(doc.problems)
    top = FieldReader(doc.path, doc.data, required=("facts",), what="facts file")
    problems += top.problems
    facts: list[Fact] = []
    for entry, line in top.entries("facts"):
        r = FieldReader(doc.path, entry, required=("value", "measures", "source"), what="fact")
        value, measures, source = r.text("value"), r.text("measures"), r.text("source")
        found = list(figures_in(value))
        if r.ok and len(found) != 1:
            r.fail("value", f"fact value '{value}' must be exactly one figure, such as 35%")
        elif r.ok and not r.problems:
            facts.append(Fact(found[0], measures, source))
        problems += r.problems if r.ok else [Problem(doc.path, line, "a fact must be a mapping")]
    return facts, problems


def count_facts(root: Path) -> int:
    """How many figures knowledge/facts.yaml declares (for kb check's summary)."""
    return len(read_facts(root, FACTS_FILE)[0])


def _prose(data: Any, line: int, key: str = "") -> Iterator[tuple[str, int]]:
    """Every text people read in a parsed file, with the line where it starts."""
    if key in NOT_PROSE:
        return
    if isinstance(data, LocatedMap):
        for k, value in data.items():
            yield from _prose(value, data.line_of(k), str(k))
    elif isinstance(data, LocatedList):
        for index, item in enumerate(data):
            yield from _prose(item, data.line_of(index), key)
    elif isinstance(data, str):
        yield data, line


def _line_of(lines: list[str], written: str, start: int) -> int:
    """The line (1-based) at or after `start` that shows `written` (block scalars span lines)."""
    for number in range(start, len(lines) + 1):
        if written in lines[number - 1]:
            return number
    return start


def check_figures(root: Path) -> list[Problem]:
    """Problems for figures no fact declares, and for a malformed facts file."""

    def name(path: Path) -> str:
        return shown_path(path)

    facts, problems = read_facts(root, name(root / FACTS_FILE))
    declared = {_key(f.figure) for f in facts}
    declared |= {_key(f) for fact in facts for f in figures_in(fact.source)}
    for pattern in CHECKED_FILES:
        for path in sorted(root.glob(pattern)):
            doc = read_yaml(path, name(path))
            if doc.data is None:
                continue  # its syntax error is reported by the knowledge check
            lines = path.read_text(encoding="utf-8").splitlines()
            for text, start in _prose(doc.data, 1):
                at = start
                for figure in figures_in(text):
                    if _key(figure) in declared:
                        continue
                    at = _line_of(lines, figure.written, at)
                    problems.append(
                        Problem(
                            doc.path,
                            at,
                            f"figure '{figure.written}' is not declared in {FACTS_FILE} "
                            "(add its value, what it measures and its source)",
                        )
                    )
    return sorted(set(problems))
