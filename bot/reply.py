"""What a person did (`Turn`), the platform-neutral reply every front end renders
(Slack blocks, terminal text, JSON), and the neutral content of the other surfaces a
front end shows (App Home, the one-screen advisor form)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from bot.base.sides import Edge, Recommendation
from bot.base.surface_texts import FormTexts, HomeTexts

Action = Literal["answer", "intent", "control", "change", "compare", "submit"]


@dataclass(frozen=True)
class Turn:
    """What a person did: typed text, or pressed a button (action + value)."""

    text: str = ""
    action: Action | None = None
    value: str = ""
    question: str | None = None  # for "answer": the question the button belonged to
    answers: tuple[tuple[str, str], ...] = ()  # for "submit": every answer at once (a form)


@dataclass(frozen=True)
class ThreadMessage:
    """One earlier human message of a channel thread. `author` only tells speakers
    apart (a disagreement needs two people); it is never shown or stored."""

    author: str
    text: str


@dataclass(frozen=True)
class Thread:
    """A channel thread read for a recommendation: its earlier human messages, oldest
    first (the message that asks is not among them)."""

    messages: tuple[ThreadMessage, ...] = ()
    complete: bool = True  # False: Slack's limits cut the read short
    readable: bool = True  # False: no history scope (an older install)


@dataclass(frozen=True)
class Option:
    """A button: what it says and the value sent back when it is pressed."""

    label: str
    value: str


@dataclass(frozen=True)
class Comparison:
    """One criterion side by side."""

    criterion: str
    name: str
    node: str
    django: str
    edge: Edge
    why: str


@dataclass(frozen=True)
class Progress:
    current: int  # 1-based
    total: int


@dataclass(frozen=True)
class Reply:
    text: str  # mrkdwn; also the plain-text fallback after `plain_text`
    intent: str | None = None
    confidence: float = 0.0
    title: str | None = None  # a heading for rich renderings
    suggestions: tuple[Option, ...] = ()  # "did you mean" (value: intent id)
    alternatives: tuple[Option, ...] = ()  # "Not quite?" under a probable answer (intent id)
    related: tuple[Option, ...] = ()  # follow-up questions (value: intent id)
    question: str | None = None  # advisor question id being asked
    options: tuple[Option, ...] = ()  # the advisor question's answers
    recommendation: Recommendation | None = None
    progress: Progress | None = None  # "Question 3 of 8"
    node_share: int | None = None  # with a recommendation: Node.js's share of the points (%)
    controls: tuple[Option, ...] = ()  # dialogue controls (value: back, skip, restart, ...)
    changes: tuple[Option, ...] = ()  # after a result: revise one answer (value: question id)
    comparisons: tuple[Comparison, ...] = ()
    events: tuple[str, ...] = ()  # what happened, for metrics: "advisor_started", ...
    rateable: bool = False  # an answer people may rate (thumbs up/down)
    answers: tuple[tuple[str, str], ...] = ()  # advisor answers known so far (question, value)
    reasons: tuple[str, ...] = ()  # with a recommendation: the reasons that drove it
    clarity: str | None = None  # with a recommendation: clear, leaning, close call, provisional
    # About the conversation itself (a control or a number with nothing to act on, a
    # goodbye): understood, so neither a fallback nor a content gap.
    about_conversation: bool = False

    @property
    def answers_nothing(self) -> bool:
        """No answer, question, comparison or result: a fallback, a "did you mean", a
        "pick 1 to 3". It helps only the asker (Slack shows it to them alone)."""
        return self.intent is None and not (
            self.question or self.comparisons or self.recommendation
        )

    @property
    def is_fallback(self) -> bool:
        """Nothing answered, nothing suggested: the polite "I can't help with that"."""
        return self.answers_nothing and not (
            self.suggestions or self.related or self.about_conversation
        )

    def to_json(self, user_input: str) -> dict[str, Any]:
        """The reply object of docs/contracts.md, one per input line."""
        return {
            "input": user_input,
            "reply": self.text,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "suggestions": [o.value for o in self.suggestions],
            "alternatives": [o.value for o in self.alternatives],
            "question": self.question,
            "options": [{"label": o.label, "value": o.value} for o in self.options],
            "answers": dict(self.answers),
            "recommendation": self.recommendation,
            "clarity": self.clarity,
        }


_EMPHASIS = re.compile(r"(?<![\w*_~`])([*_~])(?=\S)(.+?)(?<=\S)\1(?![\w*_~`])")
_EMOJI = re.compile(r" ?:[a-z0-9_+\-]+:")
_LINK = re.compile(r"<([^>|]+)\|([^>]+)>")


def plain_text(mrkdwn: str) -> str:
    """'*Bold* and _italic_ :wave:' -> 'Bold and italic' (every reply's plain fallback)."""
    text = _LINK.sub(r"\2 (\1)", mrkdwn)
    text = _EMPHASIS.sub(r"\2", text)
    text = _EMOJI.sub("", text).replace("`", "")
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@dataclass(frozen=True)
class Home:
    """What App Home shows: the content's texts as they are (`advisor_text` with the
    number of questions filled in), example questions, comparisons, the outcomes' names."""

    texts: HomeTexts
    source: str  # where the answers come from
    examples: tuple[str, ...]
    comparisons: tuple[Option, ...]  # label: the criterion's name; value: its id
    outcomes: tuple[Option, ...]  # label: how an outcome is named; value: node/django/both
    clarities: tuple[Option, ...] = ()  # label: how a clarity is said; value: its JSON name

    def outcome_label(self, outcome: str) -> str:
        return next((o.label for o in self.outcomes if o.value == outcome), outcome)

    def clarity_label(self, clarity: str) -> str:
        return next((o.label for o in self.clarities if o.value == clarity), clarity)


@dataclass(frozen=True)
class FormQuestion:
    id: str
    text: str
    why: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Form:
    """The one-screen advisor: every question, pre-filled with the answers known, and the
    content's texts around them."""

    questions: tuple[FormQuestion, ...]
    answers: tuple[tuple[str, str], ...]  # (question id, option value)
    texts: FormTexts
