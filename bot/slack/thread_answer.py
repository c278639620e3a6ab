"""A mention in a thread that asks for a recommendation: read the thread, answer in it
(and "Ask the advisor" on a message with replies: read it, answer one person).

The first visible reply comes within 2 s: when reading takes longer than NOTE_AFTER_S,
one short note goes into the thread and the answer replaces it in place (chat.update),
so the thread is answered once. The answer goes through the outbox under the event's
key either way: a retried event, or one seen by two instances, is answered once.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from bot.reply import Reply, Thread, ThreadMessage, Turn
from bot.slack.blocks import message
from bot.slack.deps import Deps, Place
from bot.slack.keys import delivery, private_channel
from bot.slack.thread_reader import ThreadReader
from bot.slack.turns import handle, handle_thread
from bot.slack.web_api import post_now, post_reply

NOTE_AFTER_S = 1.5  # leaves room for the note itself within Slack's 2 s


async def answer_from_thread(
    deps: Deps, place: Place, asked: ThreadMessage, key: str, bot_user: str | None,
    asked_ts: str | None,
) -> Reply:  # fmt: skip
    """Read the thread of `place` and answer `asked` in it, publicly. `asked_ts`: the
    asking message, after the thread's other messages (None: it is one of them)."""
    reading = asyncio.ensure_future(
        ThreadReader(deps).read(place, str(place.thread_ts), asked_ts, bot_user)
    )
    done, _ = await asyncio.wait({reading}, timeout=NOTE_AFTER_S)
    note = None if done else await _post_note(deps, place)
    read = await reading
    turn = Turn(text=asked.text)
    if read.readable and read.complete and not read.messages:  # nothing said before: as today
        reply = await handle(deps, place, turn)
    else:
        said = read.messages if asked_ts is None else (*read.messages, asked)
        reply = await handle_thread(deps, place, turn, Thread(said, read.complete, read.readable))
    if note is None:
        await post_reply(deps, place, reply, key, user=asked.author)
    else:
        content = message(deps.engine.kb.messages, reply, place.thread_ts)
        args = {"channel": place.channel, "ts": note, **content}
        await deps.outbox.send_entry(
            deps.outbox.prepare(
                delivery(key, "reply"), "chat.update", args, place.channel, place.token
            )
        )
    return reply


def has_replies(asked: dict[str, Any]) -> bool:
    """A message others replied to (the "Ask the advisor" shortcut reads its thread)."""
    return int(asked.get("reply_count") or 0) > 0


async def answer_privately(
    deps: Deps, where: Place, user: str, text: str, bot_user: str | None
) -> Reply:
    """The thread at `where` read the same way, for `user`'s eyes only (they asked about
    its message `text`): the recommendation from what it settled, without buttons."""
    read = await ThreadReader(deps).read(where, str(where.thread_ts), None, bot_user)
    private = Place(where.team, private_channel(user))  # as the shortcut's other answers
    reply = await handle_thread(deps, private, Turn(text=text), read, ask=False)
    return replace(reply, controls=(), changes=())  # a private message cannot take them


async def _post_note(deps: Deps, place: Place) -> str | None:
    """'Reading the thread...' in the thread; its ts, to replace it with the answer."""
    posted = await post_now(deps, place, text=deps.engine.kb.messages.text("thread_reading"))
    ts = posted.get("ts") if posted is not None else None
    return str(ts) if ts else None
