"""Replies rendered to Slack's JSON once per content version, not once per post.

Building Block Kit through slack_sdk's model objects (which check Slack's limits) is
most of the cost of a reply; the same reply to the same question renders the same, but
for the thread its buttons name. So each (content's messages, reply) is rendered once
with a mark where the thread goes, kept as JSON text, and every post gets a fresh copy
with its thread put in (tests/test_rendered.py: identical to rendering afresh).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from bot.engine import Messages
from bot.reply import Reply
from bot.slack.blocks import message

THREAD_MARK = "@@thread_ts@@"  # no character JSON escapes, none a Slack ts has


@lru_cache(maxsize=2048)
def _rendered(words: Messages, reply: Reply) -> str:
    return json.dumps(message(words, reply, THREAD_MARK))


def message_json(words: Messages, reply: Reply, thread_ts: str | None) -> str:
    """As `blocks.message(words, reply, thread_ts)`, as JSON text."""
    return _rendered(words, reply).replace(THREAD_MARK, thread_ts or "")


def message_for(words: Messages, reply: Reply, thread_ts: str | None) -> dict[str, Any]:
    """As `blocks.message(words, reply, thread_ts)`, a fresh copy for the caller."""
    rendered: dict[str, Any] = json.loads(message_json(words, reply, thread_ts))
    return rendered


def with_json(
    where: dict[str, Any], content: dict[str, Any], content_json: str
) -> tuple[dict[str, Any], str | None]:
    """`{**where, **content}` without its None values, and its JSON text made from
    `content_json` (the JSON of `content`) without serialising it again (None when the
    two overlap or `content` holds a None: then serialise it)."""
    args = {**where, **content}
    if where.keys() & content.keys() or None in content.values():
        return args, None
    head = json.dumps({name: value for name, value in where.items() if value is not None})
    if content_json == "{}" or head == "{}":
        return args, None
    return args, f"{head[:-1]}, {content_json[1:]}"
