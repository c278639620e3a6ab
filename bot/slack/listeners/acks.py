"""The ack used by listeners whose work happens after the acknowledgement."""

from __future__ import annotations

from slack_bolt.context.ack.async_ack import AsyncAck


async def ack_now(ack: AsyncAck) -> None:
    await ack()
