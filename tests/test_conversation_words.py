"""The conversation's trigger phrases are content (advisor.yaml's `conversation`): an
author adds a way to ask without touching code, and `kb check` reports a bad pattern."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.content.loading import load_knowledge, read_knowledge
from bot.engine import Engine
from bot.reply import Turn
from bot.storage.memory_store import MemoryStore
from tests.conftest import MINIMAL_ADVISOR

MakeKb = Callable[..., Path]

WORDS = """\
conversation:
  expand: [tell me everything]
  compare: ["contrast [them] [on] ..."]
  change: ["redo [my] ... [answer]"]
  follow_up: ["and ..."]
  side_filler: [for]
"""


async def test_phrases_added_in_content_are_understood(make_kb: MakeKb) -> None:
    kb = load_knowledge(make_kb(knowledge__advisor_yaml=MINIMAL_ADVISOR + WORDS))
    engine = Engine(kb, MemoryStore())
    contrast = await engine.handle("k", Turn(text="Contrast them on performance"))
    assert [c.criterion for c in contrast.comparisons] == ["performance"]
    await engine.handle("k2", Turn(text="recommend"))
    result = await engine.handle("k2", Turn(text="yes"))
    assert result.recommendation is not None
    redo = await engine.handle("k2", Turn(text="redo my real-time answer"))
    assert redo.question == "realtime"


async def test_a_phrase_left_out_of_content_is_not_understood(make_kb: MakeKb) -> None:
    kb = load_knowledge(make_kb())  # no `conversation` words at all
    reply = await Engine(kb, MemoryStore()).handle("k", Turn(text="compare them on performance"))
    assert reply.comparisons == ()


def test_a_pattern_without_its_part_is_reported_with_file_and_line(make_kb: MakeKb) -> None:
    broken = (
        MINIMAL_ADVISOR
        + 'conversation:\n  compare:\n    - "contrast [them] on"\n    - compare them\n'
    )
    _kb, problems = read_knowledge(make_kb(knowledge__advisor_yaml=broken))
    first = MINIMAL_ADVISOR.count("\n") + 3  # after `conversation:` and `compare:`
    assert [(p.path.endswith("advisor.yaml"), p.line) for p in problems] == [
        (True, first),
        (True, first + 1),
    ]
    assert "contrast [them] on" in problems[0].message
