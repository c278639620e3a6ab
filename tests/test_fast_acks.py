"""The fast path for pure acks answers exactly what the Bolt path answers, byte for byte,
after the same signature check, with the same metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import parse_qsl

import aiohttp
import pytest
from aiohttp import web

from bot.content.model import KnowledgeBase
from bot.slack.config import read_config
from bot.slack.fast_acks import fast_acks
from bot.slack.serve import Runtime
from bot.slack.web_app import build_web_app
from tests import slack_requests as sr
from tests import test_slack_e2e
from tests.fake_slack import FakeSlack

FORM = "application/x-www-form-urlencoded"
slack = test_slack_e2e.slack
COMMANDS = [("/compare", ""), ("/compare", "perf"), ("/compare", "  SECURITY  "),
            ("/compare", "all"), ("/compare", "no such criterion"), ("/compare", "x" * 300),
            ("/advisor", ""), ("/advisor", "help"), ("/advisor", " HELP ")]  # fmt: skip


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


@pytest.fixture
async def both(slack: FakeSlack, kb: KnowledgeBase) -> AsyncIterator[tuple[Runtime, str, str]]:
    """One runtime behind two doors: with the fast path, and Bolt for everything."""
    env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
           "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": "memory://"}  # fmt: skip
    runtime = Runtime(kb, env, read_config(env, "http", 0))
    fast = build_web_app(runtime.bolt, runtime.store, runtime.metrics, runtime.edge(fast=True))
    bolt = build_web_app(runtime.bolt, runtime.store, runtime.metrics, runtime.edge(fast=False))
    (fast_runner, fast_url), (bolt_runner, bolt_url) = await serve(fast), await serve(bolt)
    yield runtime, fast_url, bolt_url
    await fast_runner.cleanup()
    await bolt_runner.cleanup()
    await runtime.close()


async def answer(http: aiohttp.ClientSession, url: str, body: str) -> tuple[int, str, bytes]:
    async with http.post(f"{url}/slack/events", data=body, headers=sr.signed(body, FORM)) as resp:
        return resp.status, resp.content_type, await resp.read()


@pytest.mark.parametrize(("name", "text"), COMMANDS)
async def test_the_fast_path_answers_exactly_as_bolt(
    both: tuple[Runtime, str, str], name: str, text: str
) -> None:
    runtime, fast_url, bolt_url = both
    body = sr.command(name, text, "http://127.0.0.1:9/response")
    assert await fast_acks(runtime.deps.engine)(dict(parse_qsl(body))) is not None  # fast
    async with aiohttp.ClientSession() as http:
        fast, bolt = await answer(http, fast_url, body), await answer(http, bolt_url, body)
    assert fast[0] == 200
    assert fast == bolt
    exposition = runtime.metrics.exposition().decode()
    assert 'advisor_requests_total{kind="command",status="200"} 2.0' in exposition


async def test_only_pure_acks_take_the_fast_path(both: tuple[Runtime, str, str]) -> None:
    runtime, fast_url, _ = both
    answer_for = fast_acks(runtime.deps.engine)
    assert await answer_for({"command": "/advisor", "text": "is node faster?"}) is None  # a turn
    assert await answer_for({"command": "/advisor", "text": "start"}) is None  # opens a DM
    assert await answer_for({"type": "event_callback", "event": {"type": "app_mention"}}) is None
    forged = sr.command("/compare", "perf", "http://127.0.0.1:9/r")
    async with aiohttp.ClientSession() as http:
        headers = {**sr.signed(forged, FORM), "X-Slack-Signature": "v0=" + "0" * 64}
        async with http.post(f"{fast_url}/slack/events", data=forged, headers=headers) as resp:
            assert resp.status == 401  # the same signature check comes first


async def test_both_doors_count_through_the_engine(both: tuple[Runtime, str, str]) -> None:
    """The fast path and Bolt ask the engine, so a comparison or help counts either way."""
    runtime, fast_url, bolt_url = both
    async with aiohttp.ClientSession() as http:
        for url in (fast_url, bolt_url):
            await answer(http, url, sr.command("/compare", "perf", "http://127.0.0.1:9/r"))
            await answer(http, url, sr.command("/advisor", "help", "http://127.0.0.1:9/r"))
    exposition = runtime.metrics.exposition().decode()
    assert 'advisor_compare_shown_total{criterion="performance"} 2.0' in exposition
    assert 'advisor_answers_total{intent="help"} 2.0' in exposition
