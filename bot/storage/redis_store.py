"""Redis state store: shared by any number of instances.

Updates are optimistic transactions (WATCH the key, compute, MULTI/EXEC); when
another instance wrote in between, EXEC fails and the pure change is re-run on the
fresh value, a bounded number of times. Expiry is Redis's own (PX on every write).
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

from redis.exceptions import RedisError, WatchError

from bot.storage import redis_keys as names
from bot.storage.outbox import Entry
from bot.storage.protocol import DEFAULT_TTL, Change, Completing, JobGone, StoreError, T
from bot.storage.redis_connection import guarded, open_redis
from bot.storage.redis_keys import PREFIX

MAX_ATTEMPTS = 200
# Each update holds a connection while it WATCHes; a burst waits for a free one
# (up to POOL_TIMEOUT_S) instead of failing with "too many connections".
POOL_SIZE = 64
POOL_TIMEOUT_S = 10.0


class RedisStore:
    def __init__(self, url: str, ttl: float = DEFAULT_TTL) -> None:
        self._redis = open_redis(url, POOL_SIZE, POOL_TIMEOUT_S)
        self._ttl_ms = max(1, int(ttl * 1000))

    async def update(self, key: str, change: Change[T], completing: Completing | None = None) -> T:
        name = names.state(key)
        watched = [name]
        if completing is not None:
            watched += [names.job(completing.job), names.claim(completing.job)]
        try:
            for attempt in range(MAX_ATTEMPTS):
                async with self._redis.pipeline(transaction=True) as pipe:
                    try:
                        await pipe.watch(*watched)
                        current = await pipe.get(name)
                        claim = completing is not None and await _must_claim(pipe, completing)
                        new, result = change(None if current is None else str(current))
                        pipe.multi()  # type: ignore[no-untyped-call]
                        if new is None:
                            pipe.delete(name)
                        else:
                            pipe.set(name, new, px=self._ttl_ms)
                        if completing is not None:
                            _complete(pipe, completing.job, completing.reply(result))
                        if claim and completing is not None:
                            ttl = max(1, int(completing.claim_ttl * 1000))
                            pipe.set(names.claim(completing.job), "1", px=ttl)
                        await pipe.execute()
                        return result
                    except WatchError:
                        # Another writer won this round; back off a little and retry.
                        await asyncio.sleep(random.uniform(0, 0.001 * min(attempt, 20)))
        except RedisError as exc:
            raise StoreError(f"redis: {exc}") from exc
        raise StoreError(f"redis: gave up on '{key}' after {MAX_ATTEMPTS} conflicting writes")

    async def get(self, key: str) -> str | None:
        value = await guarded(self._redis.get(names.state(key)), "redis")
        return None if value is None else str(value)

    async def claim(self, key: str, ttl: float) -> bool:
        px = max(1, int(ttl * 1000))
        return bool(await guarded(self._redis.set(names.claim(key), "1", nx=True, px=px), "redis"))

    async def forget(self, prefix: str) -> int:
        pattern = f"{PREFIX}state:{_glob_escape(prefix)}*"
        deleted = 0
        try:
            batch: list[str] = []
            async for key in self._redis.scan_iter(match=pattern, count=500):
                batch.append(str(key))
                if len(batch) >= 500:
                    deleted += int(await self._redis.delete(*batch))
                    batch.clear()
            if batch:
                deleted += int(await self._redis.delete(*batch))
        except RedisError as exc:
            raise StoreError(f"redis: {exc}") from exc
        return deleted

    async def append(self, stream: str, item: str, keep: int) -> None:
        name = f"{PREFIX}log:{stream}"
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.lpush(name, item)
                pipe.ltrim(name, 0, keep - 1)
                await pipe.execute()
        except RedisError as exc:
            raise StoreError(f"redis: {exc}") from exc

    async def read(self, stream: str) -> list[str]:
        items = await guarded(self._redis.lrange(f"{PREFIX}log:{stream}", 0, -1), "redis")
        return [str(i) for i in reversed(items)]

    async def close(self) -> None:
        await self._redis.aclose(close_connection_pool=True)


def _glob_escape(text: str) -> str:
    """Escape Redis MATCH pattern characters."""
    return "".join(f"\\{ch}" if ch in "*?[]\\" else ch for ch in text)


async def _must_claim(pipe: Any, completing: Completing) -> bool:
    """Whether the job must be claimed now (never recorded); JobGone when it was
    answered elsewhere (see Completing). Under WATCH: read as the transaction starts."""
    if await pipe.exists(names.job(completing.job)):
        return False
    if completing.required or await pipe.exists(names.claim(completing.job)):
        raise JobGone(completing.job)
    return True


def _complete(pipe: Any, job: str, reply: Entry | None) -> None:
    """Queue, in the open transaction, the job's removal and its reply's entry."""
    pipe.delete(names.job(job))
    pipe.zrem(names.JOBS_DUE, job)
    pipe.zrem(names.JOBS_CREATED, job)
    if reply is not None:
        pipe.hsetnx(names.OUTBOX_ITEMS, reply.key, reply.to_json())
        pipe.zadd(names.OUTBOX_DUE, {reply.key: reply.due})
        pipe.zadd(names.OUTBOX_CREATED, {reply.key: reply.created})
