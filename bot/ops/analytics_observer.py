"""Content analytics as an observer of the engine: unanswered questions, votes and
"Not quite?" confusions go to the state store for `advisor kb gaps`."""

from __future__ import annotations

import logging

from bot.events import AlternativeClicked, Event, TurnHandled, Voted
from bot.ops.analytics import record_confusion, record_unanswered, record_vote
from bot.storage.protocol import StateStore, StoreError

log = logging.getLogger(__name__)


class AnalyticsObserver:
    def __init__(self, store: StateStore) -> None:
        self._store = store

    async def observe(self, event: Event, now: float) -> None:
        # Analytics never stops an answer; a vote is the exception: the person is
        # thanked only when it was recorded, so its StoreError reaches the engine.
        if isinstance(event, TurnHandled) and event.turn.text:
            try:
                await record_unanswered(self._store, event.turn.text, event.reply, now)
            except StoreError as exc:
                log.error("could not record an unanswered question: %s", exc)
        elif isinstance(event, AlternativeClicked):
            try:
                await record_confusion(self._store, event.answered, event.wanted, now)
            except StoreError as exc:
                log.error("could not record a confusion: %s", exc)
        elif isinstance(event, Voted):
            await record_vote(self._store, event.intent, event.up, now)
