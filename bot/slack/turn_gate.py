"""A share of the event loop for turns, so answers and acks both keep moving.

A turn (matching and the dialogue step) is CPU on the event loop's thread: the acks
waiting for their next turn of the loop wait for every turn that runs before them. The
gate lets turns start in the current turn of the loop only until SLICE_S has passed
since the first of them; the others wait for the next turn of the loop, after the acks
that became ready meanwhile have run. So many jobs can be in flight (most of a job's
time is waiting: for the store, for the Web API), and however many there are, each
turn of the loop spends about SLICE_S on turns and the rest on everything else.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable

SLICE_S = 0.004  # turns per turn of the event loop, in seconds (ADVISOR_TURN_SLICE_MS)


class TurnGate:
    def __init__(self, slice_s: float = SLICE_S, clock: Callable[[], float] = time.perf_counter):
        self._slice = slice_s
        self._clock = clock
        self._started: float | None = None  # when this turn of the loop's first turn began
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def turn(self) -> None:
        """Return when a turn may run now (at once, or in a later turn of the loop)."""
        while not self._admit():
            waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            await waiter

    def _admit(self) -> bool:
        now = self._clock()
        if self._started is None:
            self._started = now
            asyncio.get_running_loop().call_soon(self._next)
            return True
        return now - self._started < self._slice

    def _next(self) -> None:
        """A new turn of the loop: wake those waiting, in order (they check again)."""
        self._started = None
        waiting, self._waiting = self._waiting, deque()
        for waiter in waiting:
            if not waiter.done():
                waiter.set_result(None)
