"""Several `advisor serve` processes sharing one real Redis behave as one bot."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from tests import slack_requests as sr
from tests.conftest import start_serve
from tests.fake_slack import FakeSlack
from tests.test_slack_serve import wait_healthy

FORM = "application/x-www-form-urlencoded"


@dataclass
class Cluster:
    urls: list[str]
    slack: FakeSlack
    http: aiohttp.ClientSession

    async def send(self, instance: int, body: str, content_type: str = "application/json",
                   **headers: str) -> int:  # fmt: skip
        return await sr.post_signed(self.http, self.urls[instance], body, content_type, **headers)


@pytest.fixture
async def cluster(redis_url: str) -> AsyncIterator[Cluster]:
    slack = await FakeSlack().start()
    env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
           "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": redis_url}  # fmt: skip
    started = [start_serve(env, "--http") for _ in range(2)]
    procs, urls = [p for p, _ in started], [u for _, u in started]
    try:
        for url, proc in zip(urls, procs, strict=True):
            await wait_healthy(url, proc)
        async with aiohttp.ClientSession() as http:
            yield Cluster(urls, slack, http)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.communicate(timeout=30)
        await slack.stop()


def question_number(text: str) -> int:
    found = re.search(r"Question (\d) of 9", text)
    assert found, text[:300]
    return int(found.group(1))


def channel() -> str:
    return f"D{uuid.uuid4().hex[:10].upper()}"


async def test_a_dialogue_continues_on_another_instance(cluster: Cluster) -> None:
    dm = channel()
    for n, (instance, text) in enumerate([(0, "recommend"), (1, "python"), (0, "no"), (1, "yes")]):
        assert await cluster.send(instance, sr.dm(text, ts=f"{n}.0", channel=dm)) == 200
        await cluster.slack.wait_for("chat.postMessage", n + 1)
    posts = [json.dumps(c.args["blocks"]) for c in cluster.slack.of("chat.postMessage")]
    assert [question_number(p) for p in posts] == [1, 2, 3, 4]


async def test_a_retry_landing_on_the_other_instance_is_answered_once(cluster: Cluster) -> None:
    body = sr.mention("is node faster?", ts="10.0", channel=channel())
    assert await cluster.send(0, body) == 200
    assert await cluster.send(1, body, **{"X-Slack-Retry-Num": "1"}) == 200
    assert await cluster.send(1, body, **{"X-Slack-Retry-Num": "2"}) == 200
    await cluster.slack.wait_for("chat.postMessage")
    await cluster.slack.settle(0.5)
    assert len(cluster.slack.of("chat.postMessage")) == 1


async def test_a_double_click_on_two_instances_counts_once(cluster: Cluster) -> None:
    dm = channel()
    await cluster.send(0, sr.dm("recommend", ts="20.0", channel=dm))
    (question,) = await cluster.slack.wait_for("chat.postMessage")
    python = next(
        b for b in question.args["blocks"][-2]["elements"] if b["value"].endswith("=python")
    )
    message = {"ts": "21.0", "blocks": question.args["blocks"]}
    click = sr.block_action(python, dm, message, f"{cluster.slack.url}/response/1")
    statuses = await asyncio.gather(cluster.send(0, click, FORM), cluster.send(1, click, FORM))
    assert statuses == [200, 200]
    await cluster.slack.wait_for("chat.postMessage", 2)
    await cluster.slack.settle(0.5)
    posts = cluster.slack.of("chat.postMessage")
    assert len(posts) == 2 and question_number(json.dumps(posts[1].args["blocks"])) == 2


async def test_concurrent_turns_on_both_instances_lose_nothing(cluster: Cluster) -> None:
    dm = channel()
    await cluster.send(0, sr.dm("recommend", ts="30.0", channel=dm))
    await cluster.slack.wait_for("chat.postMessage")
    skips = [cluster.send(n % 2, sr.dm("skip", ts=f"3{n + 1}.0", channel=dm)) for n in range(6)]
    assert set(await asyncio.gather(*skips)) == {200}
    posts = await cluster.slack.wait_for("chat.postMessage", 7)
    numbers = sorted(question_number(json.dumps(p.args["blocks"])) for p in posts[1:])
    assert numbers == [2, 3, 4, 5, 6, 7]  # every skip applied exactly once
