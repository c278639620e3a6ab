"""The Slack app as deployed: `advisor serve --http`'s runtime with the default SQLite store
under a temporary home, and with Redis where a redis-server is available, fed payloads
shaped as Slack sends them (tests/slack_payloads.py)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content.model import KnowledgeBase
from tests import slack_payloads as sp
from tests import slack_requests as sr
from tests.fake_slack import FakeSlack
from tests.test_slack_e2e import RunningApp, app, deployed_env, running, slack

__all__ = ["app", "slack"]
DM = "DU0ALICE"


@pytest.fixture(params=["sqlite", "redis"])
async def stored_app(
    request: pytest.FixtureRequest,
    slack: FakeSlack,
    kb: KnowledgeBase,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[RunningApp]:
    """The deployed app with the default store (SQLite under the home), then with Redis."""
    state_url = None
    if request.param == "redis":
        state_url = request.getfixturevalue("redis_url")
        import redis.asyncio as redis

        client = redis.from_url(state_url)
        await client.flushdb()  # one redis-server for the session: start empty
        await client.aclose()
    env = deployed_env(slack, tmp_path, state_url)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    if state_url is None:
        monkeypatch.delenv("ADVISOR_STATE_URL", raising=False)
    async with running(kb, slack, env) as app:
        yield app


async def test_the_assistant_panel_answers_with_every_store(stored_app: RunningApp) -> None:
    app = stored_app
    status, _ = await app.send(sp.as_event_body(sp.envelope(sp.assistant_thread_started(DM))))
    assert status == 200
    await app.slack.wait_for("assistant.threads.setSuggestedPrompts")
    (greeting,) = await app.slack.wait_for("chat.postMessage")
    assert greeting.args["thread_ts"] == "500.0"

    question = sp.message_im("is node faster than django?", "501.0", DM, thread_ts="500.0")
    status, _ = await app.send(sp.as_event_body(sp.envelope(question)))
    assert status == 200
    await app.slack.wait_for("assistant.threads.setStatus")
    _, answer = await app.slack.wait_for("chat.postMessage", 2)
    assert answer.args["thread_ts"] == "500.0" and "Node" in answer.args["text"]

    changed = sp.assistant_thread_context_changed("C0OTHER", DM)
    status, _ = await app.send(sp.as_event_body(sp.envelope(changed)))
    assert status == 200


async def test_a_reply_in_a_dm_thread_under_an_advisor_question_is_answered(
    stored_app: RunningApp,
) -> None:
    app = stored_app
    status, _ = await app.send(sr.dm("help me choose", "600.0", channel=DM))
    assert status == 200
    (first,) = await app.slack.wait_for("chat.postMessage")
    assert first.args.get("thread_ts") is None
    reply = sp.message_im("python", "601.0", DM, thread_ts="600.0")
    status, _ = await app.send(sp.as_event_body(sp.envelope(reply)))
    assert status == 200
    _, answered = await app.slack.wait_for("chat.postMessage", 2)
    assert answered.args["thread_ts"] == "600.0"


async def test_acks_never_wait_on_a_hanging_auth_test(app: RunningApp) -> None:
    """The Web API accepts connections but does not answer auth.test: the first event is
    acknowledged at once all the same (Slack retries what is not acked within 3 s)."""
    app.slack.delays["auth.test"] = 5.0
    started = time.monotonic()
    status, _ = await app.send(sr.mention("is node faster?", ts="700.0"))
    took = time.monotonic() - started
    assert status == 200
    assert took < 1.0, f"acknowledged after {took:.1f} s"
    (answer,) = await app.slack.wait_for("chat.postMessage")
    assert answer.args["thread_ts"] == "700.0"
