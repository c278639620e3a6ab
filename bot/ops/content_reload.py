"""Swap in new content while serving: on SIGHUP, or when the content folder changes.

A new version is loaded and indexed off the event loop, then swapped in at once; a
broken one is rejected with its `kb check` problems in the log while the old content
keeps answering. Conversations live in the state store, so they carry on as they were.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.content.loading import read_knowledge
from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.understanding.matcher import IntentMatcher

log = logging.getLogger(__name__)


def _load(root: Path) -> tuple[KnowledgeBase, IntentMatcher] | list[str]:
    kb, problems = read_knowledge(root)
    if kb is None:
        return [str(p) for p in problems]
    return kb, IntentMatcher(kb)


async def reload_content(engine: Engine, root: Path) -> bool:
    """Load `root` and swap it in; False (old content kept) when it has problems."""
    try:
        loaded = await asyncio.to_thread(_load, root)
    except Exception as exc:  # a reload must never take the running bot (or watcher) down
        loaded = [f"{type(exc).__name__}: {exc}"]
    if isinstance(loaded, list):
        for problem in loaded:
            log.error("content reload rejected: %s", problem)
        log.error(
            "content reload rejected (%d problem(s)); still serving the old content", len(loaded)
        )
        return False
    engine.swap(*loaded)
    log.info("content reloaded from %s: %d intents", root, len(loaded[0].intents))
    return True


async def watch_content(
    root: Path, on_change: Callable[[], Awaitable[object]], stop: asyncio.Event
) -> None:
    """Call `on_change` after each burst of changes under `root`, until `stop` is set."""
    from watchfiles import awatch

    async for _changes in awatch(root, stop_event=stop, debounce=300, recursive=True):
        await on_change()
