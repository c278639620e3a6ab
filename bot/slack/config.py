"""Slack settings from the environment, checked before anything starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

DEFAULT_PORT = 3000


class SlackConfigError(Exception):
    """A missing or malformed variable; the message names it (never its value)."""


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str
    signing_secret: str | None
    app_token: str | None
    api_url: str | None  # Web API base URL ending in "/"; None: Slack's own
    mode: Literal["http", "socket"]
    port: int

    def __repr__(self) -> str:  # never show secrets in logs or tracebacks
        return f"SlackConfig(mode={self.mode!r}, port={self.port}, api_url={self.api_url!r})"


def has_slack_tokens(env: Mapping[str, str]) -> bool:
    return bool(env.get("SLACK_BOT_TOKEN", "").strip())


def _token_kind(token: str) -> str:
    return token.split("-", 1)[0] + "-" if "-" in token else "an unknown kind"


def read_config(
    env: Mapping[str, str], mode: Literal["http", "socket"] | None = None, port: int | None = None
) -> SlackConfig:
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    if not bot_token:
        raise SlackConfigError("SLACK_BOT_TOKEN is not set (the bot token, xoxb-...)")
    if not bot_token.startswith("xoxb-"):
        raise SlackConfigError(
            f"SLACK_BOT_TOKEN must be a bot token starting with xoxb-, not {_token_kind(bot_token)}"
        )
    chosen = mode or ("socket" if app_token else "http")
    if chosen == "socket":
        if not app_token:
            raise SlackConfigError("SLACK_APP_TOKEN is not set (Socket Mode needs an xapp- token)")
        if not app_token.startswith("xapp-"):
            raise SlackConfigError(
                f"SLACK_APP_TOKEN must be an app-level token starting with xapp-, "
                f"not {_token_kind(app_token)}"
            )
    elif not secret:
        raise SlackConfigError("SLACK_SIGNING_SECRET is not set (HTTP mode verifies requests)")
    api_url = env.get("SLACK_API_URL", "").strip() or None
    if api_url and not api_url.startswith(("http://", "https://")):
        raise SlackConfigError("SLACK_API_URL must be an http(s) URL")
    if api_url and not api_url.endswith("/"):
        api_url += "/"
    port_text = str(port) if port is not None else env.get("PORT", "").strip()
    try:
        chosen_port = int(port_text) if port_text else DEFAULT_PORT
    except ValueError:
        raise SlackConfigError(f"PORT must be a number, not {port_text!r}") from None
    if not 0 <= chosen_port <= 65535:
        raise SlackConfigError(f"PORT must be between 0 and 65535, not {chosen_port}")
    return SlackConfig(bot_token, secret, app_token, api_url, chosen, chosen_port)
