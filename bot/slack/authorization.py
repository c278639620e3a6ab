"""One workspace's authorization that survives a Web API outage.

Bolt's single-workspace authorization calls auth.test on each request until one
succeeds; while the Web API is unreachable every request then fails (500, a traceback
in the log, and Slack retrying). This one tries auth.test at most every
RETRY_EVERY_S seconds, bounded in time, and meanwhile lets requests through with the
bot token alone: they are acknowledged and their replies wait in the outbox.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.middleware.authorization.async_internals import _is_no_auth_required
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_bolt.middleware.authorization.internals import _is_no_auth_test_call_required
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger(__name__)
RETRY_EVERY_S = 30.0
AUTH_TEST_TIMEOUT_S = 3.0


class ResilientSingleTeamAuthorization(AsyncSingleTeamAuthorization):
    _next_try = 0.0

    async def async_process(
        self,
        *,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],
    ) -> BoltResponse:
        if (
            self.auth_test_result is not None
            or _is_no_auth_required(req)
            or _is_no_auth_test_call_required(req)
        ):
            return await super().async_process(req=req, resp=resp, next=next)
        if time.monotonic() >= self._next_try:
            self._next_try = time.monotonic() + RETRY_EVERY_S
            try:
                self.auth_test_result = await asyncio.wait_for(
                    req.context.client.auth_test(), AUTH_TEST_TIMEOUT_S
                )
            except SlackApiError:  # a bad token: Bolt's own answer for it
                return await super().async_process(req=req, resp=resp, next=next)
            except (SlackClientError, OSError, TimeoutError) as exc:
                log.warning(
                    "auth.test unavailable (%s); going on with the bot token", type(exc).__name__
                )
        if self.auth_test_result is not None:
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
