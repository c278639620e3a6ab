"""knowledge/out_of_scope.yaml: the questions to decline, by kind (the negative set the
out-of-scope model learns from), and the openers and closers people put around any
question (the model sees every line with them too, so context is no reason to decline)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem, read_yaml, shown_path

NEGATIVES_FILE = "out_of_scope.yaml"


@dataclass(frozen=True)
class Negative:
    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class NegativeSet:
    lines: tuple[Negative, ...] = ()
    openers: tuple[str, ...] = ()
    closers: tuple[str, ...] = ()
    source: str = ""

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(n.text for n in self.lines)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n.kind for n in self.lines))


def read_negatives(path: Path, max_chars: int) -> tuple[NegativeSet, list[Problem]]:
    """The file's lines with their kinds (an absent file is an empty set)."""
    if not path.exists():
        return NegativeSet(), []
    doc = read_yaml(path, shown_path(path))
    if doc.data is None:
        return NegativeSet(), list(doc.problems)
    r = FieldReader(doc.path, doc.data, ("kinds",), ("openers", "closers"), "out of scope")
    kinds = r.mapping("kinds")
    k = FieldReader(doc.path, kinds, (), tuple(map(str, kinds)), "kinds")
    lines: list[Negative] = []
    for kind in map(str, kinds):
        texts = k.text_list(kind, max_chars)
        if not texts and k.ok:
            k.fail(kind, f"kind '{kind}' has no questions")
        lines += [Negative(kind, t, k.item_line(kind, i)) for i, t in enumerate(texts)]
    negatives = NegativeSet(
        tuple(lines), r.text_list("openers", 200), r.text_list("closers", 200), doc.path
    )
    return negatives, list(doc.problems) + r.problems + k.problems


def check_negatives(
    negatives: NegativeSet, normalise: Callable[[str], str], examples: dict[str, str]
) -> list[Problem]:
    """A line twice (after normalising), or a line that is also an intent's example
    (`examples`: normalised example -> intent id)."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for negative in negatives.lines:
        text = normalise(negative.text)
        first = seen.setdefault(text, negative.line)
        if first != negative.line:
            message = f"'{negative.text}' is already a question to decline (line {first})"
            problems.append(Problem(negatives.source, negative.line, message))
        if text in examples:
            message = f"'{negative.text}' is also an example of intent '{examples[text]}'"
            problems.append(Problem(negatives.source, negative.line, message))
    return problems
