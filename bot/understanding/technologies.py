"""Other technologies in a question: are they its subject, or only context?

"django vs rails", "go vs node", "how do i learn kotlin": the subject is something this
assistant does not cover. "coming from java", "we're mostly react devs", "node vs django
vs go": context, set aside so the rest can be answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from bot.base.sides import SIDES
from bot.base.text import whole_words_source

_COMPARING = frozenset({"vs", "or", "versus", "than", "over"})
_NEAR = r"(?:vs|or|and|versus|than|over)"
# "subject": the question is about it ("django vs rails"); "beside": compared alongside
# both sides ("node vs django vs go"); "context": the asker's background beside both
# sides ("react devs, node or django?"); "maybe context": the background of a question
# naming one side or none ("coming from java"), context if the rest can be answered.
Role = Literal["subject", "beside", "context", "maybe context"]
# Words around a technology that make it the asker's background, not the question.
_CONTEXT_BEFORE = frozenset({"from", "know", "knows", "knew", "with", "mostly", "used", "using"})
_CONTEXT_AFTER = frozenset(
    {"devs", "developers", "dev", "team", "background", "people", "engineers", "experience"}
)


class OtherTechnologies:
    """Finds the other technologies of the settings in a normalised question."""

    def __init__(
        self,
        names: Iterable[str],
        compared_only: Iterable[str] = (),
        frameworks: Iterable[str] = (),
    ) -> None:
        names = sorted(names, key=len, reverse=True)
        self._compared_only = frozenset(compared_only)
        pattern = whole_words_source(names, group=True) if names else ""
        if self._compared_only:  # "go" is a technology only where it is compared
            words = "|".join(map(re.escape, sorted(self._compared_only)))
            pattern += ("|" if pattern else "") + (
                rf"(?<!\S)({words})(?=\s+{_NEAR}\s)|(?<!\S){_NEAR}\s({words})(?!\S)"
            )
        self._pattern = re.compile(pattern) if pattern else None
        names = sorted(frameworks, key=len, reverse=True)
        self._frameworks = re.compile(whole_words_source(names, group=True)) if names else None

    def framework_alone(self, typed: str, tokens: tuple[str, ...]) -> str | None:
        """A framework of one side asked about on its own ("what about nestjs?", "how do i
        fix cors in express"): the question is about that framework, not the two sides.
        Named beside the other side or a side's own name ("django vs express") it is that
        side."""
        found = self._frameworks.search(typed) if self._frameworks else None
        if found is None or _COMPARING & set(tokens):
            return None
        if any(side in typed.split() for side in SIDES):
            return None
        named = {t for t in tokens if t in SIDES}
        return found[1] if len(named) == 1 else None

    def find(self, text: str) -> str | None:
        """The first other technology named in the (normalised) text."""
        found = self._pattern.search(text) if self._pattern else None
        return next((g for g in found.groups() if g), None) if found else None

    def without(self, text: str) -> str:
        return self._pattern.sub(" ", text) if self._pattern else text

    def role(self, technology: str, tokens: tuple[str, ...]) -> Role:
        """What the technology is to the question (see `Role`)."""
        named = {t for t in tokens if t in SIDES}
        context = _as_context(" ".join(tokens), technology)
        if named == set(SIDES):
            return "context" if context else "beside"
        if _COMPARING & set(tokens) or technology in self._compared_only:
            return "subject"
        return "maybe context" if context else "subject"


def _as_context(text: str, technology: str) -> bool:
    before, _, after = f" {text} ".partition(f" {technology} ")
    previous = before.split()[-1:] or [""]
    following = after.split()[:1] or [""]
    return previous[0] in _CONTEXT_BEFORE or following[0] in _CONTEXT_AFTER
