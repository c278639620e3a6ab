"""Build the Bolt AsyncApp: Web API client with retries, deduplication, listeners."""

from __future__ import annotations

import logging

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.ops.logs import where_raised
from bot.slack.authorization import ResilientSingleTeamAuthorization
from bot.slack.background import TrackedLazyRunner
from bot.slack.bolt_internals import AppWithUnmatchedHook, replace_middleware, set_lazy_runner
from bot.slack.config import SlackConfig
from bot.slack.deps import Deps
from bot.slack.listeners import catch_all, register_listeners
from bot.slack.listeners.events import uninstall
from bot.slack.oauth import oauth_settings
from bot.slack.payload import kind_of, team_of

log = logging.getLogger(__name__)


def web_client(
    config: SlackConfig, session: aiohttp.ClientSession | None = None, retries: bool = True
) -> AsyncWebClient:
    """The Web API client: Slack's own URL unless SLACK_API_URL, bounded retries.

    429 waits for Retry-After; connection errors and 5xx are retried a few times.
    Without `retries` (the outbox's client: it schedules its own), one attempt per call.
    """
    handlers = [
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]
    return AsyncWebClient(
        token=config.bot_token,
        base_url=config.api_url or AsyncWebClient.BASE_URL,
        session=session,
        retry_handlers=handlers if retries else [],
    )


def unmatched(req: AsyncBoltRequest) -> BoltResponse:
    """A request no listener claimed: our own line, and 200 so Slack shows no error.

    Bolt's own warning quotes parts of the payload (typed modal values, search text);
    ours names the kind and team only.
    """
    log.info("unhandled %s request (team %s): acknowledged", kind_of(req.body), team_of(req.body))
    return BoltResponse(status=200, body="")


def build_app(
    config: SlackConfig, deps: Deps, installations: AsyncInstallationStore | None = None
) -> AsyncApp:
    """One workspace (SLACK_BOT_TOKEN), or many through OAuth (`installations` given)."""
    oauth = (
        oauth_settings(config.oauth, installations, deps.store)
        if config.oauth is not None and installations is not None
        else None
    )
    app = AppWithUnmatchedHook(
        # Bolt deep-copies its client for lazy listeners, so it cannot hold a session;
        # our listeners post with deps.web, which keeps connections alive.
        client=web_client(config),
        oauth_settings=oauth,
        signing_secret=config.signing_secret or "",
        # HTTP requests are verified on their raw bytes before anything parses them
        # (bot/slack/edge.py); Bolt's check would come after its parse, and logs bodies.
        request_verification_enabled=False,
        # Listeners ack first and hand slow work to lazy listeners (asyncio tasks), so
        # responses never wait on Bolt's ack-polling loop.
        process_before_response=True,
        logger=logging.getLogger("slack_bolt"),
    )

    app.on_unmatched = unmatched
    # Track the work after acks, so a shutdown can let it finish.
    set_lazy_runner(app, TrackedLazyRunner(app.logger))

    # Bolt's single-workspace authorization fails every request while the Web API is
    # down, and holds the ack while auth.test hangs; ours does neither.
    replace_middleware(
        app,
        AsyncSingleTeamAuthorization,
        lambda: ResilientSingleTeamAuthorization(base_logger=app.logger),
    )

    @app.error
    async def on_error(error: Exception) -> None:
        # One line, no traceback (tracebacks quote locals' reprs and fill logs): the
        # error's type and where it was raised are enough to find it.
        log.error("listener failed: %s at %s", type(error).__name__, where_raised(error))

    register_listeners(app, deps)
    uninstall.register(app, deps, installations)
    catch_all.register(app, deps)  # last: only what nothing else claims
    return app
