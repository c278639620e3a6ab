"""Reading a thread as deployed: `advisor serve` processes on the default SQLite store
and on a shared Redis. What the others in a thread wrote never reaches the logs or the
state store (only the answers derived from it), and two instances answer once."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import redis

from tests import slack_requests as sr
from tests.conftest import start_serve
from tests.fake_slack import FakeSlack
from tests.said import named, says
from tests.test_slack_serve import wait_healthy
from tests.test_slack_thread_e2e import CHANNEL, said

CANARY = "zq-canary-7f3e91"  # in a thread message other than the mention
THREAD = [
    ("U0ANA", f"We're a Python shop, everyone knows Django ({CANARY})"),
    ("U0BEN", f"The ops people need an admin panel for {CANARY} refunds"),
    ("U0CAT", "No realtime features needed, it's forms and reports"),
]
ASK = "based on this thread, which should we use?"


async def serve(env: dict[str, str], count: int) -> list[tuple[subprocess.Popen[str], str]]:
    started = [start_serve(env, "--http") for _ in range(count)]
    for proc, url in started:
        await wait_healthy(url, proc)
    return started


def stop(started: list[tuple[subprocess.Popen[str], str]]) -> str:
    """Stop the processes; everything they logged."""
    for proc, _ in started:
        proc.terminate()
    return "".join(proc.communicate(timeout=30)[1] for proc, _ in started)


def env_for(slack: FakeSlack, state_url: str) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
            "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": state_url,
            "LOG_LEVEL": "DEBUG"}  # fmt: skip


async def mention_in_thread(
    slack: FakeSlack, urls: list[str], thread_ts: str, retries: bool = False
) -> None:
    """The mention, sent to every instance (Slack's retries when `retries`)."""
    body = sr.mention(ASK, ts="900.000100", thread_ts=thread_ts, channel=CHANNEL)
    slack.threads[f"{CHANNEL}:{thread_ts}"].append(
        said("U0ALICE", f"<@UBOT> {ASK}", "900.000100", thread_ts=thread_ts)
    )
    async with aiohttp.ClientSession() as http:
        sends = [
            sr.post_signed(http, url, body, **({"X-Slack-Retry-Num": str(n)} if n else {}))
            for n, url in enumerate(urls if retries else urls[:1])
        ]
        assert set(await asyncio.gather(*sends)) == {200}
        await slack.wait_for("chat.postMessage", timeout=20)
        await slack.settle(0.5)


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


def add_thread(slack: FakeSlack) -> str:
    return slack.add_thread(
        CHANNEL, [said(user, text, f"{100 + n}.000100") for n, (user, text) in enumerate(THREAD)]
    )


async def test_default_store_keeps_the_answers_never_the_thread(
    slack: FakeSlack, tmp_path: Path
) -> None:
    database = tmp_path / "state.db"
    started = await serve(env_for(slack, f"sqlite:///{database}"), 1)
    try:
        await mention_in_thread(slack, [url for _, url in started], add_thread(slack))
    finally:
        logged = stop(started)
    (post,) = slack.of("chat.postMessage")
    assert says(json.dumps(post.args), "recommend", outcome=named("django"))
    assert CANARY not in json.dumps(post.args)
    assert slack.of("conversations.replies") and "thread read" in logged  # it did read
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("state.db*"))
    assert b"admin_panel" in stored  # the derived answers are kept...
    assert CANARY.encode() not in stored and CANARY not in logged  # ...never what was said


async def test_two_instances_on_redis_answer_once_and_keep_no_text(
    slack: FakeSlack, redis_url: str
) -> None:
    started = await serve(env_for(slack, redis_url), 2)
    try:
        await mention_in_thread(slack, [url for _, url in started], add_thread(slack), True)
    finally:
        logged = stop(started)
    assert len(slack.of("chat.postMessage")) == 1 and len(slack.of("conversations.replies")) == 1
    dumped = everything_in(redis.Redis.from_url(redis_url))
    assert b"admin_panel" in dumped
    assert CANARY.encode() not in dumped and CANARY not in logged


def everything_in(client: redis.Redis) -> bytes:
    """Every key and value Redis holds, as stored (DUMP would compress them)."""
    found: list[bytes] = []
    for key in client.scan_iter():
        kind = client.type(key)
        if kind == b"string":
            value = [client.get(key) or b""]
        elif kind == b"hash":
            value = [b for pair in client.hgetall(key).items() for b in pair]
        elif kind == b"zset":
            value = list(client.zrange(key, 0, -1))
        elif kind == b"list":
            value = list(client.lrange(key, 0, -1))
        else:
            value = list(client.smembers(key)) if kind == b"set" else []
        found += [key, *value]
    return b"\n".join(found)
