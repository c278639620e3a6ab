"""The outbox: replies waiting to be delivered, and the pure rules for retrying them.

Every reply to an acknowledged event or click is written here (in the state store)
before its first attempt, keyed by the event or click it answers, so it is delivered
once even across retries, restarts and instances. This module holds the data and the
decisions (backoff, horizon, what an error means); storage lives in
bot/storage/outbox_store.py (memory, SQLite) and bot/storage/outbox_redis.py, sending in
bot/slack/outbox_sender.py.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

DEFAULT_HORIZON_S = 600.0  # keep trying this long (ADVISOR_OUTBOX_HORIZON)
# Replies that only make sense right away expire sooner: a private "did you mean"
# or fallback (chat.postEphemeral) and notes posted to a response_url.
PROMPT_HORIZON_S = 120.0
PROMPT_METHODS = frozenset({"chat.postEphemeral", "response_url"})
LEASE_S = 30.0  # an entry being attempted is hidden from other senders this long
MAX_BACKOFF_S = 10.0  # short, so a recovered Web API is noticed within seconds
MAX_ATTEMPTS_PER_LEASE = 64  # entries one sender takes at a time


@dataclass(frozen=True)
class Entry:
    """One reply to deliver. `args` are the Web API arguments (or a response_url body)."""

    key: str  # the event or click it answers, plus which reply: delivered once per key
    method: str  # a Web API method, or "response_url"
    args: dict[str, Any]
    channel: str  # for Retry-After, which Slack applies per method and channel
    created: float
    expires: float
    due: float
    attempts: int = 0
    token: str | None = None  # the workspace's bot token (None: the configured one)
    url: str | None = None  # response_url only
    # `args` as JSON text when its maker had it already (a rendered reply), so the entry
    # is stored and posted without serialising the message again; never stored apart.
    args_json: str | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> str:
        # Its own fields as they are (dataclasses.asdict would deep-copy `args`, whole
        # Block Kit messages, first).
        fields = dict(vars(self))
        args_json = fields.pop("args_json")
        if args_json is None:
            return json.dumps(fields, separators=(",", ":"))
        fields["args"] = None  # (a key of a JSON object: no string value can hold it)
        text = json.dumps(fields, separators=(",", ":"))
        return text.replace('"args":null', '"args":' + args_json, 1)

    def args_text(self) -> str:
        """`args` as JSON text, to post."""
        return self.args_json if self.args_json is not None else json.dumps(self.args)

    @staticmethod
    def from_json(text: str) -> Entry:
        return Entry(**json.loads(text))


def horizon_for(method: str, horizon: float) -> float:
    return min(horizon, PROMPT_HORIZON_S) if method in PROMPT_METHODS else horizon


def new_entry(
    key: str,
    method: str,
    args: dict[str, Any],
    channel: str,
    now: float,
    horizon: float = DEFAULT_HORIZON_S,
    token: str | None = None,
    url: str | None = None,
    args_json: str | None = None,
) -> Entry:
    """A fresh entry, leased to whoever makes it (its first attempt follows at once)."""
    return Entry(key, method, args, channel, created=now,
                 expires=now + horizon_for(method, horizon), due=now + LEASE_S,
                 token=token, url=url, args_json=args_json)  # fmt: skip


@dataclass(frozen=True)
class Delivered:
    pass


@dataclass(frozen=True)
class Retry:
    code: str  # Slack's error code, or the connection error's name
    after: float | None = None  # Retry-After, when Slack gave one
    unreachable: bool = False  # the Web API could not be reached at all


@dataclass(frozen=True)
class Failed:
    """Slack answered and said no (channel_not_found, not_in_channel...): never retried."""

    code: str


Outcome = Delivered | Retry | Failed


def backoff(attempts: int, jitter: float) -> float:
    """Seconds before attempt number `attempts + 1`: 0.5, 1, 2, 4, 8, 10, 10... with
    `jitter` in [0, 1) spreading retries so instances do not stampede together."""
    return min(MAX_BACKOFF_S, 0.5 * 2.0 ** min(attempts, 10)) * (0.8 + 0.4 * jitter)


Decision = tuple[Literal["done", "retry", "give_up"], Entry | None, str]


def after_attempt(
    entry: Entry, outcome: Outcome, now: float, jitter: float | None = None
) -> Decision:
    """What to do with an entry after one attempt: done, retry (the updated entry), or
    give up (with the reason), given the horizon."""
    if isinstance(outcome, Delivered):
        return "done", None, ""
    if isinstance(outcome, Failed):
        return "give_up", None, outcome.code
    wait = outcome.after if outcome.after is not None else backoff(entry.attempts, _jitter(jitter))
    due = now + wait
    if due > entry.expires:
        return "give_up", None, outcome.code
    return "retry", replace(entry, attempts=entry.attempts + 1, due=due), outcome.code


def _jitter(given: float | None) -> float:
    return random.random() if given is None else given


class OutboxStore(Protocol):
    async def add(self, entry: Entry) -> bool:
        """Store `entry` unless one with its key is pending; True when stored."""
        ...

    async def lease(self, now: float, limit: int) -> list[Entry]:
        """Up to `limit` entries due by `now`, each hidden from other callers for LEASE_S."""
        ...

    async def reschedule(self, entry: Entry) -> None: ...

    async def finish(self, key: str) -> None: ...

    async def stats(self) -> tuple[int, float | None]:
        """How many entries are pending, and when the oldest was created."""
        ...

    async def close(self) -> None: ...
