"""Signed requests shaped as Slack sends them, for the HTTP benchmarks.

A mention is an `event_callback` with everything Slack puts around the event (the
`authorizations`, `event_context`, `context_team_id`, `is_ext_shared_channel`), and the
event itself with its `blocks`, `client_msg_id` and `event_ts`; mentions are spread over
CHANNELS channels and cycle through QUESTIONS, each in a thread of its own.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

SECRET = "bench-signing-secret"
TEAM, APP, BOT_USER = "T0BENCH", "A0BENCH", "U0BENCHBOT"
CHANNELS = 20
QUESTIONS = [
    "is node faster than django?",
    "which is easier to learn?",
    "does django scale?",
    "what is django?",
    "which is more secure?",
    "can I use node and django together?",
    "is django good for real-time apps?",
    "what about microservices?",
    "which has the better ecosystem?",
    "does django have an admin panel?",
]
CRITERIA = ["performance", "perf", "security", "learning", "realtime", "scalability", ""]


def signed_headers(body: str, timestamp: str, content_type: str) -> dict[str, str]:
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }


def raw_request(port: int, body: str, content_type: str, timestamp: str) -> bytes:
    """The whole HTTP request, as wrk replays it."""
    headers = signed_headers(body, timestamp, content_type)
    payload = body.encode()
    head = f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    return f"{head}Content-Length: {len(payload)}\r\n\r\n".encode() + payload


def mention(n: int, run: str) -> str:
    """Mention number `n` of a run (its event id and thread are unique to both)."""
    channel = f"C{n % CHANNELS:04d}BENCH"
    ts = f"{1700000000 + n}.{run}"
    text = f"<@{BOT_USER}> {QUESTIONS[n % len(QUESTIONS)]}"
    blocks = [
        {
            "type": "rich_text",
            "block_id": "b1",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [
                        {"type": "user", "user_id": BOT_USER},
                        {"type": "text", "text": f" {QUESTIONS[n % len(QUESTIONS)]}"},
                    ],
                }
            ],
        }
    ]
    event = {
        "user": "U0ALICE",
        "type": "app_mention",
        "ts": ts,
        "client_msg_id": f"m-{run}-{n}",
        "text": text,
        "team": TEAM,
        "blocks": blocks,
        "channel": channel,
        "event_ts": ts,
    }
    context = {"et": "app_mention", "tid": TEAM, "aid": APP, "cid": channel}
    encoded = base64.urlsafe_b64encode(json.dumps(context).encode()).decode().rstrip("=")
    return json.dumps({
        "token": "unused", "team_id": TEAM, "context_team_id": TEAM,
        "context_enterprise_id": None, "api_app_id": APP, "event": event,
        "type": "event_callback", "event_id": f"Ev{run}{n:09d}", "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": BOT_USER,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False, "event_context": f"4-{encoded}",
    })  # fmt: skip


def thread_of(n: int, run: str) -> str:
    return f"{1700000000 + n}.{run}"


def command(n: int) -> str:
    fields = {"command": "/compare", "text": CRITERIA[n % len(CRITERIA)], "team_id": TEAM,
              "user_id": "U0ALICE", "channel_id": "C0BENCH",
              "response_url": "http://127.0.0.1:9/none", "trigger_id": "1"}  # fmt: skip
    return urlencode(fields)
