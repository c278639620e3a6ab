"""The conversation's own words (advisor.yaml's `conversation`, next to the controls):
"tell me more", "change the admin answer", "compare them on speed", "what about
security?", and the filler around a bare side ("and for django?").

A phrase is matched folded (lower case, no punctuation). A pattern holds one `...`, the
part it is about, and may hold optional words in brackets: `compare [them|both] [on|for]
...` reads "compare them on security" and "compare security". `kb check` reports a
pattern that would not compile or has no `...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.base.text import fold
from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem

PATTERN_KEYS = ("change", "compare", "follow_up")
PHRASE_KEYS = ("expand", "change_alone", "side_filler", "goodbye")
_TOKEN = re.compile(r"\[[^\]]*\]|\.\.\.|[^\s\[]+")


@dataclass(frozen=True)
class Patterns:
    """Patterns tried in order; the first that matches gives the part it is about."""

    compiled: tuple[re.Pattern[str], ...] = ()

    def about(self, said: str) -> str | None:
        for pattern in self.compiled:
            found = pattern.match(said)
            if found:
                return found[1].strip()
        return None


@dataclass(frozen=True)
class ConversationWords:
    expand: frozenset[str] = frozenset()  # the longer version of the last answer
    change_alone: frozenset[str] = frozenset()  # "change": which answers can be revised
    change: Patterns = Patterns()  # after a result: revise one answer
    compare: Patterns = Patterns()  # a criterion side by side
    follow_up: Patterns = Patterns()  # read against the last answer
    side_filler: frozenset[str] = frozenset()  # words around a bare side
    goodbye: frozenset[str] = frozenset()  # leaving ("bye", "see ya"): a goodbye back


def compile_pattern(template: str) -> re.Pattern[str]:
    """`change [my|the] ... [answer]` -> a regex whose one group is the `...` part."""
    regex, need_space = "", False
    for token in _TOKEN.findall(template.replace("...", " ... ")):
        if token.startswith("["):
            words = "|".join(_words(option) for option in token[1:-1].split("|"))
            regex += rf"(?:\s+(?:{words}))?" if regex else rf"(?:(?:{words})\s+)?"
            continue
        piece = r"(.+?)" if token == "..." else _words(token)
        if not piece:
            continue
        regex += (r"\s+" if need_space else "") + piece
        need_space = True
    if regex.count("(.+?)") != 1:
        raise ValueError("a pattern needs one '...' (the part it is about)")
    return re.compile(rf"^{regex}$")


def _words(text: str) -> str:
    """Folded words as a regex, any run of spaces between them."""
    return r"\s+".join(re.escape(word) for word in fold(text).split())


def read_conversation(path: str, data: Any, problems: list[Problem]) -> ConversationWords:
    """The `conversation` mapping of advisor.yaml; what is wrong goes to `problems`."""
    r = FieldReader(path, data, (), PHRASE_KEYS + PATTERN_KEYS, "conversation")
    words = _read(r)
    problems += r.problems
    return words


def _read(r: FieldReader) -> ConversationWords:
    phrases = {key: frozenset(fold(p) for p in r.text_list(key)) for key in PHRASE_KEYS}
    patterns: dict[str, Patterns] = {}
    for key in PATTERN_KEYS:
        compiled = []
        for index, template in enumerate(r.text_list(key)):
            try:
                compiled.append(compile_pattern(template))
            except (ValueError, re.error) as exc:
                line = r.item_line(key, index)
                r.problems.append(Problem(r.path, line, f"conversation {key}: '{template}': {exc}"))
        patterns[key] = Patterns(tuple(compiled))
    expand, change_alone, side_filler, goodbye = (phrases[key] for key in PHRASE_KEYS)
    change, compare, follow_up = (patterns[key] for key in PATTERN_KEYS)
    return ConversationWords(
        expand, change_alone, change, compare, follow_up, side_filler, goodbye=goodbye
    )
