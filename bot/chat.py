"""`advisor chat`: the assistant in a terminal (numbered choices, history, Ctrl-D exits)."""

from __future__ import annotations

import contextlib
import json
import sys
from typing import TextIO

from bot.answers import answer_intent, reply_for_match
from bot.knowledge import KnowledgeBase
from bot.matcher import IntentMatcher
from bot.render_text import render
from bot.reply import Reply

WELCOME = (
    "Node.js vs Django advisor. Ask a question, type a number to pick a suggestion, Ctrl-D to quit."
)


def _pick(previous: Reply | None, text: str) -> str | None:
    """The intent behind a typed number, when the previous reply offered choices."""
    if previous is None or not text.strip().isdigit():
        return None
    choices = previous.suggestions or previous.related
    index = int(text.strip()) - 1
    return choices[index].value if 0 <= index < len(choices) else None


def run_chat(kb: KnowledgeBase, json_mode: bool, out: TextIO) -> int:
    matcher = IntentMatcher(kb)
    interactive = sys.stdin.isatty() and not json_mode
    if interactive:
        with contextlib.suppress(ImportError):  # not on every platform
            import readline  # noqa: F401 - enables line editing and history for input()
        print(WELCOME, file=out, flush=True)
    previous: Reply | None = None
    while True:
        try:
            text = input("you> ") if interactive else sys.stdin.readline()
        except EOFError:
            break
        if not interactive and text == "":
            break
        text = text.rstrip("\r\n")
        picked = _pick(previous, text)
        reply = answer_intent(kb, picked) if picked else reply_for_match(kb, matcher.match(text))
        previous = reply
        if json_mode:
            print(json.dumps(reply.to_json(text), ensure_ascii=False), file=out, flush=True)
        else:
            print(render(reply), file=out, flush=True)
    if interactive:
        print(file=out)
    return 0
