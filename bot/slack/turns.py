"""A person's turn, run through the engine for a place; a store failure becomes an apology."""

from __future__ import annotations

import logging

from bot.engine import StoreError
from bot.reply import Reply, Turn
from bot.slack.deps import Deps, Place

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
