"""Socket Mode against a local WebSocket server that speaks Slack's envelope protocol."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.content.model import KnowledgeBase
from bot.slack.config import read_config
from bot.slack.serve import run
from tests import slack_requests as sr
from tests.fake_slack import FakeSlack
from tests.said import answered


async def test_socket_mode_acknowledges_envelopes_and_answers(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack = await FakeSlack().start()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the default store, under the home
    monkeypatch.delenv("ADVISOR_STATE_URL", raising=False)
    env = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_APP_TOKEN": "xapp-test-token",
        "SLACK_API_URL": f"{slack.url}/api/",
        "PORT": "0",
    }
    stop = asyncio.Event()
    server = asyncio.create_task(run(kb, env, read_config(env), stop=stop))
    try:
        await slack.wait_connected()
        (opened,) = slack.of("apps.connections.open")
        assert opened.token == "xapp-test-token"  # the app-level token opens the socket
        payload = json.loads(sr.mention("is node faster?", ts="900.1"))
        envelope = {"envelope_id": "env-1", "type": "events_api", "payload": payload,
                    "accepts_response_payload": False, "retry_attempt": 0}  # fmt: skip
        await slack.send_envelope(envelope)
        await slack.wait_ack("env-1")
        (post,) = await slack.wait_for("chat.postMessage")
        assert post.args["thread_ts"] == "900.1"
        assert answered(json.dumps(post.args["blocks"]), "performance")
        assert post.token == "xoxb-test-token"
        # A redelivery of the same event is acknowledged but not answered again.
        await slack.send_envelope({**envelope, "envelope_id": "env-2", "retry_attempt": 1})
        await slack.wait_ack("env-2")
        await slack.settle(0.3)
        assert len(slack.of("chat.postMessage")) == 1
    finally:
        stop.set()
        await asyncio.wait_for(server, 10)
        await slack.stop()
