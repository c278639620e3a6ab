"""Other technologies in a question: are they its subject, or only context?

"django vs rails", "go vs node", "how do i learn kotlin": the subject is something this
assistant does not cover. "coming from java", "we're mostly react devs", "node vs django
vs go": context, set aside so the rest can be answered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.knowledge import SUBJECTS

_COMPARING = frozenset({"vs", "or", "versus", "than"})
_NEAR = r"(?:vs|or|and|versus)"
# Words around a technology that make it the asker's background, not the question.
_CONTEXT_BEFORE = frozenset({"from", "know", "knows", "knew", "with", "mostly", "used", "using"})
_CONTEXT_AFTER = frozenset(
    {"devs", "developers", "dev", "team", "background", "people", "engineers", "experience"}
)


class OtherTechnologies:
    """Finds the other technologies of the settings in a normalised question."""

    def __init__(self, names: Iterable[str], compared_only: Iterable[str] = ()) -> None:
        names = sorted(names, key=len, reverse=True)
        self._compared_only = frozenset(compared_only)
        pattern = r"(?<!\S)(" + "|".join(map(re.escape, names)) + r")(?!\S)" if names else ""
        if self._compared_only:  # "go" is a technology only where it is compared
            words = "|".join(map(re.escape, sorted(self._compared_only)))
            pattern += ("|" if pattern else "") + (
                rf"(?<!\S)({words})(?=\s+{_NEAR}\s)|(?<!\S){_NEAR}\s({words})(?!\S)"
            )
        self._pattern = re.compile(pattern) if pattern else None

    def find(self, text: str) -> str | None:
        """The first other technology named in the (normalised) text."""
        found = self._pattern.search(text) if self._pattern else None
        return next((g for g in found.groups() if g), None) if found else None

    def without(self, text: str) -> str:
        return self._pattern.sub(" ", text) if self._pattern else text

    def is_subject(self, technology: str, tokens: tuple[str, ...]) -> bool | None:
        """True when the technology is what the question is about; None when that
        depends on whether the rest can be answered (it may be the asker's background)."""
        named = {t for t in tokens if t in SUBJECTS}
        if named == set(SUBJECTS):  # "node vs django vs go": ours are the subject
            return False
        if _COMPARING & set(tokens) or technology in self._compared_only:
            return True
        return None if _as_context(" ".join(tokens), technology) else True


def _as_context(text: str, technology: str) -> bool:
    before, _, after = f" {text} ".partition(f" {technology} ")
    previous = before.split()[-1:] or [""]
    following = after.split()[:1] or [""]
    return previous[0] in _CONTEXT_BEFORE or following[0] in _CONTEXT_AFTER
