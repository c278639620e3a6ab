"""`advisor serve` as operators run it, and its configuration checks."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import aiohttp
import pytest

from bot.slack.config import SlackConfigError, read_config
from tests import slack_requests as sr
from tests.conftest import REPO, run_advisor, start_serve
from tests.fake_slack import FakeSlack


async def wait_healthy(url: str, proc: subprocess.Popen[str], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()[1]
            try:
                async with http.get(f"{url}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("the app did not become healthy")


async def test_serve_answers_a_signed_mention_and_stops_cleanly_on_sigterm(
    tmp_path: object,
) -> None:
    slack = await FakeSlack().start()
    env = {
        "SLACK_BOT_TOKEN": "xoxb-secret-bot-token",
        "SLACK_SIGNING_SECRET": sr.SECRET,
        "SLACK_API_URL": f"{slack.url}/api/",
        "ADVISOR_STATE_URL": "memory://",
        "LOG_LEVEL": "debug",
    }
    proc, url = start_serve(env, "--http")
    try:
        await wait_healthy(url, proc)
        body = sr.mention("which is easier to learn?", ts="42.0")
        async with aiohttp.ClientSession() as http:
            assert await sr.post_signed(http, url, body) == 200
        (post,) = await slack.wait_for("chat.postMessage")
        assert "Python" in str(post.args["blocks"])
        proc.send_signal(signal.SIGTERM)
        _out, logs = proc.communicate(timeout=20)
        assert proc.returncode == 0
        assert "xoxb-secret-bot-token" not in logs and sr.SECRET not in logs
        assert "which is easier to learn" not in logs  # no payloads, even at debug
        entries = [json.loads(line) for line in logs.splitlines() if line.strip()]
        assert {"time", "level", "logger", "message", "request_id"} <= set(entries[0])
        (turn,) = [e for e in entries if e["message"].startswith("turn text")]
        assert "intent=learning_curve" in turn["message"]
        assert turn["request_id"] != "-"  # the background work carries its request's id
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        await slack.stop()


async def test_sigterm_finishes_work_in_flight_before_exiting() -> None:
    slack = await FakeSlack().start()
    slack.delays["chat.postMessage"] = 1.5  # the answer is still being posted at SIGTERM
    env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
           "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": "memory://"}  # fmt: skip
    proc, url = start_serve(env)
    try:
        await wait_healthy(url, proc)
        body = sr.mention("what is node?", ts="77.0")
        async with aiohttp.ClientSession() as http:
            assert await sr.post_signed(http, url, body) == 200
        await asyncio.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        await asyncio.get_running_loop().run_in_executor(None, proc.wait, 30)
        assert proc.returncode == 0
        assert len(slack.of("chat.postMessage")) == 1  # finished, not dropped
        with pytest.raises(aiohttp.ClientError):
            async with aiohttp.ClientSession() as http, http.get(f"{url}/healthz"):
                pass
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate()
        await slack.stop()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({}, "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN must be a bot token"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"}, "SLACK_APP_TOKEN must be"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "http"}, "PORT"),
        ({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": "x"},
         "SLACK_API_URL"),
    ],
)  # fmt: skip
def test_bad_configuration_names_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SlackConfigError, match=named):
        read_config(env)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "PORT"))}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=REPO, env={**clean, **env},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert "xoxb-1" not in result.stderr  # a token's value is never echoed


def test_mode_is_chosen_by_the_tokens() -> None:
    http = read_config({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"})
    assert (http.mode, http.port) == ("http", 3000)
    socket_mode = read_config({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert socket_mode.mode == "socket"
    assert "xoxb" not in repr(socket_mode)


def test_advisor_without_tokens_is_the_chat() -> None:
    clean = {k: "" for k in os.environ if k.startswith("SLACK_")}
    result = run_advisor(stdin="hi\n", env=clean)
    assert result.returncode == 0 and "Node.js" in result.stdout


def test_a_bad_port_names_where_it_came_from() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": "3000"}
    with pytest.raises(SlackConfigError, match=r"^--port "):
        read_config(env, "http", 99999)
    with pytest.raises(SlackConfigError, match=r"^PORT "):
        read_config({**env, "PORT": "99999"}, "http")
    result = run_advisor("serve", "--http", "--port", "99999", env=env)
    assert result.returncode == 2
    assert "advisor: --port " in result.stderr
