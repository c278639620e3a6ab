"""The engine is the one way in: every request is reported to its observers, and the
analytics observer keeps what `advisor kb gaps` reads."""

from __future__ import annotations

import json

import pytest

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.events import (
    AlternativeClicked,
    Compared,
    Event,
    HelpShown,
    SuggestionClicked,
    TurnHandled,
    Voted,
)
from bot.ops.analytics import CONFUSIONS, UNANSWERED, VOTES
from bot.ops.analytics_observer import AnalyticsObserver
from bot.ops.metrics import Metrics
from bot.reply import Turn
from bot.storage.memory_store import MemoryStore
from bot.storage.protocol import StoreError
from bot.understanding.matcher import IntentMatcher


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    async def observe(self, event: Event, now: float) -> None:
        self.events.append(event)


class BrokenStore(MemoryStore):
    async def append(self, stream: str, item: str, keep: int) -> None:
        raise StoreError("down")


async def test_every_way_in_is_reported(kb: KnowledgeBase, matcher: IntentMatcher) -> None:
    seen = Recorder()
    engine = Engine(kb, MemoryStore(), matcher, observers=[seen])
    reply = await engine.handle("k", Turn(text="is node faster?"))
    await engine.compare("perf")
    await engine.compare("no such thing")
    help_reply = await engine.help()
    assert engine.home().comparisons  # content only: nothing to count
    await engine.suggestion_clicked()
    await engine.alternative_clicked("performance", "scalability")
    assert await engine.vote("performance", up=False)
    kinds = [type(e) for e in seen.events]
    assert kinds == [TurnHandled, Compared, Compared, HelpShown, SuggestionClicked,
                     AlternativeClicked, Voted]  # fmt: skip
    first = seen.events[0]
    assert isinstance(first, TurnHandled) and first.reply == reply and first.seconds >= 0
    assert seen.events[1:3] == [Compared("performance"), Compared(None)]
    assert help_reply.intent == "help"


async def test_analytics_keeps_unanswered_votes_and_confusions(
    kb: KnowledgeBase, matcher: IntentMatcher
) -> None:
    store = MemoryStore()
    engine = Engine(kb, store, matcher, observers=[AnalyticsObserver(store)])
    await engine.handle("k", Turn(text="what's the weather in paris"))
    await engine.handle("k", Turn(text="is node faster?"))  # answered: not kept
    await engine.alternative_clicked("performance", "scalability")
    assert await engine.vote("security", up=True)
    unanswered = [json.loads(i) for i in await store.read(UNANSWERED)]
    assert [u["outcome"] for u in unanswered] == ["out_of_scope"]
    assert [json.loads(i)["intent"] for i in await store.read(VOTES)] == ["security"]
    assert json.loads((await store.read(CONFUSIONS))[0])["wanted"] == "scalability"


async def test_a_vote_that_cannot_be_kept_is_neither_thanked_nor_counted(
    kb: KnowledgeBase, matcher: IntentMatcher
) -> None:
    store, metrics = BrokenStore(), Metrics()
    engine = Engine(kb, store, matcher, observers=[AnalyticsObserver(store), metrics])
    assert not await engine.vote("security", up=True)
    assert "advisor_votes_total{" not in metrics.exposition().decode()
    # Other analytics failures never stop an answer.
    reply = await engine.handle("k", Turn(text="what's the weather in paris"))
    assert reply.is_fallback
    await engine.alternative_clicked("performance", "scalability")


@pytest.mark.parametrize("asked", ["perf", "all", ""])
async def test_a_comparison_is_the_same_object_each_time(kb: KnowledgeBase, asked: str) -> None:
    """Cached per content version, so the Slack renderings cached on it stay cached."""
    engine = Engine(kb, MemoryStore())
    assert (await engine.compare(asked))[0] is (await engine.compare(asked))[0]


@pytest.mark.parametrize("typed", ["change", "cancel", "3"])
async def test_a_control_or_number_typed_to_the_conversation_is_no_content_gap(
    kb: KnowledgeBase, matcher: IntentMatcher, typed: str
) -> None:
    store = MemoryStore()
    engine = Engine(kb, store, matcher, observers=[AnalyticsObserver(store)])
    await engine.handle("k", Turn(text=typed))
    assert await store.read(UNANSWERED) == []
