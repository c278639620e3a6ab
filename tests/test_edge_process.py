"""`advisor serve --http` as a process: no payload reaches its log on any path, at any
level, and no body, header or content type makes it answer 5xx."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
from collections.abc import Iterator
from urllib.parse import urlencode, urlsplit

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import slack_requests as sr
from tests.conftest import start_serve
from tests.fake_slack import FakeSlack
from tests.test_slack_edge import CANARY, FORM, JSON, MALFORMED, event_body, form, signed_bytes
from tests.test_slack_serve import wait_healthy


def serve_env(slack_url: str, level: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
            "SLACK_API_URL": f"{slack_url}/api/", "ADVISOR_STATE_URL": "memory://",
            "LOG_LEVEL": level}  # fmt: skip


@pytest.mark.parametrize("level", ["debug", "info"])
async def test_the_canary_never_reaches_the_log(level: str) -> None:
    slack = await FakeSlack().start()
    proc, url = start_serve(serve_env(slack.url, level), "--http")
    response_url = f"{slack.url}/response/1"
    try:
        await wait_healthy(url, proc)
        async with aiohttp.ClientSession() as http:

            async def post(raw: bytes, content_type: str, headers: dict[str, str]) -> int:
                async with http.post(f"{url}/slack/events", data=raw, headers=headers) as resp:
                    return resp.status

            async def send(raw: bytes, content_type: str) -> int:
                return await post(raw, content_type, signed_bytes(raw, content_type))

            mention = sr.mention(f"is node faster? {CANARY}", ts="9.1").encode()
            forged = {**signed_bytes(mention, JSON), "X-Slack-Signature": "v0=" + "1" * 64}
            assert await post(mention, JSON, forged) == 401  # forged
            assert await post(mention, JSON, {"Content-Type": JSON}) == 401  # unsigned
            stale = signed_bytes(mention, JSON, "1000")
            assert await post(mention, JSON, stale) == 401  # replayed
            for raw, content_type in MALFORMED.values():  # malformed, signed
                assert await send(raw, content_type) in {400, 413}
            unhandled = [
                form({"type": "view_submission", "team": {"id": sr.TEAM},
                      "view": {"type": "modal", "callback_id": "gone",
                               "state": {"values": {"b": {"a": {"value": CANARY}}}}}}),
                form({"type": "block_actions", "team": {"id": sr.TEAM},
                      "response_url": response_url,
                      "actions": [{"action_id": "gone_1", "value": CANARY}]}),
                form({"type": "block_suggestion", "action_id": "gone", "value": CANARY}),
                form({"type": "shortcut", "callback_id": "gone", "text": CANARY}),
                form({"type": "a_future_type", "text": CANARY}),
                event_body({"type": "reaction_added", "reaction": CANARY}),
            ]  # fmt: skip
            for raw in unhandled:
                assert await send(raw, FORM if raw.startswith(b"payload") else JSON) == 200
            assert await send(mention, JSON) == 200  # normal
            dm = sr.dm(f"what is django? {CANARY}", ts="9.2").encode()
            assert await send(dm, JSON) == 200
            command = sr.command("/advisor", f"is node faster {CANARY}", response_url).encode()
            assert await send(command, FORM) == 200
        await slack.wait_for("response_url")  # the stale-click note
        await slack.settle(0.5)
        answers = slack.of("chat.postMessage") + slack.of("chat.postEphemeral")
        assert len(answers) == 2  # the mention and the DM
        proc.send_signal(signal.SIGTERM)
        _out, logs = await asyncio.to_thread(proc.communicate, timeout=30)
        assert proc.returncode == 0
        assert CANARY not in logs
        assert "Traceback" not in logs
        lines = [json.loads(line) for line in logs.splitlines() if line.strip()]
        rejected = [e for e in lines if e["message"].startswith("rejected")]
        assert len(rejected) == 3 + len(MALFORMED)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        await slack.stop()


# --- property: no input makes the app answer 5xx --------------------------------------


@pytest.fixture(scope="module")
def running_app() -> Iterator[tuple[str, int]]:
    """One app process for all generated requests; its Web API is a closed port.

    Logs at ERROR (a pipe left unread must not fill up): any traceback would show there.
    """
    proc, url = start_serve(serve_env("http://127.0.0.1:9", "error"), "--http")
    try:
        asyncio.run(wait_healthy(url, proc))
        parts = urlsplit(url)
        yield str(parts.hostname), int(parts.port or 0)
    finally:
        proc.terminate()
        _out, logs = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Traceback" not in logs


SLACK_KEYS = ["type", "event", "actions", "view", "team", "user", "channel", "team_id", "command",
              "callback_id", "action_id", "container", "message", "authorizations", "challenge",
              "response_url", "response_urls", "enterprise", "ts", "text", "event_id", "blocks",
              "subtype", "channel_type", "is_ext_shared_channel", "state", "value",
              "id"]  # fmt: skip
SLACK_TYPES = ["event_callback", "block_actions", "view_submission", "view_closed", "shortcut",
               "message_action", "block_suggestion", "url_verification", "app_mention",
               "message", "app_home_opened", "app_uninstalled", "tokens_revoked", "im",
               "workflow_step_edit", "dialog_submission", "interactive_message", "modal",
               "workflow_step", "function_executed"]  # fmt: skip
scalars = (
    st.none() | st.booleans() | st.integers() | st.sampled_from(SLACK_TYPES) | st.text(max_size=8)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(SLACK_KEYS) | st.text(max_size=5), inner, max_size=5)
    ),
    max_leaves=25,
)
slackish = st.dictionaries(st.sampled_from(SLACK_KEYS), values, max_size=8)
bodies = st.one_of(
    st.binary(max_size=300),
    slackish.map(lambda d: json.dumps(d).encode()),
    slackish.map(lambda d: urlencode({"payload": json.dumps(d)}).encode()),
    st.dictionaries(st.sampled_from(["command", "text", "team_id", "user_id", "ssl_check",
                                     "response_url", "payload"]), st.text(max_size=10))
    .map(lambda d: urlencode(d).encode()),
)  # fmt: skip
content_types = st.sampled_from(
    [JSON, FORM, "application/JSON", "text/plain", "multipart/form-data; boundary=x",
     f"{FORM}; charset=utf-8", "", "\x7f"]
) | st.text(st.characters(blacklist_characters="\r\n"), max_size=20)  # fmt: skip
extra_headers = st.dictionaries(
    st.sampled_from(["X-Slack-Request-Timestamp", "X-Slack-Signature", "X-Slack-Retry-Num",
                     "X-Slack-Retry-Reason", "Content-Encoding", "X-Slack-Bolt-Lazy-Only",
                     "X-Slack-Bolt-Lazy-Function-Name"]),
    st.text(st.characters(blacklist_characters="\r\n"), max_size=20), max_size=3,
)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, content_type=content_types, headers=extra_headers, sign=st.booleans())
def test_no_request_gets_a_5xx(
    running_app: tuple[str, int],
    body: bytes,
    content_type: str,
    headers: dict[str, str],
    sign: bool,
) -> None:
    host, port = running_app
    all_headers = {"Content-Type": content_type, **headers}
    if sign:  # past the signature check: exercise the parser and Bolt behind it
        all_headers.update(signed_bytes(body, content_type))
    # Raw bytes on a socket: any header value but a line break (http.client would refuse
    # control characters the server must cope with).
    lines = [b"POST /slack/events HTTP/1.1", f"Host: {host}:{port}".encode(), b"Connection: close",
             f"Content-Length: {len(body)}".encode()]  # fmt: skip
    lines += [f"{name}: ".encode() + value.encode("latin-1", "replace")
              for name, value in all_headers.items()]  # fmt: skip
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        status_line = connection.makefile("rb").readline()
    status = int(status_line.split()[1])
    assert status < 500, status_line
