"""Every button the Slack app renders: its action id, the value it carries (encoded and
parsed here, nowhere else), and the pattern its listener claims.

The renderers build ids and values with these; the listeners register the patterns and
parse the values. A value that does not parse (a message posted by another version) gets
the stale-button note, never a guess. `tests/test_buttons.py` renders every surface and
fails when an id is claimed only by the catch-all. The formats are those earlier versions
posted, so buttons already in channels keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.base.controls import CONTROLS, Control, parse_control


@dataclass(frozen=True)
class Numbered:
    """A family of buttons numbered within their block: answer_0, answer_1, ..."""

    prefix: str

    def id(self, n: int) -> str:
        return f"{self.prefix}_{n}"

    @property
    def pattern(self) -> str:
        return rf"{self.prefix}_\d+"

    def matches(self, action_id: str) -> bool:
        return re.fullmatch(self.pattern, action_id) is not None


ANSWER = Numbered("answer")  # an advisor question's option (value: AnswerValue)
INTENT = Numbered("intent")  # a related question (value: QuestionValue)
SUGGEST = Numbered("suggest")  # a "did you mean" (value: QuestionValue)
ALTERNATIVE = Numbered("alt")  # a "Not quite?" (value: QuestionValue, with the answered)
COMPARE = Numbered("compare")  # App Home: a criterion (value: its id, or ALL_CRITERIA)
QUESTION_BUTTONS = (INTENT, SUGGEST, ALTERNATIVE)

CHANGE_ANSWER: Final = "change_answer"  # the result's "Change an answer" (value: question id)
SHARE_RESULT: Final = "share_result"  # the result's "Share" (a conversation select)
SHARE_COMPARE: Final = "share_compare"  # under /compare (value: the criterion, or "all")
SHARE_IN_THREAD: Final = "share_in_thread"  # under the shortcut's answer (SharedQuestion)
FEEDBACK: Final = "feedback"  # Slack's thumbs (value: Rating)
OLD_FEEDBACK = ("feedback_up", "feedback_down")  # before Slack's thumbs (value: the intent)
START_ADVISOR: Final = "start_advisor"  # App Home
HOME_START_OVER: Final = "home_start_over"  # App Home, under the last recommendation
HOME_CONTINUE: Final = "home_continue"  # App Home, under the last recommendation
OPEN_ADVISOR_FORM: Final = "open_advisor_form"  # App Home
ALL_CRITERIA: Final = "all"  # a comparison of every criterion


def control_id(control: Control) -> str:
    return f"control_{control}"


CONTROL_PATTERN = "control_(?:" + "|".join(CONTROLS) + ")"


def claims(*alternatives: str) -> re.Pattern[str]:
    """What a listener registers: exactly these ids (patterns, or plain ids escaped)."""
    return re.compile(rf"^(?:{'|'.join(alternatives)})$")


def exactly(*ids: str) -> re.Pattern[str]:
    return claims(*(re.escape(i) for i in ids))


@dataclass(frozen=True)
class QuestionValue:
    """What a question button carries: the intent to answer, the thread to answer in, and
    for a "Not quite?" the intent that was answered instead ("intent|ts|answered")."""

    intent: str
    thread_ts: str | None = None
    answered: str = ""

    def encode(self) -> str:
        suffix = f"|{self.answered}" if self.answered else ""
        return f"{self.intent}|{self.thread_ts or ''}{suffix}"

    @staticmethod
    def parse(value: str) -> QuestionValue | None:
        intent, bar, rest = value.partition("|")
        if not intent or not bar:
            return None
        thread, _, answered = rest.partition("|")
        return QuestionValue(intent, thread or None, answered)


@dataclass(frozen=True)
class AnswerValue:
    """What an advisor option carries: its question and the option ("question=value"),
    so a click on an old question is told apart from an answer to the pending one."""

    question: str
    value: str

    def encode(self) -> str:
        return f"{self.question}={self.value}"

    @staticmethod
    def parse(value: str) -> AnswerValue | None:
        question, equals, option = value.partition("=")
        return AnswerValue(question, option) if question and equals and option else None


@dataclass(frozen=True)
class Rating:
    """A thumbs up or down on an answer ("up|intent")."""

    up: bool
    intent: str

    def encode(self) -> str:
        return f"{'up' if self.up else 'down'}|{self.intent}"

    @staticmethod
    def parse(action_id: str, value: str) -> Rating | None:
        if action_id in OLD_FEEDBACK:  # the intent alone; the id says which thumb
            return Rating(action_id == OLD_FEEDBACK[0], value) if value else None
        side, _, intent = value.partition("|")
        return Rating(side == "up", intent) if side in {"up", "down"} and intent else None


def control_of(value: str) -> Control | None:
    """The control a control button carries (its value is the control's name)."""
    return parse_control(value)
