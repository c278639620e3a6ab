"""The inbox in Redis, shared by every instance.

Each job is a key of its own (so the turn that completes it can WATCH it), with two
sorted sets beside them: when each is due and when each was accepted. Accepting (the
claim and the job) and leasing are Lua scripts, so they are atomic: a job is taken by
one instance at a time.
"""

from __future__ import annotations

from dataclasses import replace

from bot.storage import redis_keys as names
from bot.storage.inbox import JOB_LEASE_S, Job
from bot.storage.redis_connection import RedisQueue

ACCEPT = """
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
return 1
"""


class RedisInbox(RedisQueue):
    def __init__(self, url: str) -> None:
        super().__init__(url, "redis inbox", names.INBOX)
        self._accept = self._redis.register_script(ACCEPT)

    async def accept(self, job: Job, claim_ttl: float) -> bool:
        keys = [names.claim(job.key), names.job(job.key), names.JOBS_DUE, names.JOBS_CREATED]
        args: list[str | float] = [max(1, int(claim_ttl * 1000)), job.to_json(), job.created,
                                   job.key]  # fmt: skip
        return bool(await self._do(self._accept(keys=keys, args=args)))

    async def lease(self, now: float, limit: int) -> list[Job]:
        return [Job.from_json(text) for text in await self._lease(now, limit, now + JOB_LEASE_S)]

    async def retry(self, job: Job, due: float) -> None:
        again = replace(job, attempts=job.attempts + 1)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(names.job(job.key), again.to_json(), xx=True)
            pipe.zadd(names.JOBS_DUE, {job.key: due}, xx=True)
            await self._do(pipe.execute())

    async def drop(self, key: str) -> None:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.delete(names.job(key))
            pipe.zrem(names.JOBS_DUE, key)
            pipe.zrem(names.JOBS_CREATED, key)
            await self._do(pipe.execute())
