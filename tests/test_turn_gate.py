"""The turns' share of the event loop: within one turn of the loop, turns start until
the slice has passed; the rest start in a later turn of the loop, after what else was
ready (the acks) has run. The clock is a fake one: no timings here."""

from __future__ import annotations

import asyncio

from bot.slack.turn_gate import TurnGate


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_turns_start_until_the_slice_is_spent_then_wait_for_the_next_loop_turn() -> None:
    clock = Clock()
    gate = TurnGate(slice_s=0.004, clock=clock)
    order: list[str] = []

    async def job(name: str, cost: float) -> None:
        await gate.turn()
        order.append(name)
        clock.now += cost  # the turn's CPU, on the loop

    async def ack() -> None:
        order.append("ack")

    # Four jobs ready at once, 3 ms each: two fit in a 4 ms slice (the second starts at
    # 3 ms, within it), the others wait; an ack that became ready runs before them.
    tasks = [asyncio.ensure_future(job(f"job{n}", 0.003)) for n in range(4)]
    await asyncio.sleep(0)
    acks = asyncio.ensure_future(ack())
    await asyncio.gather(*tasks, acks)
    assert order[:3] == ["job0", "job1", "ack"]
    assert sorted(order[3:]) == ["job2", "job3"]


async def test_a_turn_alone_never_waits() -> None:
    clock = Clock()
    gate = TurnGate(slice_s=0.004, clock=clock)
    for _ in range(3):
        await asyncio.wait_for(gate.turn(), 1)
        clock.now += 1.0  # far more than a slice, but alone in its turn of the loop
        await asyncio.sleep(0)
        await asyncio.sleep(0)
