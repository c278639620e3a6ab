"""A person's turn, run through the engine for a place; a store failure becomes an apology.
`answer`: the turn answered where it was asked, through the outbox."""

from __future__ import annotations

import logging

from bot.engine import StoreError
from bot.reply import Reply, Thread, Turn
from bot.slack.deps import Deps, Place
from bot.slack.last_recommendation import remember
from bot.slack.web_api import post_reply

log = logging.getLogger(__name__)


async def handle(deps: Deps, place: Place, turn: Turn) -> Reply:
    try:
        reply = await deps.engine.handle(place.key, turn)
    except StoreError as exc:
        log.error("state store failed for a turn: %s", exc)
        return Reply(text=deps.engine.kb.messages.text("store_sorry"))
    # What was answered, never what was said.
    log.info("turn %s: intent=%s question=%s", turn.action or "text", reply.intent, reply.question)
    return reply


async def answer(deps: Deps, place: Place, turn: Turn, key: str, user: str) -> Reply:
    """The turn's reply posted at `place` (once per `key`, the event or click answered),
    and a recommendation in it remembered as `user`'s last (for App Home)."""
    reply = await handle(deps, place, turn)
    await post_reply(deps, place, reply, key)
    await remember(deps, place, user, reply)
    return reply


async def handle_thread(
    deps: Deps, place: Place, turn: Turn, thread: Thread, ask: bool = True
) -> Reply:
    """A recommendation from a thread's discussion; a store failure becomes an apology."""
    try:
        reply = await deps.engine.handle_thread(place.key, turn, thread, ask)
    except StoreError as exc:
        log.error("state store failed for a thread: %s", exc)
        return Reply(text=deps.engine.kb.messages.text("store_sorry"))
    # How much was read and what came of it, never what anyone wrote.
    log.info(
        "thread read: messages=%d complete=%s readable=%s question=%s recommendation=%s",
        len(thread.messages), thread.complete, thread.readable, reply.question,
        reply.recommendation,
    )  # fmt: skip
    return reply
