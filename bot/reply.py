"""What a person did (`Turn`) and the platform-neutral reply every front end renders
(Slack blocks, terminal text, JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Recommendation = str  # "node" | "django" | "both"


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
    edge: str  # "node" | "django" | "tie"
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

    @property
    def is_fallback(self) -> bool:
        """Nothing answered, nothing suggested: the polite "I can't help with that"."""
        return self.intent is None and not (
            self.suggestions
            or self.related
            or self.question
            or self.comparisons
            or self.recommendation
        )

    def to_json(self, user_input: str) -> dict[str, Any]:
        """The reply object of DESIGN.md, one per input line."""
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
        }
