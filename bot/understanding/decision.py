"""The matcher's decision, from the signals of each candidate intent (pure functions).

With a calibration, each candidate's probability of being the one meant decides:
answer at `answer_at` (offering plausible runner-ups below `sure_at`), "did you mean"
from `suggest_at` when another intent is close or every word is one the content uses,
decline otherwise or when the out-of-scope examples come first. Without one, the
hand-set thresholds of the settings judge the fused score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.content.calibration import Calibration
from bot.content.model import MatcherSettings

Outcome = Literal["answer", "unsure", "out_of_scope"]
OUT_OF_SCOPE = "out_of_scope"  # pseudo-intent of the knowledge base's out-of-scope examples
SUGGESTIONS = 3
ALTERNATIVES = 2  # "Not quite?" options under a probable answer
Signals = Mapping[str, Mapping[str, float]]  # candidate intent -> its signals


@dataclass(frozen=True)
class Candidate:
    intent: str
    score: float


@dataclass(frozen=True)
class Match:
    """The matcher's decision about one question."""

    outcome: Outcome
    candidates: tuple[Candidate, ...] = ()  # best first, at most SUGGESTIONS
    other_technology: str | None = None  # declined: the other technology asked about
    framework: str | None = None  # declined: one side's framework asked about on its own
    left_out: str | None = None  # answered: a technology compared alongside, left out
    alternatives_offered: int = 0  # with an answer: how many runner-ups to offer

    @property
    def intent(self) -> str | None:
        return self.candidates[0].intent if self.outcome == "answer" else None

    @property
    def alternatives(self) -> tuple[str, ...]:
        """Other likely intents offered under a probable answer ("Not quite? ...")."""
        if self.outcome != "answer":
            return ()
        return tuple(c.intent for c in self.candidates[1 : 1 + self.alternatives_offered])

    @property
    def confidence(self) -> float:
        return self.candidates[0].score if self.candidates else 0.0

    @property
    def suggestions(self) -> tuple[str, ...]:
        return tuple(c.intent for c in self.candidates) if self.outcome == "unsure" else ()


def decide(rows: Signals, calibration: Calibration | None, settings: MatcherSettings) -> Match:
    if not rows:
        return Match("out_of_scope")
    if calibration is None:
        return decide_by_thresholds(rows, settings)
    return decide_calibrated(rows, calibration, settings)


def decide_calibrated(rows: Signals, cal: Calibration, settings: MatcherSettings) -> Match:
    ranked = sorted(
        ((owner, cal.probability(row)) for owner, row in rows.items()),
        key=lambda item: item[1],
        reverse=True,
    )
    top = tuple(Candidate(i, round(p, 4)) for i, p in ranked if i != OUT_OF_SCOPE)
    top = top[:SUGGESTIONS]
    if ranked[0][0] == OUT_OF_SCOPE or not top:
        return Match("out_of_scope", top)
    best = top[0].score
    runner_up = top[1].score if len(top) > 1 else 0.0
    if best >= settings.answer_at:
        # Probably right: offer the runner-ups that are plausible at all.
        plausible = settings.close * settings.suggest_at
        likely = [c for c in top[1 : 1 + ALTERNATIVES] if c.score >= plausible]
        offered = 0 if best >= settings.sure_at else len(likely)
        return Match("answer", top, alternatives_offered=offered)
    # Unsure but in the domain: "did you mean" when another intent is close, or when
    # every informative word of the question is one the content uses.
    in_domain = rows[top[0].intent]["unknown"] <= settings.in_domain
    if best >= settings.suggest_at and (runner_up >= settings.close * best or in_domain):
        return Match("unsure", top)
    return Match("out_of_scope", top)


def decide_by_thresholds(rows: Signals, settings: MatcherSettings) -> Match:
    ranked = sorted(
        ((owner, row["fused"]) for owner, row in rows.items()),
        key=lambda item: item[1],
        reverse=True,
    )
    top = tuple(Candidate(i, round(s, 4)) for i, s in ranked if i != OUT_OF_SCOPE)
    top = top[:SUGGESTIONS]
    best_id, best = ranked[0]
    if best_id == OUT_OF_SCOPE or best < settings.unsure:
        return Match("out_of_scope", top)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best < settings.confident or best - runner_up < settings.margin:
        return Match("unsure", top)
    return Match("answer", top)
