"""Build the Bolt AsyncApp: Web API client with retries, deduplication, listeners."""

from __future__ import annotations

import logging

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.background import TrackedLazyRunner
from bot.slack.config import SlackConfig
from bot.slack.listeners import register_listeners
from bot.slack.listeners.events import uninstall
from bot.slack.oauth import oauth_settings
from bot.slack.replying import Deps

log = logging.getLogger(__name__)


def web_client(config: SlackConfig, session: aiohttp.ClientSession | None = None) -> AsyncWebClient:
    """The Web API client: Slack's own URL unless SLACK_API_URL, bounded retries.

    429 waits for Retry-After; connection errors and 5xx are retried a few times.
    """
    return AsyncWebClient(
        token=config.bot_token,
        base_url=config.api_url or AsyncWebClient.BASE_URL,
        session=session,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=3),
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def build_app(
    config: SlackConfig, deps: Deps, installations: AsyncInstallationStore | None = None
) -> AsyncApp:
    """One workspace (SLACK_BOT_TOKEN), or many through OAuth (`installations` given)."""
    oauth = (
        oauth_settings(config.oauth, installations, deps.store)
        if config.oauth is not None and installations is not None
        else None
    )
    app = AsyncApp(
        # Bolt deep-copies its client for lazy listeners, so it cannot hold a session;
        # our listeners post with deps.web, which keeps connections alive.
        client=web_client(config),
        oauth_settings=oauth,
        signing_secret=config.signing_secret or "",
        request_verification_enabled=config.mode == "http",
        # Listeners ack first and hand slow work to lazy listeners (asyncio tasks), so
        # responses never wait on Bolt's ack-polling loop.
        process_before_response=True,
        logger=logging.getLogger("slack_bolt"),
    )

    # Track the work after acks, so a shutdown can let it finish.
    app.listener_runner.lazy_listener_runner = TrackedLazyRunner(app.logger)

    @app.error
    async def on_error(error: Exception) -> None:
        log.error("listener failed: %s", type(error).__name__, exc_info=error)

    register_listeners(app, deps)
    uninstall.register(app, deps, installations)
    return app
