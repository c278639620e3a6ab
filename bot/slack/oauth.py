"""Many workspaces: Slack's OAuth install flow with a persistent installation store.

The OAuth `state` is signed with SLACK_STATE_SECRET and used once through the shared
state store, so an install started on one instance can finish on another.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import secrets
import time
from pathlib import Path

import platformdirs
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.slack.config import OAuthConfig, SlackConfigError
from bot.slack.installed_authorize import InstalledBotAuthorize
from bot.slack.keys import oauth_state_key
from bot.storage.protocol import StateStore

# Must match manifest.yml (a test checks).
BOT_SCOPES = ("app_mentions:read", "assistant:write", "channels:history", "chat:write",
              "chat:write.public", "commands", "groups:history", "im:history", "im:read",
              "im:write", "mpim:history")  # fmt: skip
STATE_TTL_S = 600


class SignedStateStore(AsyncOAuthStateStore):
    """OAuth states that any instance can verify, each accepted once."""

    def __init__(self, secret: str, store: StateStore, ttl: int = STATE_TTL_S) -> None:
        self._secret = secret.encode()
        self._store = store
        self._ttl = ttl

    def _sign(self, text: str) -> str:
        return hmac.new(self._secret, text.encode(), hashlib.sha256).hexdigest()

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        body = f"{int(time.time()) + self._ttl}.{secrets.token_urlsafe(16)}"
        return f"{body}.{self._sign(body)}"

    async def async_consume(self, state: str) -> bool:
        body, _, signature = state.rpartition(".")
        expires, _, nonce = body.partition(".")
        if not (body and nonce and expires.isdigit()):
            return False
        if not hmac.compare_digest(signature, self._sign(body)) or int(expires) < time.time():
            return False
        return await self._store.claim(oauth_state_key(nonce), self._ttl)


def installation_store(config: OAuthConfig) -> AsyncInstallationStore:
    """SQLite by default; any other database through SQLAlchemy (async drivers)."""
    url = config.installations_url
    if not url or url.startswith("sqlite:///"):  # "sqlite+aiosqlite://..." is SQLAlchemy's
        default = Path(platformdirs.user_data_dir("node-django-advisor")) / "installations.sqlite3"
        path = Path(url.removeprefix("sqlite:///")) if url else default
        path.parent.mkdir(parents=True, exist_ok=True)
        store = SQLite3InstallationStore(database=str(path), client_id=config.client_id)
        store.init()  # type: ignore[no-untyped-call]
        return store
    try:
        from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
        from sqlalchemy.ext.asyncio import create_async_engine
    except ImportError:
        raise SlackConfigError(
            "ADVISOR_INSTALLATIONS_URL needs SQLAlchemy: pip install 'node-django-advisor[sql]'"
        ) from None
    try:
        engine = create_async_engine(url)
    except Exception as exc:  # SQLAlchemy raises several kinds for a bad URL
        raise SlackConfigError(f"ADVISOR_INSTALLATIONS_URL: {exc}") from None
    return AsyncSQLAlchemyInstallationStore(client_id=config.client_id, engine=engine)


def oauth_settings(
    config: OAuthConfig, installations: AsyncInstallationStore, store: StateStore
) -> AsyncOAuthSettings:
    settings = AsyncOAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=list(BOT_SCOPES),
        installation_store=installations,
        state_store=SignedStateStore(config.state_secret, store),
        install_path="/slack/install",
        redirect_uri_path="/slack/oauth_redirect",
    )
    # From the installation alone: no auth.test per request (bot/slack/installed_authorize.py).
    settings.authorize = InstalledBotAuthorize(installations)
    return settings


async def prepare(installations: AsyncInstallationStore) -> None:
    """Create the installation tables a SQL database needs (SQLite's store makes its own)."""
    create_tables = getattr(installations, "create_tables", None)
    if inspect.iscoroutinefunction(create_tables):  # SQLAlchemy's; it skips existing tables
        await create_tables()
