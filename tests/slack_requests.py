"""Requests signed exactly as Slack signs them, and the payloads Slack sends."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # a test signing secret, not a real one
TEAM = "T0TEAM"
_ids = itertools.count(1)


def signature(body: str, timestamp: str, secret: str = SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed(
    body: str, content_type: str, timestamp: int | None = None, secret: str = SECRET
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature(body, ts, secret),
    }


def event(inner: dict[str, Any], event_id: str | None = None) -> str:
    return json.dumps(
        {
            "token": "unused",
            "team_id": TEAM,
            "api_app_id": "A0APP",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "event": inner,
        }
    )


def mention(text: str, ts: str, thread_ts: str | None = None, channel: str = "C0GENERAL") -> str:
    inner = {"type": "app_mention", "user": "U0ALICE", "text": f"<@UBOT> {text}", "ts": ts,
             "channel": channel, "team": TEAM}  # fmt: skip
    if thread_ts:
        inner["thread_ts"] = thread_ts
    return event(inner)


def dm(text: str, ts: str, channel: str = "D0ALICE", **extra: Any) -> str:
    inner = {"type": "message", "channel_type": "im", "user": "U0ALICE", "text": text, "ts": ts,
             "channel": channel, "team": TEAM, **extra}  # fmt: skip
    return event(inner)


def command(name: str, text: str, response_url: str) -> str:
    fields = {
        "command": name,
        "text": text,
        "team_id": TEAM,
        "user_id": "U0ALICE",
        "channel_id": "C0GENERAL",
        "response_url": response_url,
        "trigger_id": "1.2.3",
        "user_name": "alice",
    }
    return urlencode(fields)


def block_action(
    action: dict[str, Any],
    channel: str,
    message: dict[str, Any] | None,
    response_url: str,
    ephemeral: bool = False,
) -> str:
    container: dict[str, Any] = {"type": "message", "channel_id": channel,
                                 "message_ts": (message or {}).get("ts", "1.1"),
                                 "is_ephemeral": ephemeral}  # fmt: skip
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": "U0ALICE", "team_id": TEAM},
        "api_app_id": "A0APP",
        "container": container,
        "channel": {"id": channel},
        "trigger_id": "1.2.3",
        "response_url": response_url,
        "actions": [{"action_ts": str(time.time()), "block_id": "b", **action}],
    }
    if message is not None:
        payload["message"] = message
    return urlencode({"payload": json.dumps(payload)})


async def post_signed(
    http: aiohttp.ClientSession,
    url: str,
    body: str,
    content_type: str = "application/json",
    **headers: str,
) -> int:
    """POST a signed body to the app's /slack/events; the HTTP status."""
    signed_headers = {**signed(body, content_type), **headers}
    async with http.post(f"{url}/slack/events", data=body, headers=signed_headers) as resp:
        return resp.status
