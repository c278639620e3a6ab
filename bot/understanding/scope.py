"""What the out-of-scope model reads in a question (pure).

The model (bot/content/scope_model.py) weighs a question's features: its words and word
pairs as typed (folded and stemmed, before aliases, so "prisma vs typeorm" is not read as
"node vs node"), how it starts ("how do i", "write me"), and cues that tell "asks how to
do X / reports an error / asks about another tool" from "asks which to choose / how the
two compare": error text, code, a request to do something, how many sides it names (and
one side's two frameworks compared: "koa or hapi?"), a pick request, a named aspect.
Another technology the matcher's rules let through is context, set aside before this.
"""

from __future__ import annotations

import itertools
import re

from bot.base.sides import SIDES
from bot.base.text import NormalisedText, stem
from bot.understanding.recommendation import RequestReader
from bot.understanding.technologies import OtherTechnologies

_COMPARING = frozenset({"vs", "or", "versus", "than"})
# Error text as pasted: an error class, an errno-style code, an HTTP error status, a
# tool's error marker, a traceback.
_ERROR = re.compile(
    r"\b[A-Z]\w*(?:Error|Exception)\b|\bE[A-Z]{4,}\b|\bERR!|\b[45]0\d\b|\btraceback\b"
    r"|\bexit(?:ed)? (?:with )?code\b|\berrno\b",
    re.IGNORECASE,
)
_CODE = re.compile(
    r"`|\(\)|=>|[{}]|::|\b\w+\.(?:js|ts|py|json|ya?ml|toml|html|css|sh|env)\b|\w/\w+/"
)
_HOW_TO = re.compile(
    r"^(?:how (?:do|can|should|would|to|does one)\b|steps to\b|is there a way to\b"
    r"|what s the (?:best|right|proper|easiest|correct) way to\b)"
)
_REQUEST = re.compile(
    r"^(?:(?:can|could|would) you (?:please )?)?(?:please )?"
    r"(?:write|generate|create|make|give me|fix|convert|translate|refactor|code|draft"
    r"|summari[sz]e|review|book|order|schedule|remind|set|add|send|open|cancel|move)\b"
)


class ScopeFeatures:
    """Turns a question into the set of feature names the out-of-scope model weighs."""

    def __init__(self, technologies: OtherTechnologies, requests: RequestReader) -> None:
        self._technologies = technologies
        self._requests = requests

    def features(self, raw: str, question: NormalisedText) -> frozenset[str]:
        typed = question.folded.split()
        stems = [stem(w) for w in typed]
        found = {f"w:{s}" for s in stems}
        found |= {f"p:{a}_{b}" for a, b in itertools.pairwise(stems)}
        if typed:
            found.add(f"s:{'_'.join(typed[:2])}")
        sides = [t for t in question.tokens if t in SIDES]
        found.add(f"c:sides{len(set(sides))}")
        if len(sides) >= 2 and len(set(sides)) == 1 and _COMPARING & set(question.tokens):
            found.add("c:one_side_compared")  # "koa or hapi?" reads "node or node"
        cues = {
            "c:error": _ERROR.search(raw) is not None,
            "c:code": _CODE.search(raw) is not None,
            "c:how_to": _HOW_TO.search(question.folded) is not None,
            "c:request": _REQUEST.search(question.folded) is not None,
            "c:pick": self._requests.asks_for_pick(question),
            "c:aspect": self._requests.names_aspect(question),
            "c:long": len(typed) > 16,
        }
        return frozenset(found | {name for name, present in cues.items() if present})
