"""Everything a running bot keeps, opened together from ADVISOR_STATE_URL: conversation
state, the outbox of replies and the inbox of accepted work.

They share what makes a turn, its reply and the job it completes one transaction: one
SQLite connection, or one memory store; in Redis they are keys of one database.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.storage.factory import state_config
from bot.storage.inbox import Inbox
from bot.storage.inbox_sqlite import SqliteInbox
from bot.storage.memory_store import MemoryInbox, MemoryStore
from bot.storage.outbox import OutboxStore
from bot.storage.outbox_store import MemoryOutbox, SqliteOutbox
from bot.storage.protocol import Clock, StateStore
from bot.storage.sqlite_store import SqliteStore


@dataclass(frozen=True)
class Stores:
    state: StateStore
    outbox: OutboxStore
    inbox: Inbox

    async def close(self) -> None:
        await self.inbox.close()
        await self.outbox.close()
        await self.state.close()


def open_stores(env: Mapping[str, str], clock: Clock = time.time) -> Stores:
    config = state_config(env)  # all three follow the one URL, read once
    if config.kind == "memory":
        memory = MemoryStore(config.ttl, clock)
        return Stores(memory, MemoryOutbox(memory.replies), MemoryInbox(memory))
    if config.kind == "sqlite":
        sqlite = SqliteStore(Path(config.target), config.ttl, clock)
        connection = sqlite.connection
        return Stores(sqlite, SqliteOutbox(connection=connection), SqliteInbox(connection))
    from bot.storage.inbox_redis import RedisInbox
    from bot.storage.outbox_redis import RedisOutbox
    from bot.storage.redis_store import RedisStore

    redis = RedisStore(config.target, config.ttl)
    return Stores(redis, RedisOutbox(config.target), RedisInbox(config.target))
