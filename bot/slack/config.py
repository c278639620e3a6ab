"""Slack settings from the environment, checked before anything starts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

DEFAULT_PORT = 3000


class SlackConfigError(Exception):
    """A missing or malformed variable; the message names it (never its value)."""


@dataclass(frozen=True)
class OAuthConfig:
    """Many workspaces: Slack's OAuth install flow instead of one bot token."""

    client_id: str
    client_secret: str
    state_secret: str
    installations_url: str  # where installations are kept (SQLite path or SQLAlchemy URL)


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str | None  # None with OAuth: each workspace's token comes from its install
    signing_secret: str | None
    app_token: str | None
    api_url: str | None  # Web API base URL ending in "/"; None: Slack's own
    mode: Literal["http", "socket"]
    port: int
    oauth: OAuthConfig | None = None

    def __repr__(self) -> str:  # never show secrets in logs or tracebacks
        return f"SlackConfig(mode={self.mode!r}, port={self.port}, api_url={self.api_url!r})"


OAUTH_VARIABLES = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")


def has_slack_tokens(env: Mapping[str, str]) -> bool:
    return bool(env.get("SLACK_BOT_TOKEN", "").strip()) or all(
        env.get(name, "").strip() for name in OAUTH_VARIABLES
    )


def read_oauth(env: Mapping[str, str]) -> OAuthConfig | None:
    values = {name: env.get(name, "").strip() for name in OAUTH_VARIABLES}
    given = [name for name, value in values.items() if value]
    if not given:
        return None
    missing = [name for name in OAUTH_VARIABLES if not values[name]]
    if missing:
        raise SlackConfigError(
            f"{missing[0]} is not set (OAuth needs {', '.join(OAUTH_VARIABLES)})"
        )
    return OAuthConfig(
        client_id=values["SLACK_CLIENT_ID"],
        client_secret=values["SLACK_CLIENT_SECRET"],
        state_secret=values["SLACK_STATE_SECRET"],
        installations_url=env.get("ADVISOR_INSTALLATIONS_URL", "").strip(),
    )


def _token_kind(token: str) -> str:
    return token.split("-", 1)[0] + "-" if "-" in token else "an unknown kind"


def read_config(
    env: Mapping[str, str], mode: Literal["http", "socket"] | None = None, port: int | None = None
) -> SlackConfig:
    bot_token = env.get("SLACK_BOT_TOKEN", "").strip()
    app_token = env.get("SLACK_APP_TOKEN", "").strip() or None
    secret = env.get("SLACK_SIGNING_SECRET", "").strip() or None
    oauth = read_oauth(env)
    if oauth is not None:
        if mode == "socket" or (mode is None and app_token):
            raise SlackConfigError("SLACK_CLIENT_ID: the OAuth install flow needs HTTP mode")
        if not secret:
            raise SlackConfigError("SLACK_SIGNING_SECRET is not set (HTTP mode verifies requests)")
        port_number = _port(env, port)
        return SlackConfig(None, secret, None, _api_url(env), "http", port_number, oauth)
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
    return SlackConfig(bot_token, secret, app_token, _api_url(env), chosen, _port(env, port))


def _api_url(env: Mapping[str, str]) -> str | None:
    api_url = env.get("SLACK_API_URL", "").strip() or None
    if api_url and not api_url.startswith(("http://", "https://")):
        raise SlackConfigError("SLACK_API_URL must be an http(s) URL")
    if api_url and not api_url.endswith("/"):
        api_url += "/"
    return api_url


def _port(env: Mapping[str, str], port: int | None) -> int:
    given = "--port" if port is not None else "PORT"  # name what the operator set
    port_text = str(port) if port is not None else env.get("PORT", "").strip()
    try:
        chosen = int(port_text) if port_text else DEFAULT_PORT
    except ValueError:
        raise SlackConfigError(f"{given} must be a number, not {port_text!r}") from None
    if not 0 <= chosen <= 65535:
        raise SlackConfigError(f"{given} must be between 0 and 65535, not {chosen}")
    return chosen


def read_outbox_horizon(env: Mapping[str, str]) -> float:
    """ADVISOR_OUTBOX_HORIZON: seconds to keep retrying a reply (default 10 minutes)."""
    from bot.storage.outbox import DEFAULT_HORIZON_S

    text = env.get("ADVISOR_OUTBOX_HORIZON", "").strip()
    try:
        horizon = float(text) if text else DEFAULT_HORIZON_S
    except ValueError:
        raise SlackConfigError(f"ADVISOR_OUTBOX_HORIZON must be seconds, not {text!r}") from None
    if not 0 < horizon <= 7 * 24 * 3600:
        raise SlackConfigError("ADVISOR_OUTBOX_HORIZON must be between 0 and 7 days (seconds)")
    return horizon


def read_workers(env: Mapping[str, str]) -> int:
    """ADVISOR_WORKERS: mentions in flight at once in this instance (default 64); 0 makes
    an instance that only acknowledges, leaving the answers to instances on its store."""
    from bot.slack.workers import WORKERS

    text = env.get("ADVISOR_WORKERS", "").strip()
    try:
        workers = int(text) if text else WORKERS
    except ValueError:
        raise SlackConfigError(f"ADVISOR_WORKERS must be a whole number, not {text!r}") from None
    if not 0 <= workers <= 1024:
        raise SlackConfigError("ADVISOR_WORKERS must be between 0 and 1024")
    return workers


def read_turn_slice(env: Mapping[str, str], default: float | None = None) -> float:
    """ADVISOR_TURN_SLICE_MS: milliseconds of turns per turn of the event loop, the
    answers' share of it against the acks' under a flood (default `default` seconds, else
    4 ms; see turn_gate.py)."""
    from bot.slack.turn_gate import SLICE_S

    text = env.get("ADVISOR_TURN_SLICE_MS", "").strip()
    try:
        slice_ms = float(text) if text else (default or SLICE_S) * 1000
    except ValueError:
        raise SlackConfigError(f"ADVISOR_TURN_SLICE_MS must be a number, not {text!r}") from None
    if not 0.1 <= slice_ms <= 1000:
        raise SlackConfigError("ADVISOR_TURN_SLICE_MS must be between 0.1 and 1000")
    return slice_ms / 1000


def read_answerers(env: Mapping[str, str]) -> int:
    """ADVISOR_ANSWERERS: answering processes `advisor serve` starts beside itself
    (answerers.py). Default: one when this process may use two cores or more and the
    store is shared (a SQLite file or Redis), else none."""
    from bot.storage.factory import state_config

    shared = state_config(env).kind != "memory"
    text = env.get("ADVISOR_ANSWERERS", "").strip()
    if not text:
        return 1 if shared and usable_cores() >= 2 else 0
    try:
        count = int(text)
    except ValueError:
        raise SlackConfigError(f"ADVISOR_ANSWERERS must be a whole number, not {text!r}") from None
    if not 0 <= count <= 64:
        raise SlackConfigError("ADVISOR_ANSWERERS must be between 0 and 64")
    if count and not shared:
        raise SlackConfigError(
            "ADVISOR_ANSWERERS needs a store the processes share (sqlite:///PATH or "
            "redis://...), not memory://"
        )
    return count


def usable_cores() -> int:
    """The cores this process may run on (its affinity where the system says, as in a
    container limited by cpuset; else all of them)."""
    if hasattr(os, "sched_getaffinity"):  # Linux; not macOS
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
