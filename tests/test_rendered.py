"""Replies rendered once and reused: every post reads exactly as a fresh rendering."""

from __future__ import annotations

import json

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.reply import Turn
from bot.slack.blocks import message
from bot.slack.rendered import message_for, message_json, with_json
from bot.storage.memory_store import MemoryStore
from bot.storage.outbox import Entry, new_entry
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


async def test_an_entry_serialised_once_stores_and_posts_exactly_its_args(
    kb: KnowledgeBase,
) -> None:
    # The reply's JSON text is reused for the stored entry and the post: both must read
    # back as the arguments themselves, in a thread and in a DM (no thread_ts).
    reply = await Engine(kb, MemoryStore()).handle("a", Turn(text="is node faster than django?"))
    for thread in ("1700000000.000100", None):
        content_json = message_json(kb.messages, reply, thread)
        where = {"channel": "C1", "thread_ts": thread}
        args, args_json = with_json(where, json.loads(content_json), content_json)
        assert args_json is not None
        clean = {name: value for name, value in args.items() if value is not None}
        entry = new_entry("event:Ev1:reply", "chat.postMessage", clean, "C1", 1.0,
                          args_json=args_json)  # fmt: skip
        assert (
            json.loads(entry.args_text())
            == clean
            == message(kb.messages, reply, thread)
            | {name: value for name, value in where.items() if value is not None}
        )
        stored = Entry.from_json(entry.to_json())
        assert stored == entry and stored.args == clean and stored.args_json is None
        assert json.loads(stored.args_text()) == clean


def test_arguments_that_overlap_are_serialised_afresh() -> None:
    content = {"channel": "C2", "text": "hi"}
    args, args_json = with_json({"channel": "C1"}, content, json.dumps(content))
    assert args == {"channel": "C2", "text": "hi"} and args_json is None
