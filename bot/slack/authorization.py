"""One workspace's authorization that never holds an ack on the Web API.

Bolt's single-workspace authorization awaits auth.test on each request until one
succeeds: while the Web API hangs, the first requests are acknowledged only when the
call times out (past Slack's 3 s), and while it is down every request fails. This one
runs auth.test in the background (at most every RETRY_EVERY_S seconds), lets a request
wait for it at most AUTH_WAIT_S, and otherwise goes on with the bot token alone: the
request is acknowledged at once and its reply waits in the outbox. Once auth.test has
answered, its result is kept for every later request (one token, one bot).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.bolt_internals import needs_no_auth, needs_no_auth_test

log = logging.getLogger(__name__)
RETRY_EVERY_S = 30.0
AUTH_WAIT_S = 0.2  # the longest a request waits for auth.test before going on without it
AUTH_TEST_TIMEOUT_S = 10.0  # the background call's own bound


class ResilientSingleTeamAuthorization(AsyncSingleTeamAuthorization):
    _next_try = 0.0
    _pending: asyncio.Task[Any] | None = None
    _bad_token = False

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse:
        if self._settled() or needs_no_auth(req) or needs_no_auth_test(req):
            # Bolt's own path: the result is known (no call), none is needed, or the
            # token was refused (Bolt's answer for a bad token).
            return await super().async_process(req=req, resp=resp, next=next)
        await self._wait_for_auth_test(req)
        if self._settled():
            return await super().async_process(req=req, resp=resp, next=next)
        context = req.context
        context.set_authorize_result(
            AuthorizeResult(
                enterprise_id=context.enterprise_id,
                team_id=context.team_id,
                bot_token=context.client.token,
                user_id=context.user_id,
            )
        )
        return await next()

    def _settled(self) -> bool:
        """auth.test has answered: with the bot's identity, or by refusing the token."""
        return self.auth_test_result is not None or self._bad_token

    async def _wait_for_auth_test(self, req: AsyncBoltRequest) -> None:
        if self._pending is None and time.monotonic() >= self._next_try:
            self._next_try = time.monotonic() + RETRY_EVERY_S
            self._pending = asyncio.ensure_future(self._auth_test(req))
        if self._pending is not None:
            # shield: a request that stops waiting leaves the call running for the next.
            await asyncio.wait({asyncio.shield(self._pending)}, timeout=AUTH_WAIT_S)

    async def _auth_test(self, req: AsyncBoltRequest) -> None:
        try:
            call = req.context.client.auth_test()
            self.auth_test_result = await asyncio.wait_for(call, AUTH_TEST_TIMEOUT_S)
        except SlackApiError as exc:  # the token was refused: not a passing outage
            log.error("auth.test refused the bot token: %s", exc.response.get("error"))
            self._bad_token = True
        except (SlackClientError, OSError, TimeoutError) as exc:
            log.warning(
                "auth.test unavailable (%s); going on with the bot token", type(exc).__name__
            )
        finally:
            self._pending = None
