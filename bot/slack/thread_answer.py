"""A mention in a thread that asks for a recommendation: read the thread, answer in it.

The first visible reply comes within 2 s: when reading takes longer than NOTE_AFTER_S,
one short note goes into the thread and the answer replaces it in place (chat.update),
so the thread is answered once. The answer goes through the outbox under the event's
key either way: a retried event, or one seen by two instances, is answered once.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.reply import Reply, Thread, ThreadMessage, Turn
from bot.slack.blocks import message
from bot.slack.deps import Deps, Place
from bot.slack.thread_reader import ThreadReader
from bot.slack.turns import handle, handle_thread
from bot.slack.web_api import call, post_reply

NOTE_AFTER_S = 1.5  # leaves room for the note itself within Slack's 2 s


async def answer_from_thread(
    deps: Deps, place: Place, asked: dict[str, Any], key: str, bot_user: str | None
) -> Reply:
    """Read the thread `asked` (the mention's event) belongs to, and answer in it."""
    text, user = str(asked.get("text", "")), str(asked.get("user", ""))
    reading = asyncio.ensure_future(
        ThreadReader(deps).read(place, str(place.thread_ts), str(asked["ts"]), bot_user)
    )
    done, _ = await asyncio.wait({reading}, timeout=NOTE_AFTER_S)
    note = None if done else await _post_note(deps, place)
    read = await reading
    turn = Turn(text=text)
    if read.readable and not read.messages:  # nothing said before the mention: as today
        reply = await handle(deps, place, turn)
    else:
        thread = Thread((*read.messages, ThreadMessage(user, text)), read.complete, read.readable)
        reply = await handle_thread(deps, place, turn, thread)
    if note is None:
        await post_reply(deps, place, reply, key, user=user)
    else:
        content = message(deps.engine.kb.messages, reply, place.thread_ts)
        args = {"channel": place.channel, "ts": note, **content}
        await deps.outbox.send(f"{key}:reply", "chat.update", args, place.channel, place.token)
    return reply


async def _post_note(deps: Deps, place: Place) -> str | None:
    """'Reading the thread...' in the thread; its ts, to replace it with the answer."""
    posted = await call(
        deps,
        "chat.postMessage",
        deps.web.chat_postMessage(
            token=place.token,
            channel=place.channel,
            thread_ts=place.thread_ts,
            text=deps.engine.kb.messages.text("thread_reading"),
        ),
    )
    ts = posted.get("ts") if posted is not None else None
    return str(ts) if ts else None
