"""What the engine reports, and the observer interface metrics and analytics implement.

Every way in (a turn, a comparison, help, a click on "did you mean" or "Not
quite?", a vote) goes through the engine, which tells its observers what happened; so
every front end and every path counts the same way. Events carry no user ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.reply import Reply, Turn


@dataclass(frozen=True)
class TurnHandled:
    """A turn through the conversation: answered, declined, "did you mean", advisor."""

    turn: Turn
    reply: Reply
    seconds: float


@dataclass(frozen=True)
class Compared:
    criterion: str | None  # the criterion id, "all" for the summary, None when unknown


@dataclass(frozen=True)
class HelpShown:
    reply: Reply


@dataclass(frozen=True)
class SuggestionClicked:
    """A "did you mean" button was pressed."""


@dataclass(frozen=True)
class AlternativeClicked:
    """A "Not quite?" alternative was pressed instead of the answer given."""

    answered: str
    wanted: str


@dataclass(frozen=True)
class Voted:
    intent: str
    up: bool


Event = TurnHandled | Compared | HelpShown | SuggestionClicked | AlternativeClicked | Voted


class Observer(Protocol):
    async def observe(self, event: Event, now: float) -> None:
        """Told after it happened; `now` is wall-clock time (for what is recorded)."""
