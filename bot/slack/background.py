"""Bolt's lazy listeners (the work after an ack) as tracked asyncio tasks.

Bolt's own asyncio runner fires and forgets. This one keeps a reference to every task
(asyncio may collect unreferenced tasks mid-flight) so a shutdown can wait for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from logging import Logger

from slack_bolt.lazy_listener.async_runner import AsyncLazyListenerRunner
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.slack.bolt_internals import runnable_lazy


class TrackedLazyRunner(AsyncLazyListenerRunner):
    def __init__(self, logger: Logger) -> None:
        self.logger = logger
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, function: Callable[..., Awaitable[None]], request: AsyncBoltRequest) -> None:
        work = runnable_lazy(function, self.logger, request)
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self, grace: float) -> int:
        """Wait up to `grace` seconds for the work in flight; return how many are left."""
        if not self._tasks:
            return 0
        _done, late = await asyncio.wait(set(self._tasks), timeout=grace)
        return len(late)
