"""Reading a channel thread (`conversations.replies`) for a recommendation, within
Slack's limits.

Slack pages a thread oldest first. Apps not approved for the Marketplace get about one
request a minute and 15 messages a page (since May 2025); internal apps keep the
ordinary tier. So each request asks for the whole budget at once (Slack gives what the
tier allows), the newest MAX_MESSAGES human messages and MAX_CHARS characters are kept,
and a `ratelimited` answer is waited out only when its Retry-After fits in what is left
of READ_BUDGET_S: otherwise the read stops there, is marked incomplete, and what was
read is used. Bot messages, joins and other system messages are left out; nothing read
is logged or stored here (the engine keeps only the answers it derives).
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler

from bot.reply import Thread, ThreadMessage
from bot.slack.deps import Deps, Place
from bot.slack.outbox_sender import retry_after

log = logging.getLogger(__name__)
MAX_MESSAGES = 200
MAX_CHARS = 40_000
PAGE_LIMIT = MAX_MESSAGES  # asked for; the tier decides how many come back
READ_BUDGET_S = 20.0  # reading never holds an answer longer than this
MAX_REQUESTS = 10
NO_ACCESS = frozenset({"missing_scope", "not_allowed_token_type", "no_permission"})
# Messages people wrote: plain ones, replies also sent to the channel, shared files.
HUMAN_SUBTYPES = frozenset({"", "thread_broadcast", "file_share", "me_message"})


def is_human(message: dict[str, Any], bot_user: str | None) -> bool:
    """A message a person wrote (not a bot, a join, an edit notice or a deletion)."""
    if message.get("bot_id") or (message.get("app_id") and not message.get("user")):
        return False
    user = message.get("user")
    return (
        bool(user)
        and user != bot_user
        and str(message.get("subtype") or "") in HUMAN_SUBTYPES
        and isinstance(message.get("text"), str)
    )


@dataclass
class _Progress:
    kept: list[ThreadMessage] = field(default_factory=list)
    cursor: str | None = None
    requests: int = 0
    complete: bool = True
    readable: bool = True


class ThreadReader:
    """One read of one thread, up to the message that asked (`asked_ts`, left out; None:
    the whole thread)."""

    def __init__(self, deps: Deps, clock: Callable[[], float] = time.monotonic) -> None:
        # Deps' client retries a 429 after Retry-After by itself (a minute, for apps
        # outside the Marketplace); here a rate limit is weighed against who waits.
        self.web = copy.copy(deps.web)
        self.web.retry_handlers = [
            h for h in deps.web.retry_handlers if not isinstance(h, AsyncRateLimitErrorRetryHandler)
        ]
        self._metrics = deps.metrics
        self._clock = clock

    async def read(
        self, place: Place, thread_ts: str, asked_ts: str | None, bot_user: str | None
    ) -> Thread:
        started = self._clock()
        got = _Progress()
        while got.complete and got.readable:
            if got.requests == MAX_REQUESTS:
                got.complete = False
                break
            left = READ_BUDGET_S - (self._clock() - started)
            try:
                async with asyncio.timeout(max(left, 0.1)):  # a slow Slack is a cut read
                    page = await self._page(place, thread_ts, asked_ts, got.cursor)
            except SlackApiError as exc:
                await self._refused(exc, got, READ_BUDGET_S - (self._clock() - started))
                continue
            except (SlackClientError, OSError, TimeoutError) as exc:
                log.warning("thread read cut short: %s", type(exc).__name__)
                got.complete = False
                break
            got.requests += 1
            got.kept += [
                ThreadMessage(str(m["user"]), str(m["text"]))
                for m in page.get("messages") or []
                if is_human(m, bot_user) and _before(m, asked_ts)
            ]
            got.cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not page.get("has_more") or not got.cursor:
                break
        return _within_budget(got) if got.readable else Thread(readable=False)

    async def _refused(self, exc: SlackApiError, got: _Progress, left: float) -> None:
        """Slack said no: wait out a short rate limit, else stop (no scope: unreadable)."""
        data = exc.response.data
        status = exc.response.status_code
        code = (
            str(data.get("error", "unknown_error")) if isinstance(data, dict) else f"http_{status}"
        )
        self._metrics.slack_errors.labels("conversations.replies", code).inc()
        if code in NO_ACCESS:
            log.warning("cannot read threads (%s): answering the mention alone", code)
            got.readable = False
            return
        wait = retry_after(exc.response.headers) if status == 429 else None
        if wait is not None and wait <= left:
            await asyncio.sleep(wait)
            return
        log.warning("thread read cut short after %d request(s): %s", got.requests, code)
        got.complete = False

    async def _page(
        self, place: Place, thread_ts: str, asked_ts: str | None, cursor: str | None
    ) -> dict[str, Any]:
        response = await self.web.conversations_replies(
            token=place.token, channel=place.channel, ts=thread_ts, limit=PAGE_LIMIT,
            cursor=cursor, latest=asked_ts, inclusive=True if asked_ts else None,
        )  # fmt: skip
        return dict(response.data) if isinstance(response.data, dict) else {}


def _before(message: dict[str, Any], asked_ts: str | None) -> bool:
    if asked_ts is None:
        return True
    try:
        return float(str(message.get("ts"))) < float(asked_ts)
    except ValueError:
        return False


def _within_budget(progress: _Progress) -> Thread:
    """The newest messages within MAX_MESSAGES and MAX_CHARS, oldest first."""
    kept: list[ThreadMessage] = []
    chars = 0
    for message in reversed(progress.kept):
        if len(kept) == MAX_MESSAGES or chars + len(message.text) > MAX_CHARS:
            return Thread(tuple(reversed(kept)), complete=False)
        kept.append(message)
        chars += len(message.text)
    return Thread(tuple(reversed(kept)), complete=progress.complete)
