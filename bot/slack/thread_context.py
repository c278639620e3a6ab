"""Where an assistant thread's context lives: the channel the person was looking at.

Bolt's default keeps it in message metadata through extra Web API calls; ours keeps it
in the state store (memory, SQLite or Redis), so every instance sees it and it expires
with the conversations.
"""

from __future__ import annotations

import json
import logging

from slack_bolt.context.assistant.thread_context import AssistantThreadContext
from slack_bolt.context.assistant.thread_context_store.async_store import (
    AsyncAssistantThreadContextStore,
)

from bot.engine import StateStore, StoreError
from bot.slack.keys import assistant_context_key, assistant_thread_key

log = logging.getLogger(__name__)


async def mark_assistant_thread(store: StateStore, channel_id: str, thread_ts: str) -> None:
    """Remember that this DM thread is an assistant panel's (it gets a status and a title)."""
    try:
        await store.update(assistant_thread_key(channel_id, thread_ts), lambda _old: ("1", None))
    except StoreError as exc:
        log.error("could not mark an assistant thread: %s", exc)


async def is_assistant_thread(store: StateStore, channel_id: str, thread_ts: str) -> bool:
    """True for a panel's thread; False for a plain thread in a DM (Bolt routes both here)."""
    try:
        return await store.get(assistant_thread_key(channel_id, thread_ts)) is not None
    except StoreError as exc:
        log.error("could not tell an assistant thread: %s", exc)
        return False


def encode_context(context: dict[str, str]) -> str | None:
    """Only the ids Slack sends (channel, team, enterprise); None when there is no channel."""
    kept = {
        k: str(v) for k, v in context.items() if k in {"channel_id", "team_id", "enterprise_id"}
    }
    return json.dumps(kept) if kept.get("channel_id") else None


def decode_context(raw: str | None) -> AssistantThreadContext | None:
    try:
        data = json.loads(raw) if raw else None
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("channel_id"), str):
        return None
    return AssistantThreadContext(data)


class StoredThreadContexts(AsyncAssistantThreadContextStore):
    """Bolt hands this to every assistant request (inside `say` and friends) and deep-copies
    each request for its lazy listeners; the store holds a SQLite connection or a Redis
    pool, which cannot be copied (bolt-python #545, #1284). A copy is this same object:
    one store per process, shared, as intended."""

    def __init__(self, store: StateStore) -> None:
        self._store = store

    def __copy__(self) -> StoredThreadContexts:
        return self

    def __deepcopy__(self, _memo: dict[int, object]) -> StoredThreadContexts:
        return self

    async def save(self, *, channel_id: str, thread_ts: str, context: dict[str, str]) -> None:
        encoded = encode_context(context)
        try:
            await self._store.update(
                assistant_context_key(channel_id, thread_ts), lambda _old: (encoded, None)
            )
        except StoreError as exc:
            log.error("could not store an assistant thread's context: %s", exc)

    async def find(self, *, channel_id: str, thread_ts: str) -> AssistantThreadContext | None:
        try:
            return decode_context(
                await self._store.get(assistant_context_key(channel_id, thread_ts))
            )
        except StoreError as exc:
            log.error("could not read an assistant thread's context: %s", exc)
            return None
