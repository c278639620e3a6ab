"""`advisor chat`: the engine in a terminal.

Interactive: numbered options (type the number), readline history; a blank line does
nothing, exit/quit/bye or Ctrl-D end it, and `/compare [criterion]` works as in Slack.
`--json`: one JSON reply per stdin line, flushed (a blank line is an input too).
`--session NAME`: the conversation is stored (ADVISOR_STATE_URL, SQLite by default)
and resumes after a restart; without it the conversation lives in memory. Turns are
reported to the observers Slack has (analytics for `advisor kb gaps`, metrics).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import Mapping
from dataclasses import replace
from typing import TextIO

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.ops.analytics_observer import AnalyticsObserver
from bot.ops.metrics import Metrics
from bot.reply import Reply, Turn
from bot.storage.factory import open_store
from bot.storage.memory_store import MemoryStore
from bot.storage.protocol import StateStore
from bot.terminal.input_lines import (
    Compare,
    Ignore,
    Quit,
    Say,
    UnknownCommand,
    read_terminal_line,
)
from bot.terminal.render import render


async def _compared(engine: Engine, key: str, asked: str) -> Reply:
    """`/compare`; in the middle of the advisor its question is asked again after the
    comparison, as after a question typed there."""
    reply, _ = await engine.compare(asked)
    again = await engine.resume(key, picking_up=False)
    if again is None:
        return reply
    return replace(again, text=f"{reply.text}\n\n{again.text}")


def _read_line(interactive: bool) -> str | None:
    if interactive:
        try:
            return input("you> ")
        except EOFError:
            return None
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\r\n")


def run_chat(
    kb: KnowledgeBase,
    env: Mapping[str, str],
    json_mode: bool,
    session: str | None,
    out: TextIO,
    about: str = "",
) -> int:
    """Talk until end of input or exit/quit/bye; `about` names the content in use."""
    store: StateStore = open_store(env) if session else MemoryStore()
    # The same observers as Slack: what a terminal user asked and did not get answered
    # reaches `advisor kb gaps` wherever the store persists (--session, ADVISOR_STATE_URL).
    recorded = store if session or "ADVISOR_STATE_URL" not in env else open_store(env)
    key = f"chat:{session or 'local'}"
    engine = Engine(kb, store, observers=(AnalyticsObserver(recorded), Metrics()))
    interactive = sys.stdin.isatty() and not json_mode
    loop = asyncio.new_event_loop()
    try:
        if interactive:
            with contextlib.suppress(ImportError):  # not on every platform
                import readline  # noqa: F401 - line editing and history for input()
            welcome = kb.messages.text("chat_welcome")
            print(f"{welcome}\n({about})" if about else welcome, file=out, flush=True)
        if session and not json_mode:
            resumed = loop.run_until_complete(engine.resume(key))
            if resumed is not None:
                print(render(kb.messages, resumed), file=out, flush=True)
        while (text := _read_line(interactive)) is not None:
            line = read_terminal_line(text, json_mode)
            if isinstance(line, Ignore):
                continue
            if isinstance(line, Quit):
                if line.farewell:
                    print(kb.messages.text("chat_goodbye"), file=out, flush=True)
                return 0
            reply: Reply
            if isinstance(line, Compare):
                reply = loop.run_until_complete(_compared(engine, key, line.asked))
            elif isinstance(line, UnknownCommand):
                reply = Reply(text=kb.messages.text("chat_unknown_command"))
            else:
                assert isinstance(line, Say)
                reply = loop.run_until_complete(engine.handle(key, Turn(text=line.text)))
            if json_mode:
                print(json.dumps(reply.to_json(text), ensure_ascii=False), file=out, flush=True)
            else:
                print(render(kb.messages, reply), file=out, flush=True)
        if interactive:
            print(file=out)
    finally:
        loop.run_until_complete(store.close())
        if recorded is not store:
            loop.run_until_complete(recorded.close())
        loop.close()
    return 0
