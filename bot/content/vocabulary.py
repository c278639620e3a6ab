"""The words people use around the two technologies, read from knowledge/settings.yaml.

- `ecosystem`: names that stand for one side ("express", "drf"); the normaliser folds
  them into "node" or "django", so "django vs express" is a Node-vs-Django question.
- `concepts`: phrases that point at one intent although its examples may not use them
  ("salaries" -> popularity, "image processing" -> performance); the matcher counts them
  as that intent's words.
- `compared_technologies`: other technologies whose names are also plain words ("go"),
  recognised only next to "vs", "or", "and" or "versus".
- `filler`: words that say nothing about the question ("ultimate", "guide", "honestly");
  dropped before matching unless nothing else is left.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.base.text import fold
from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem

SIDES = ("node", "django")


@dataclass(frozen=True)
class Vocabulary:
    ecosystem: Mapping[str, tuple[str, ...]]  # side -> folded names
    concepts: Mapping[str, tuple[str, ...]]  # intent id -> folded phrases
    filler: frozenset[str]
    compared_technologies: tuple[str, ...] = ()  # other technologies only when compared
    display_names: Mapping[str, str] = field(default_factory=dict)  # "nestjs" -> "NestJS"
    concept_lines: Mapping[str, int] = field(default_factory=dict)  # where each intent's are
    source: str = ""  # the settings file, for problems found later

    def aliases(self) -> dict[str, tuple[str, ...]]:
        """The ecosystem as normaliser aliases: each name folds into its side."""
        return {side: names for side, names in self.ecosystem.items() if names}


EMPTY = Vocabulary(MappingProxyType({}), MappingProxyType({}), frozenset())


def read_vocabulary(path: str, settings: FieldReader) -> tuple[Vocabulary, list[Problem]]:
    """The optional `ecosystem`, `concepts` and `filler` sections of the settings."""
    eco = FieldReader(path, settings.mapping("ecosystem"), (), SIDES, "ecosystem")
    names_map = settings.mapping("display_names")
    names = FieldReader(path, names_map, (), tuple(map(str, names_map)), "display_names")
    concepts_map = settings.mapping("concepts")
    con = FieldReader(path, concepts_map, (), tuple(map(str, concepts_map)), "concepts")
    vocabulary = Vocabulary(
        ecosystem=MappingProxyType(
            {side: tuple(fold(n) for n in eco.text_list(side)) for side in SIDES}
        ),
        concepts=MappingProxyType(
            {str(i): tuple(fold(p) for p in con.text_list(str(i))) for i in concepts_map}
        ),
        filler=frozenset(fold(w) for w in settings.text_list("filler")),
        compared_technologies=tuple(fold(w) for w in settings.text_list("compared_technologies")),
        display_names=MappingProxyType({fold(str(k)): names.text(str(k)) for k in names_map}),
        concept_lines=MappingProxyType({str(i): con.line(str(i)) for i in concepts_map}),
        source=path,
    )
    return vocabulary, eco.problems + con.problems + names.problems
