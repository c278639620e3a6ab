"""The outbox in Redis, shared by every instance.

Entries live in one hash (key -> entry JSON) with two sorted sets beside it: when each
is due, and when each was created (for the oldest's age). Adding and leasing are Lua
scripts, so they are atomic: each entry is taken by exactly one instance at a time.
"""

from __future__ import annotations

from dataclasses import replace

from bot.storage.outbox import LEASE_S, Entry
from bot.storage.redis_connection import RedisQueue
from bot.storage.redis_keys import OUTBOX
from bot.storage.redis_keys import OUTBOX_CREATED as CREATED
from bot.storage.redis_keys import OUTBOX_DUE as DUE
from bot.storage.redis_keys import OUTBOX_ITEMS as ITEMS

ADD = """
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return 1
"""


class RedisOutbox(RedisQueue):
    def __init__(self, url: str) -> None:
        super().__init__(url, "redis outbox", OUTBOX)
        self._add = self._redis.register_script(ADD)

    async def add(self, entry: Entry) -> bool:
        args: list[str | float] = [entry.key, entry.to_json(), entry.due, entry.created]
        return bool(await self._do(self._add(keys=[ITEMS, DUE, CREATED], args=args)))

    async def lease(self, now: float, limit: int) -> list[Entry]:
        until = now + LEASE_S
        taken = await self._lease(now, limit, until)
        return [replace(Entry.from_json(text), due=until) for text in taken]

    async def reschedule(self, entry: Entry) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(ITEMS, entry.key, entry.to_json())
            pipe.zadd(DUE, {entry.key: entry.due})
            await self._do(pipe.execute())

    async def finish(self, key: str) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hdel(ITEMS, key)
            pipe.zrem(DUE, key)
            pipe.zrem(CREATED, key)
            await self._do(pipe.execute())
