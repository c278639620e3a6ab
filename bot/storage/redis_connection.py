"""Redis for the state store, the outbox and the inbox: one way to open a client for
ADVISOR_STATE_URL and one way a failure becomes a StoreError (so the three cannot drift
apart), and what the two queues share."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.storage.protocol import StoreError

R = TypeVar("R")


def open_redis(
    url: str, max_connections: int | None = None, timeout: float | None = None
) -> aioredis.Redis:
    """A client for `url`, decoding replies as text. With `max_connections` its pool is
    bounded and a caller waits up to `timeout` for a free connection. A URL Redis cannot
    read is a StoreError naming ADVISOR_STATE_URL."""
    try:
        if max_connections is None:
            return aioredis.Redis.from_url(url, decode_responses=True)
        pool = aioredis.BlockingConnectionPool.from_url(
            url, max_connections=max_connections, timeout=timeout, decode_responses=True
        )
        return aioredis.Redis(connection_pool=pool)
    except (ValueError, RedisError) as exc:
        raise StoreError(f"ADVISOR_STATE_URL: {exc}") from exc


async def guarded(work: Awaitable[R], what: str) -> R:
    """`work` awaited; a Redis failure is a StoreError saying `what` failed."""
    try:
        return await work
    except RedisError as exc:
        raise StoreError(f"{what}: {exc}") from exc


class RedisQueue:
    """What the outbox and the inbox share in Redis: the client, failures as StoreError,
    and their depth and oldest item, read from the sorted set of when each was created."""

    def __init__(self, url: str, what: str, created: str) -> None:
        self._redis = open_redis(url)
        self._what = what
        self._created = created

    async def _do(self, work: Awaitable[R]) -> R:
        return await guarded(work, self._what)

    async def stats(self) -> tuple[int, float | None]:
        count = int(await self._do(self._redis.zcard(self._created)))
        oldest = await self._do(self._redis.zrange(self._created, 0, 0, withscores=True))
        return count, (float(oldest[0][1]) if oldest else None)

    async def close(self) -> None:
        await self._redis.aclose()
