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


# --- the newer surfaces: assistant threads, modals, message shortcuts ---------------------


def assistant_thread_started(
    channel: str = "D0ALICE", thread_ts: str = "500.0", viewing: str | None = "C0GENERAL"
) -> str:
    context = {"channel_id": viewing, "team_id": TEAM} if viewing else {}
    inner = {"type": "assistant_thread_started", "event_ts": thread_ts,
             "assistant_thread": {"user_id": "U0ALICE", "context": context,
                                  "channel_id": channel, "thread_ts": thread_ts}}  # fmt: skip
    return event(inner)


def assistant_context_changed(
    viewing: str, channel: str = "D0ALICE", thread_ts: str = "500.0"
) -> str:
    inner = {"type": "assistant_thread_context_changed", "event_ts": "501.0",
             "assistant_thread": {"user_id": "U0ALICE", "context": {"channel_id": viewing,
                                  "team_id": TEAM}, "channel_id": channel,
                                  "thread_ts": thread_ts}}  # fmt: skip
    return event(inner)


def view_submission(view: dict[str, Any], values: dict[str, str | None]) -> str:
    """The modal `view` submitted with a select picked (or left empty) per block id."""
    state = {
        block: {block: {"type": "static_select",
                        "selected_option": None if value is None else {
                            "text": {"type": "plain_text", "text": value}, "value": value}}}
        for block, value in values.items()
    }  # fmt: skip
    payload = {
        "type": "view_submission",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": "U0ALICE", "team_id": TEAM},
        "api_app_id": "A0APP",
        "trigger_id": "4.5.6",
        "view": {**view, "id": "V1", "team_id": TEAM, "state": {"values": state}},
    }
    return urlencode({"payload": json.dumps(payload)})


def message_shortcut(text: str, ts: str, response_url: str, thread_ts: str | None = None) -> str:
    message: dict[str, Any] = {"type": "message", "user": "U0BOB", "text": text, "ts": ts}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "message_action",
        "callback_id": "ask_advisor",
        "trigger_id": "7.8.9",
        "team": {"id": TEAM, "domain": "test"},
        "user": {"id": "U0ALICE", "team_id": TEAM},
        "channel": {"id": "C0GENERAL", "name": "general"},
        "message_ts": ts,
        "message": message,
        "response_url": response_url,
        "action_ts": str(time.time()),
    }
    return urlencode({"payload": json.dumps(payload)})
