"""Requests signed exactly as Slack signs them, around the payloads Slack sends
(tests/slack_payloads.py)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp

from tests import slack_payloads as sp

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
    """The Events API body around `inner`, as Slack posts it (tests/slack_payloads.py)."""
    return sp.as_event_body(sp.envelope(inner, event_id=event_id))


def mention(text: str, ts: str, thread_ts: str | None = None, channel: str = "C0GENERAL") -> str:
    return event(sp.app_mention(text, ts, channel, thread_ts))


def dm(text: str, ts: str, channel: str = "D0ALICE", **extra: Any) -> str:
    return event(sp.message_im(text, ts, channel, **extra))


def command(name: str, text: str, response_url: str) -> str:
    fields = sp.slash_command(name, text, response_url)
    fields["trigger_id"] = "1.2.3"  # the tests check views.open gets the command's trigger
    return urlencode(fields)


def block_action(
    action: dict[str, Any],
    channel: str,
    message: dict[str, Any] | None,
    response_url: str,
    ephemeral: bool = False,
) -> str:
    """A click on `message`'s button; on an ephemeral message Slack sends no `message`,
    only its ts in the container."""
    element = {"action_ts": str(time.time()), "block_id": "b", "type": "button", **action}
    payload = sp.block_actions_on_message(
        element,
        channel=channel,
        message=None if ephemeral else message,
        response_url=response_url,
        message_ts=(message or {}).get("ts", "1.1"),
        thread_ts=(message or {}).get("thread_ts"),
    )
    payload["trigger_id"] = "1.2.3"
    return sp.as_form_body(payload)


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
    return event(sp.assistant_thread_started(channel, thread_ts, viewing))


def assistant_context_changed(
    viewing: str, channel: str = "D0ALICE", thread_ts: str = "500.0"
) -> str:
    return event(sp.assistant_thread_context_changed(viewing, channel, thread_ts))


def view_submission(view: dict[str, Any], values: dict[str, str | None]) -> str:
    """The modal `view` submitted with a select picked (or left empty) per block id."""
    return sp.as_form_body(sp.view_submission(view, values))


def message_shortcut(text: str, ts: str, response_url: str, thread_ts: str | None = None) -> str:
    message: dict[str, Any] = {"user": "U0BOB", "text": text, "ts": ts}
    if thread_ts:
        message["thread_ts"] = thread_ts
    return sp.as_form_body(sp.message_shortcut("ask_advisor", message, response_url))
