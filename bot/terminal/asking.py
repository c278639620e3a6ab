"""One path for `advisor ask` and `advisor eval`: each question goes through the engine
as the first message of a fresh in-memory conversation, exactly as it would in a new
chat or Slack thread (follow-ups, a described project, the advisor starting). Nothing
is recorded: no observers, and the memory is thrown away after each question."""

from __future__ import annotations

import asyncio
from types import TracebackType

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.reply import Reply, Turn
from bot.storage.memory_store import MemoryStore
from bot.understanding.evaluation import Answered, Answerer
from bot.understanding.matcher import IntentMatcher

KEY = "ask:fresh"


class FreshConversations:
    """Answers questions one at a time, each in a conversation of its own."""

    def __init__(self, kb: KnowledgeBase, matcher: IntentMatcher | None = None) -> None:
        self.kb = kb
        self.matcher = matcher or IntentMatcher(kb)
        self._loop = asyncio.new_event_loop()

    def reply(self, text: str) -> Reply:
        engine = Engine(self.kb, MemoryStore(), self.matcher)  # a fresh conversation
        return self._loop.run_until_complete(engine.handle(KEY, Turn(text=text)))

    def answered(self, text: str) -> Answered:
        reply = self.reply(text)
        suggestions = tuple(o.value for o in reply.suggestions)
        return Answered(reply.intent, reply.confidence, suggestions)

    def close(self) -> None:
        self._loop.close()

    def __enter__(self) -> FreshConversations:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def engine_answerer(kb: KnowledgeBase, matcher: IntentMatcher | None = None) -> Answerer:
    """`advisor eval`'s answerer: the engine's first reply (the loop lives as long as it)."""
    return FreshConversations(kb, matcher).answered
