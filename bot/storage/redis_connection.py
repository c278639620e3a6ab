"""Redis for the state store, the outbox and the inbox: one way to open a client for
ADVISOR_STATE_URL and one way a failure becomes a StoreError (so the three cannot drift
apart), and what the two queues share."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from bot.storage.protocol import StoreError
from bot.storage.redis_keys import QueueKeys

R = TypeVar("R")
# Take the items due by ARGV[1] (at most ARGV[2]) and push their due time to ARGV[3], in
# one step: an item is leased by one instance at a time. KEYS: the due set, the created
# set and, for the outbox, the hash holding the items; the inbox keeps a key per job,
# ARGV[4] .. its key. A due key whose item is gone (finished meanwhile) is swept.
LEASE = """
local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local taken = {}
for _, key in ipairs(keys) do
  local item
  if KEYS[3] then item = redis.call('HGET', KEYS[3], key)
  else item = redis.call('GET', ARGV[4] .. key) end
  if item then
    redis.call('ZADD', KEYS[1], ARGV[3], key)
    table.insert(taken, item)
  else
    redis.call('ZREM', KEYS[1], key)
    redis.call('ZREM', KEYS[2], key)
  end
end
return taken
"""


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
    leasing, and their depth and oldest item."""

    def __init__(self, url: str, what: str, keys: QueueKeys) -> None:
        self._redis = open_redis(url)
        self._what = what
        self._keys = keys
        self._lease_script = self._redis.register_script(LEASE)

    async def _do(self, work: Awaitable[R]) -> R:
        return await guarded(work, self._what)

    async def _lease(self, now: float, limit: int, until: float) -> list[str]:
        """The items due by `now` (JSON, at most `limit`), now leased until `until`."""
        at = self._keys
        keys = [at.due, at.created, *([at.items_hash] if at.items_hash else [])]
        args: list[str | float] = [now, limit, until, at.item_prefix]
        return [str(item) for item in await self._do(self._lease_script(keys=keys, args=args))]

    async def stats(self) -> tuple[int, float | None]:
        count = int(await self._do(self._redis.zcard(self._keys.created)))
        oldest = await self._do(self._redis.zrange(self._keys.created, 0, 0, withscores=True))
        return count, (float(oldest[0][1]) if oldest else None)

    async def close(self) -> None:
        await self._redis.aclose()
