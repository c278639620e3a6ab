"""The HTTP edge: forged and malformed requests get a 4xx and a payload-free log line;
everything Slack may send without a listener gets a 200."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.content.model import KnowledgeBase
from tests import slack_requests as sr
from tests import test_slack_e2e
from tests.test_slack_e2e import FORM, RunningApp

# The end-to-end tests' fixtures: the app on loopback and its fake Web API.
slack = test_slack_e2e.slack
edge_app = test_slack_e2e.app

CANARY = "CANARY-7f3a9c"
JSON = "application/json"


def signed_bytes(raw: bytes, content_type: str, timestamp: str | None = None) -> dict[str, str]:
    ts = timestamp or str(int(time.time()))
    base = b"v0:" + ts.encode() + b":" + raw
    digest = hmac.new(sr.SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def form(payload: Any) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def event_body(event: Any) -> bytes:
    body = {"type": "event_callback", "team_id": sr.TEAM, "event_id": "Ev1", "event": event}
    return json.dumps(body).encode()


DEEP = 100_000
MALFORMED: dict[str, tuple[bytes, str]] = {
    "deeply nested array": (b"[" * DEEP + b"]" * DEEP, JSON),
    "deeply nested object": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, JSON),
    "nested past the bound": (b'{"type":"x","a":' + b"[" * 60 + b"]" * 60 + b"}", JSON),
    "invalid UTF-8": (b'{"type":"event_callback","text":"\xff\xfe' + CANARY.encode() + b'"}', JSON),
    "top-level array": (json.dumps([1, 2, CANARY]).encode(), JSON),
    "payload=[1,2]": (urlencode({"payload": json.dumps([1, 2, CANARY])}).encode(), FORM),
    "payload not JSON": (f"payload=%7B{CANARY}".encode(), FORM),
    "event as string": (event_body(CANARY), JSON),
    "event without type": (event_body({"text": CANARY}), JSON),
    "mention without channel": (event_body({"type": "app_mention", "text": CANARY}), JSON),
    "actions as string": (form({"type": "block_actions", "actions": CANARY}), FORM),
    "actions empty": (form({"type": "block_actions", "actions": []}), FORM),
    "action_id a number": (form({"type": "block_actions", "actions": [{"action_id": 7}]}), FORM),
    "team a list": (form({"type": "shortcut", "callback_id": "x", "team": [CANARY]}), FORM),
    "view without callback_id": (form({"type": "view_submission", "view": {"id": CANARY}}), FORM),
    "no type": (json.dumps({"text": CANARY}).encode(), JSON),
    "empty body": (b"", JSON),
}


async def post_raw(app: RunningApp, raw: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with app.http.post(f"{app.url}/slack/events", data=raw, headers=headers) as resp:
        return resp.status, await resp.text()


def no_payload_and_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    for record in caplog.records:
        line = record.getMessage()
        assert CANARY not in line, line
        assert record.exc_info is None, line
        assert "Traceback" not in line


@pytest.mark.parametrize("name", list(MALFORMED))
async def test_a_malformed_signed_body_gets_400_and_one_line_without_content(
    edge_app: RunningApp, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    raw, content_type = MALFORMED[name]
    caplog.set_level(logging.DEBUG)
    status, text = await post_raw(edge_app, raw, signed_bytes(raw, content_type))
    assert status == 400
    assert CANARY not in text
    rejections = [r for r in caplog.records if r.getMessage().startswith("rejected")]
    assert len(rejections) == 1
    no_payload_and_no_traceback(caplog)


@pytest.mark.parametrize("name", list(MALFORMED))
async def test_a_malformed_unsigned_or_forged_body_gets_401_unparsed(
    edge_app: RunningApp, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    raw, content_type = MALFORMED[name]
    caplog.set_level(logging.DEBUG)
    forged = {**signed_bytes(raw, content_type), "X-Slack-Signature": "v0=" + "0" * 64}
    for headers in ({"Content-Type": content_type}, forged):
        assert (await post_raw(edge_app, raw, headers))[0] == 401
    assert [r.getMessage().split(": ")[-1] for r in caplog.records if "rejected" in r.msg] == [
        "unsigned",
        "bad signature",
    ]
    no_payload_and_no_traceback(caplog)


@pytest.mark.parametrize(
    ("timestamp", "reason"),
    [("abc", "bad timestamp header"), ("\uff11\uff12", "bad timestamp header"),
     ("-5", "bad timestamp header"), ("9" * 40, "bad timestamp header"),
     (str(int(time.time()) - 3600), "stale timestamp")],
)  # fmt: skip
async def test_a_bad_timestamp_header_gets_401(
    edge_app: RunningApp, caplog: pytest.LogCaptureFixture, timestamp: str, reason: str
) -> None:
    raw = sr.mention(CANARY, ts="1.1").encode()
    assert (await post_raw(edge_app, raw, signed_bytes(raw, JSON, timestamp)))[0] == 401
    assert any(r.getMessage().endswith(reason) for r in caplog.records)
    no_payload_and_no_traceback(caplog)


async def test_a_body_over_the_bound_gets_413(edge_app: RunningApp) -> None:
    raw = b'{"type":"event_callback","x":"' + b"a" * (2 * 1024 * 1024) + b'"}'
    assert (await post_raw(edge_app, raw, signed_bytes(raw, JSON)))[0] == 413


# --- everything Slack may send gets a 200 ----------------------------------------------


def interactive(payload: dict[str, Any], response_url: str) -> str:
    base = {"team": {"id": sr.TEAM}, "user": {"id": "U0ALICE", "team_id": sr.TEAM},
            "api_app_id": "A0APP", "trigger_id": "1.2.3", "response_url": response_url}  # fmt: skip
    return urlencode({"payload": json.dumps({**base, **payload})})


async def test_a_click_on_a_button_nobody_handles_is_acked_and_told_privately(
    edge_app: RunningApp, caplog: pytest.LogCaptureFixture, kb: KnowledgeBase
) -> None:
    action = {"action_id": "retired_button_3", "value": CANARY, "type": "button"}
    assert await edge_app.click(action, "C0GENERAL", {"ts": "5.5", "blocks": []}) == 200
    (note,) = await edge_app.slack.wait_for("response_url")
    assert note.args["text"] == kb.messages.text("stale_button")
    assert note.args["response_type"] == "ephemeral"
    assert note.args["replace_original"] is False
    await edge_app.slack.settle(0.2)
    assert not edge_app.slack.of("chat.postMessage")
    no_payload_and_no_traceback(caplog)


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "view_submission",
         "view": {"id": "V1", "type": "modal", "callback_id": "retired_form",
                  "state": {"values": {"b": {"a": {"value": CANARY}}}}}},
        {"type": "view_closed",
         "view": {"id": "V1", "type": "modal", "callback_id": "retired_form"}},
        {"type": "shortcut", "callback_id": "retired_shortcut"},
        {"type": "message_action", "callback_id": "retired_action",
         "message": {"ts": "1.1", "text": CANARY}, "channel": {"id": "C1"}},
        {"type": "block_suggestion", "action_id": "retired_select", "block_id": "b",
         "value": CANARY},
        {"type": "some_future_type", "text": CANARY},
    ],
)  # fmt: skip
async def test_submissions_closures_shortcuts_and_options_without_a_listener_get_200(
    edge_app: RunningApp, caplog: pytest.LogCaptureFixture, payload: dict[str, Any]
) -> None:
    caplog.set_level(logging.DEBUG)
    status, text = await edge_app.send(
        interactive(payload, f"{edge_app.slack.url}/response/1"), FORM
    )
    assert status == 200
    if payload["type"] == "block_suggestion":
        assert json.loads(text) == {"options": []}
    no_payload_and_no_traceback(caplog)


@pytest.mark.parametrize(
    "event",
    [{"type": "reaction_added", "user": "U1", "reaction": CANARY, "item": {"channel": "C1"}},
     {"type": "channel_created", "channel": {"id": "C9", "name": CANARY}},
     {"type": "user_change", "user": {"id": "U1", "real_name": CANARY}}],
)  # fmt: skip
async def test_unsubscribed_event_types_are_acked_quietly(
    edge_app: RunningApp, caplog: pytest.LogCaptureFixture, event: dict[str, Any]
) -> None:
    caplog.set_level(logging.DEBUG)
    status, _ = await edge_app.send(sr.event(event))
    assert status == 200
    await edge_app.slack.settle(0.2)
    assert not edge_app.slack.calls or {c.method for c in edge_app.slack.calls} <= {"auth.test"}
    no_payload_and_no_traceback(caplog)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("ssl_check=1&token=x", FORM),
     (json.dumps({"type": "app_rate_limited", "team_id": sr.TEAM, "minute_rate_limited": 1,
                  "api_app_id": "A0APP", "token": "x"}), JSON)],
)  # fmt: skip
async def test_slack_housekeeping_requests_get_200(
    edge_app: RunningApp, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    status, _ = await edge_app.send(body, content_type)
    assert status == 200
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
