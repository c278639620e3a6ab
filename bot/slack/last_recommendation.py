"""Each person's last recommendation, for App Home: the outcome, when, the two main
reasons, and where it was given (so "Continue" picks up there).

Kept in the state store under the workspace's prefix (an uninstall forgets it too),
with the conversations' time to live. Recorded at the edge, after a reply is posted.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

from bot.engine import StoreError
from bot.reply import Reply
from bot.slack.deps import Deps, Place
from bot.slack.keys import home_record_key

log = logging.getLogger(__name__)
REASONS_SHOWN = 2


@dataclass(frozen=True)
class LastRecommendation:
    outcome: str  # "node" | "django" | "both"
    reasons: tuple[str, ...]
    at: float  # seconds since the epoch
    channel: str  # where it was given: the DM, or the DM's assistant thread
    thread_ts: str | None = None
    clarity: str | None = None  # how sure it was: clear, leaning, close call, provisional

    def to_json(self) -> str:
        return json.dumps(
            {
                "outcome": self.outcome,
                "clarity": self.clarity,
                "reasons": list(self.reasons),
                "at": self.at,
                "channel": self.channel,
                "thread_ts": self.thread_ts,
            }
        )


def from_reply(reply: Reply, place: Place, now: float) -> LastRecommendation | None:
    if reply.recommendation is None:
        return None
    reasons = reply.reasons[:REASONS_SHOWN]
    return LastRecommendation(
        reply.recommendation, reasons, now, place.channel, place.thread_ts, reply.clarity
    )


def parse(raw: str | None) -> LastRecommendation | None:
    """A stored record, or None when there is none or it cannot be read."""
    try:
        data = json.loads(raw) if raw else None
        if not isinstance(data, dict):
            return None
        thread = data.get("thread_ts")
        clarity = data.get("clarity")
        return LastRecommendation(
            outcome=str(data["outcome"]),
            reasons=tuple(str(r) for r in data.get("reasons", []))[:REASONS_SHOWN],
            at=float(data["at"]),
            channel=str(data["channel"]),
            thread_ts=str(thread) if thread else None,
            clarity=str(clarity) if clarity else None,  # records from before clarity: none
        )
    except (ValueError, KeyError, TypeError):
        return None


async def remember(deps: Deps, place: Place, user: str, reply: Reply) -> None:
    """Keep a recommendation a person was just given (other replies change nothing)."""
    last = from_reply(reply, place, time.time())
    if last is None or not user:
        return
    encoded = last.to_json()
    try:
        await deps.store.update(home_record_key(place.team, user), lambda _old: (encoded, None))
    except StoreError as exc:
        log.error("could not keep the last recommendation: %s", exc)


async def recall(deps: Deps, team: str, user: str) -> LastRecommendation | None:
    try:
        return parse(await deps.store.get(home_record_key(team, user)))
    except StoreError as exc:
        log.error("could not read the last recommendation: %s", exc)
        return None
