"""Content reloads while serving: good content swaps in, broken content is rejected."""

from __future__ import annotations

import asyncio
import json
import logging
import shutil
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.content.loading import load_knowledge, packaged_root
from bot.ops.content_reload import reload_content
from bot.slack.config import read_config
from bot.slack.serve import Runtime, start_http
from tests import slack_requests as sr
from tests.conftest import start_serve
from tests.fake_slack import FakeSlack
from tests.said import answered
from tests.test_slack_serve import wait_healthy

FORM = "application/x-www-form-urlencoded"


def copy_content(target: Path) -> Path:
    for folder in ("intents", "knowledge"):
        shutil.copytree(packaged_root() / folder, target / folder)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


async def compare_text(http: aiohttp.ClientSession, url: str, criterion: str) -> str:
    body = sr.command("/compare", criterion, "http://127.0.0.1:9/none")
    async with http.post(f"{url}/slack/events", data=body, headers=sr.signed(body, FORM)) as resp:
        assert resp.status == 200
        return json.dumps(await resp.json())


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[Runtime, str, FakeSlack, Path]]:
    root = copy_content(tmp_path / "kb")
    slack = await FakeSlack().start()
    env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
           "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": "memory://"}  # fmt: skip
    runtime = Runtime(load_knowledge(root), env, read_config(env, "http", 0))
    runner = await start_http(runtime, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    yield runtime, f"http://{host}:{port}", slack, root
    await runner.cleanup()
    await runtime.close()
    await slack.stop()


async def test_good_content_swaps_in_without_dropping_a_request(
    served: tuple[Runtime, str, FakeSlack, Path],
) -> None:
    runtime, url, _slack, root = served
    performance = f"name: {load_knowledge(root).criterion('performance').name}\n"
    edit(root / "knowledge/criteria.yaml", performance, performance.replace(": ", ": RELOADED "))
    async with aiohttp.ClientSession() as http:
        assert "RELOADED" not in await compare_text(http, url, "perf")
        load = [compare_text(http, url, ["perf", "security", ""][n % 3]) for n in range(150)]
        results = await asyncio.gather(*load, reload_content(runtime.deps.engine, root))
        assert results[-1] is True  # the reload succeeded; every request above got a 200
        assert "RELOADED" in await compare_text(http, url, "perf")


async def test_broken_content_is_rejected_and_the_old_keeps_answering(
    served: tuple[Runtime, str, FakeSlack, Path], caplog: pytest.LogCaptureFixture
) -> None:
    runtime, url, slack, root = served
    (root / "intents/what_is_node.yaml").write_text("id: what_is_node\ntitle: [broken\n")
    with caplog.at_level(logging.ERROR):
        assert await reload_content(runtime.deps.engine, root) is False
    assert "content reload rejected:" in caplog.text and "what_is_node.yaml:2" in caplog.text
    async with aiohttp.ClientSession() as http:
        body = sr.mention("what is node?", ts="5.5")
        async with http.post(
            f"{url}/slack/events", data=body, headers=sr.signed(body, "application/json")
        ):
            pass
        (post,) = await slack.wait_for("chat.postMessage")
        assert answered(json.dumps(post.args["blocks"]), "what_is_node")  # the old content


async def test_conversations_in_flight_survive_a_reload(
    served: tuple[Runtime, str, FakeSlack, Path],
) -> None:
    runtime, _url, _slack, root = served
    engine = runtime.deps.engine
    from bot.dialogue.conversation import Turn

    assert (await engine.handle("k", Turn(text="recommend"))).question == "team_language"
    assert await reload_content(engine, root)
    assert (await engine.handle("k", Turn(text="python"))).question == "realtime"


async def poll_until(check: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():  # type: ignore[operator]
            return
        await asyncio.sleep(0.2)
    raise AssertionError("the new content never arrived")


@pytest.mark.parametrize("trigger", ["sighup", "watch"])
async def test_serve_reloads_on_sighup_and_with_reload(trigger: str, tmp_path: Path) -> None:
    root = copy_content(tmp_path / "kb")
    slack = await FakeSlack().start()
    env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
           "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": "memory://",
           "ADVISOR_KB_DIR": str(root)}  # fmt: skip
    proc, url = start_serve(env, *(["--reload"] if trigger == "watch" else []))
    try:
        await wait_healthy(url, proc)
        await asyncio.sleep(0.5)  # let the watcher start
        security = f"name: {load_knowledge(root).criterion('security').name}\n"
        edit(root / "knowledge/criteria.yaml", security, security.replace(": ", ": RELOADED "))
        if trigger == "sighup":
            proc.send_signal(signal.SIGHUP)
        async with aiohttp.ClientSession() as http:

            async def reloaded() -> bool:
                return "RELOADED" in await compare_text(http, url, "security")

            await poll_until(reloaded)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
        await slack.stop()
