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

import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import platformdirs

T = TypeVar("T")
Change = Callable[[str | None], tuple[str | None, T]]
Clock = Callable[[], float]
DEFAULT_TTL = 24 * 3600.0


class StoreError(Exception):
    """The state store cannot be used (bad URL, unreachable server, too much contention)."""


class StateStore(Protocol):
    async def update(self, key: str, change: Change[T]) -> T:
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


@dataclass(frozen=True)
class StoreConfig:
    kind: Literal["memory", "sqlite", "redis"]
    target: str  # sqlite: a file path; redis: the URL without our parameters
    ttl: float


def default_sqlite_path() -> Path:
    return Path(platformdirs.user_data_dir("node-django-advisor")) / "state.sqlite3"


def parse_state_url(url: str) -> StoreConfig:
    """Read ADVISOR_STATE_URL; a bad one raises StoreError naming what is wrong."""
    url = url.strip() or "sqlite://"
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    try:
        ttl = float(query.pop("ttl", DEFAULT_TTL))
    except ValueError as exc:
        raise StoreError(f"ADVISOR_STATE_URL: ttl must be a number of seconds ({exc})") from exc
    if ttl <= 0:
        raise StoreError("ADVISOR_STATE_URL: ttl must be positive")
    if parts.scheme == "memory":
        return StoreConfig("memory", "", ttl)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path, as SQLAlchemy writes them.
        path = url.split("?", 1)[0].removeprefix("sqlite://").removeprefix("/")
        return StoreConfig("sqlite", path or str(default_sqlite_path()), ttl)
    if parts.scheme in {"redis", "rediss", "unix"}:
        rest = urlunsplit(parts._replace(query=urlencode(query)))
        return StoreConfig("redis", rest, ttl)
    raise StoreError(
        f"ADVISOR_STATE_URL: unknown scheme '{parts.scheme}' "
        "(use sqlite:///PATH, redis://HOST:PORT/DB or memory://)"
    )


def open_store(env: Mapping[str, str], clock: Clock = time.time) -> StateStore:
    config = parse_state_url(env.get("ADVISOR_STATE_URL", ""))
    if config.kind == "memory":
        return MemoryStore(config.ttl, clock)
    if config.kind == "sqlite":
        from bot.storage.sqlite_store import SqliteStore

        return SqliteStore(Path(config.target), config.ttl, clock)
    from bot.storage.redis_store import RedisStore

    return RedisStore(config.target, config.ttl)


class MemoryStore:
    """One process only. Atomic because `update` never awaits between read and write."""

    def __init__(self, ttl: float = DEFAULT_TTL, clock: Clock = time.time) -> None:
        self._ttl = ttl
        self._clock = clock
        self._values: dict[str, tuple[str, float]] = {}
        self._claims: dict[str, float] = {}
        self._logs: dict[str, deque[str]] = {}

    def _live(self, key: str) -> str | None:
        found = self._values.get(key)
        if found is None or found[1] <= self._clock():
            self._values.pop(key, None)
            return None
        return found[0]

    async def update(self, key: str, change: Change[T]) -> T:
        new, result = change(self._live(key))
        if new is None:
            self._values.pop(key, None)
        else:
            self._values[key] = (new, self._clock() + self._ttl)
        return result

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def claim(self, key: str, ttl: float) -> bool:
        now = self._clock()
        if self._claims.get(key, 0.0) > now:
            return False
        self._claims[key] = now + ttl
        return True

    async def forget(self, prefix: str) -> int:
        doomed = [key for key in self._values if key.startswith(prefix)]
        for key in doomed:
            del self._values[key]
        return len(doomed)

    async def append(self, stream: str, item: str, keep: int) -> None:
        log = self._logs.setdefault(stream, deque(maxlen=keep))
        log.append(item)

    async def read(self, stream: str) -> list[str]:
        return list(self._logs.get(stream, ()))

    async def close(self) -> None:
        self._values.clear()
