"""Talking to Slack's Web API: replies through the outbox, other calls through `call`.

Replies go through the outbox (`deps.outbox.send_entry(deps.outbox.prepare(...))`),
keyed by the event or click they answer, so an acknowledged request is answered once
even through a Web API outage.
Other calls go through `call`, so a failure is logged with Slack's error code (never
the payload) and never escapes into Bolt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.base.message_ids import MessageId
from bot.reply import Reply
from bot.slack.deps import Deps, Place
from bot.slack.keys import delivery
from bot.slack.outbox_sender import Entry
from bot.slack.private_blocks import for_ephemeral
from bot.slack.rendered import message_for, message_json, with_json

log = logging.getLogger(__name__)


async def call(deps: Deps, method: str, request: Awaitable[Any]) -> Any | None:
    """Await one Web API call; a failure is logged and counted with Slack's error code."""
    try:
        return await request
    except SlackApiError as exc:
        code = str(exc.response.get("error", "unknown_error"))
    except (SlackClientError, OSError, TimeoutError) as exc:
        code = type(exc).__name__
    log.error("slack %s failed: %s", method, code)
    deps.metrics.slack_errors.labels(method, code).inc()
    return None


async def post_now(deps: Deps, place: Place, **content: Any) -> Any | None:
    """chat.postMessage at `place`, now, not through the outbox: for a post whose
    outcome decides what follows (its ts, or whether Slack took it)."""
    posting = deps.web.chat_postMessage(
        token=place.token, channel=place.channel, thread_ts=place.thread_ts, **content
    )
    return await call(deps, "chat.postMessage", posting)


def reply_entry(deps: Deps, place: Place, reply: Reply, key: str, user: str | None = None) -> Entry:
    """The outbox entry that posts `reply` in the thread (or DM); a reply that answers
    nothing goes to the asker only. `key` names the event or click answered."""
    content_json = message_json(deps.engine.kb.messages, reply, place.thread_ts)
    content = json.loads(content_json)
    where = {"channel": place.channel, "thread_ts": place.thread_ts}
    if user and place.thread_ts and reply.answers_nothing:
        args = {**where, "user": user, **for_ephemeral(content)}
        return deps.outbox.prepare(
            delivery(key, "ephemeral"), "chat.postEphemeral", args, place.channel, place.token
        )
    args, args_json = with_json(where, content, content_json)  # serialised once
    return deps.outbox.prepare(
        delivery(key, "reply"), "chat.postMessage", args, place.channel, place.token,
        args_json=args_json,
    )  # fmt: skip


async def post_reply(
    deps: Deps, place: Place, reply: Reply, key: str, user: str | None = None
) -> None:
    """Post the reply through the outbox: one delivery per key (see `reply_entry`)."""
    await deps.outbox.send_entry(reply_entry(deps, place, reply, key, user))


async def respond_later(deps: Deps, body: dict[str, Any], key: str, **content: Any) -> None:
    """Post to the request's response_url through the outbox (Bolt's `respond`, durable)."""
    url = body.get("response_url")
    if isinstance(url, str) and url:
        await deps.outbox.send_entry(deps.outbox.prepare(key, "response_url", content, url=url))


async def tell(
    deps: Deps, context: AsyncBoltContext, replace: bool = False, **content: Any
) -> None:
    """A note for the person, now, by the request's response_url (Bolt's `respond`):
    shown to them alone, or, with `replace`, in place of the message they clicked."""
    respond = context.respond
    if respond is None:
        return
    how = {"replace_original": True} if replace else {"response_type": "ephemeral",
                                                       "replace_original": False}  # fmt: skip
    await call(deps, "response_url", respond(**how, **content))


async def reply_privately(deps: Deps, body: dict[str, Any], reply: Reply, key: str) -> None:
    """A click on a private reply answered in its place, still private: the private
    message is replaced (Slack sends no copy of an ephemeral message to update)."""
    content = for_ephemeral(message_for(deps.engine.kb.messages, reply, None))
    await respond_later(
        deps, body, delivery(key, "private"), response_type="ephemeral", replace_original=True,
        **content,
    )  # fmt: skip


async def note_privately(deps: Deps, body: dict[str, Any], key: str, message: MessageId) -> None:
    """One of the content's messages, to the person who clicked, under the message."""
    text = deps.engine.kb.messages.text(message)
    await respond_later(
        deps, body, key, response_type="ephemeral", replace_original=False, text=text
    )


async def open_dm(deps: Deps, user: str, token: str | None) -> str | None:
    opened = deps.web.conversations_open(token=token, users=user)
    response = await call(deps, "conversations.open", opened)
    channel = response.get("channel") if response is not None else None
    return str(channel["id"]) if isinstance(channel, dict) and "id" in channel else None
