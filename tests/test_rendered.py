"""Replies rendered once and reused: every post reads exactly as a fresh rendering."""

from __future__ import annotations

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.reply import Turn
from bot.slack.blocks import message
from bot.slack.rendered import message_for
from bot.storage.memory_store import MemoryStore
from tests.conftest import UNSURE_QUESTION


async def test_a_cached_rendering_is_the_fresh_one_with_its_own_thread(kb: KnowledgeBase) -> None:
    engine = Engine(kb, MemoryStore())
    replies = [
        await engine.handle("a", Turn(text="is node faster than django?")),  # related buttons
        await engine.handle("b", Turn(text=UNSURE_QUESTION)),  # "did you mean" buttons
        await engine.handle("c", Turn(text="recommend")),  # an advisor question
        (await engine.compare("performance"))[0],
    ]
    for reply in replies:
        for thread in ("1700000000.000100", "1700000001.000200", None):
            assert message_for(kb.messages, reply, thread) == message(kb.messages, reply, thread)
    assert any("1700000001.000200" in str(message_for(kb.messages, r, "1700000001.000200"))
               for r in replies)  # fmt: skip


async def test_each_post_gets_its_own_copy(kb: KnowledgeBase) -> None:
    reply = await Engine(kb, MemoryStore()).handle("a", Turn(text="what is django?"))
    first = message_for(kb.messages, reply, "1.1")
    first["blocks"].clear()
    assert message_for(kb.messages, reply, "1.1")["blocks"] != []
