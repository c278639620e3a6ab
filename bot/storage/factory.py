"""Choose and open the state store from ADVISOR_STATE_URL (`memory://`, `sqlite:///PATH`,
`redis://HOST:PORT/DB`, each with an optional `?ttl=SECONDS`)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import platformdirs

from bot.storage.memory_store import MemoryStore
from bot.storage.protocol import DEFAULT_TTL, Clock, StateStore, StoreError
from bot.storage.redis_store import RedisStore
from bot.storage.sqlite_store import SqliteStore


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


def state_config(env: Mapping[str, str]) -> StoreConfig:
    """ADVISOR_STATE_URL, read (the state store and the outbox follow the same one)."""
    return parse_state_url(env.get("ADVISOR_STATE_URL", ""))


def open_store(env: Mapping[str, str], clock: Clock = time.time) -> StateStore:
    return store_for(state_config(env), clock)


def store_for(config: StoreConfig, clock: Clock = time.time) -> StateStore:
    if config.kind == "memory":
        return MemoryStore(config.ttl, clock)
    if config.kind == "sqlite":
        return SqliteStore(Path(config.target), config.ttl, clock)

    return RedisStore(config.target, config.ttl)
