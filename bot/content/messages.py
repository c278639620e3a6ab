"""The assistant's own sentences (knowledge/messages.yaml): fallbacks, notices, hints.

Each message has an id the code asks for (declared in bot/base/message_ids.py) and may
hold placeholders ({name}); `kb check` reports a missing or unknown id, and a message
that lost or gained a placeholder."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.base.message_ids import MESSAGE_IDS, MessageId, placeholders
from bot.base.slack_limits import SLACK_BUTTON_TEXT, SLACK_SECTION_TEXT
from bot.content.fields import FieldReader
from bot.content.yaml_source import Problem, read_yaml

MESSAGES_FILE = "messages.yaml"


@dataclass(frozen=True, eq=False)  # hashed by identity: one per content version
class Messages:
    texts: Mapping[str, str] = field(default_factory=dict)

    def text(self, message: MessageId, **values: object) -> str:
        return self.texts[message].format(**values) if values else self.texts[message]


# Messages that end up where Slack allows less than a section's text.
LIMITS: Mapping[MessageId, int] = MappingProxyType(
    {
        "helpful": SLACK_BUTTON_TEXT,
        "not_helpful": SLACK_BUTTON_TEXT,
    }  # a feedback button's accessibility label
)


def read_messages(path: Path, shown: str) -> tuple[Messages, list[Problem]]:
    doc = read_yaml(path, shown)
    if doc.data is None:
        return Messages(), list(doc.problems)
    r = FieldReader(doc.path, doc.data, required=MESSAGE_IDS, what="messages")
    texts: dict[str, str] = {}
    for message in MESSAGE_IDS:
        texts[message] = r.text(message, max_chars=LIMITS.get(message, SLACK_SECTION_TEXT))
        if message in r.data:
            problem = _placeholder_problem(texts[message], placeholders(message))
            if problem:
                r.fail(message, f"'{message}' {problem}")
    return Messages(MappingProxyType(texts)), list(doc.problems) + r.problems


def _placeholder_problem(text: str, wanted: frozenset[str]) -> str:
    """Why `text` would not fill in as the code fills it (stray braces, other names)."""
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        text.format(**{name: "x" for name in wanted})
    except (ValueError, KeyError, IndexError) as exc:
        return f"cannot be filled in ({exc}); write a literal brace as {{{{ or }}}}"
    if used != wanted:
        names = ", ".join(f"{{{p}}}" for p in sorted(wanted)) or "none"
        return f"must use the placeholders {names}"
    return ""
