"""Conversation state in memory: one process, for tests and throwaway chats."""

from __future__ import annotations

import time
from collections import deque

from bot.storage.protocol import DEFAULT_TTL, Change, Clock, T


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
