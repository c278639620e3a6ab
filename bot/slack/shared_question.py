"""What the "Share in thread" button carries: where the message was and what was asked,
so the answer can be given again in that message's thread."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.base.slack_limits import SLACK_BUTTON_VALUE

QUESTION_CHARS = 900  # Slack allows 2,000 characters in a button's value


@dataclass(frozen=True)
class SharedQuestion:
    channel: str
    thread_ts: str  # the message's thread (the message itself when it has none)
    intent: str  # the intent answered, "" when the answer was something else
    question: str
    reads_thread: bool = False  # the answer came from reading the message's thread

    def to_value(self) -> str:
        data: dict[str, object] = {"c": self.channel, "t": self.thread_ts, "i": self.intent,
                                   "q": self.question[:QUESTION_CHARS]}  # fmt: skip
        if self.reads_thread:
            data["r"] = 1
        return json.dumps(data, ensure_ascii=False)[:SLACK_BUTTON_VALUE]


def parse_shared(value: str) -> SharedQuestion | None:
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in "ctiq"):
        return None
    if not data["c"] or not data["t"]:
        return None
    return SharedQuestion(data["c"], data["t"], data["i"], data["q"], data.get("r") == 1)
