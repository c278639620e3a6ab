"""Conversation state storage: one small protocol, chosen by ADVISOR_STATE_URL.

- `memory://`: one process, for tests and throwaway chats;
- `sqlite:///PATH` (default, in the user's data directory): one machine, safe across
  processes (a write transaction per update);
- `redis://HOST:PORT/DB`: several instances (optimistic WATCH/MULTI transactions).

Values are opaque text (the engine stores versioned JSON). `update` runs a pure
`change(old) -> (new, result)` atomically: two turns for the same key never lose one.
Records expire after an idle `ttl` (default 24 h; `?ttl=SECONDS` on the URL).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from bot.storage.outbox import Entry

T = TypeVar("T")
Change = Callable[[str | None], tuple[str | None, T]]
Clock = Callable[[], float]
DEFAULT_TTL = 24 * 3600.0


class StoreError(Exception):
    """The state store cannot be used (bad URL, unreachable server, too much contention)."""


class JobGone(Exception):
    """The job a turn was to complete is done already (another worker finished it)."""


@dataclass(frozen=True)
class Completing:
    """A job that a state update completes, in the same transaction: the job leaves the
    inbox and the reply made of the update's result (`reply(result)`) enters the outbox,
    or nothing commits. A job no longer there raises JobGone (someone else answered it).

    Without `required` (work held in memory because the store did not take it in time,
    so perhaps it did, perhaps not): a recorded job is completed as usual; one never
    recorded is claimed now (for `claim_ttl`), so a late acceptance records nothing; and
    one claimed but gone was answered elsewhere: JobGone."""

    job: str
    reply: Callable[[Any], Entry | None]
    required: bool = True
    claim_ttl: float = 3600.0


class StateStore(Protocol):
    async def update(self, key: str, change: Change[T], completing: Completing | None = None) -> T:
        """Apply `change` to the key's value atomically; None as new value deletes it."""
        ...

    async def get(self, key: str) -> str | None: ...

    async def claim(self, key: str, ttl: float) -> bool:
        """True for the first caller only (until `ttl` passes): for deduplication."""
        ...

    async def forget(self, prefix: str) -> int:
        """Delete every conversation whose key starts with `prefix`; return how many."""
        ...

    async def append(self, stream: str, item: str, keep: int) -> None:
        """Add `item` to a log, keeping only its newest `keep` items."""
        ...

    async def read(self, stream: str) -> list[str]:
        """A log's items, oldest first."""
        ...

    async def close(self) -> None: ...
