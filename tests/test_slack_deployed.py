"""The Slack app as deployed: `advisor serve --http`'s runtime with the default SQLite store
under a temporary home, and with Redis where a redis-server is available, fed payloads
shaped as Slack sends them (tests/slack_payloads.py)."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.content.model import KnowledgeBase
from tests import slack_payloads as sp
from tests import slack_requests as sr
from tests.conftest import start_serve
from tests.fake_slack import FakeSlack
from tests.said import answered
from tests.test_slack_e2e import FORM, RunningApp, app, deployed_env, running, slack
from tests.test_slack_serve import wait_healthy

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


async def test_a_bare_mention_and_an_empty_dm_get_the_greeting(app: RunningApp) -> None:
    status, _ = await app.send(sp.as_event_body(sp.envelope(sp.app_mention("", "800.0"))))
    assert status == 200
    (hello,) = await app.slack.wait_for("chat.postMessage")
    assert hello.args["thread_ts"] == "800.0"
    assert "Hi!" in hello.args["text"] and "Sorry" not in hello.args["text"]
    status, _ = await app.send(sp.as_event_body(sp.envelope(sp.message_im("", "801.0", DM))))
    assert status == 200
    _, dm_hello = await app.slack.wait_for("chat.postMessage", 2)
    assert dm_hello.args["channel"] == DM and "Hi!" in dm_hello.args["text"]
    assert not app.slack.of("chat.postEphemeral")


def elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]


async def private_click(app: RunningApp, element: dict[str, Any], **fields: Any) -> None:
    """A click on a private (ephemeral) reply in #general: no `message` in the payload."""
    picked = {k: v for k, v in element.items() if k in {"action_id", "value", "text", "type"}}
    payload = sp.block_actions_on_message(
        sp.action(**{"kind": element.get("type", "button"), **picked, **fields}),
        channel="C0GENERAL",
        message=None,
        response_url=f"{app.slack.url}/response/9",
        message_ts="900.0",
    )
    status, _ = await app.send(sp.as_form_body(payload), FORM)
    assert status == 200


async def test_an_advisor_started_with_the_command_goes_on_privately(
    stored_app: RunningApp, kb: KnowledgeBase
) -> None:
    app = stored_app
    started = await app.command("/advisor", "recommend")
    assert started["response_type"] == "ephemeral"
    first = elements(started["blocks"])[0]
    assert first["action_id"] == "answer_0"
    await private_click(app, first)
    (answered,) = await app.slack.wait_for("response_url")
    assert kb.messages.text("session_ended") not in json.dumps(answered.args)
    assert answered.args["replace_original"] is True  # the private question moves on
    assert any(e["action_id"].startswith("answer_") for e in elements(answered.args["blocks"]))
    await app.slack.settle(0.2)
    assert not app.slack.of("chat.postMessage") and not app.slack.of("chat.update")


async def test_the_buttons_under_a_private_answer_answer_privately(app: RunningApp) -> None:
    answer = await app.command("/advisor", "is node faster than django?")
    related = next(e for e in elements(answer["blocks"]) if e["action_id"].startswith("intent_"))
    await private_click(app, related)
    (reply,) = await app.slack.wait_for("response_url")
    assert reply.args["response_type"] == "ephemeral" and reply.args["replace_original"]
    await app.slack.settle(0.2)
    assert not app.slack.of("chat.postMessage")  # nothing public, in any channel


async def test_each_share_pick_is_shared(stored_app: RunningApp) -> None:
    app = stored_app
    await app.send(sr.dm("help me choose", "950.0", channel=DM))
    for n, value in enumerate(["answer_0", "decide"]):
        posts = await app.slack.wait_for("chat.postMessage", n + 1)
        blocks = posts[-1].args["blocks"]
        button = next(e for e in elements(blocks) if value in {e.get("value"), e["action_id"]})
        message = {"ts": f"950.{n + 5}", "text": posts[-1].args["text"], "blocks": blocks}
        await app.send(sr.block_action(button, DM, message, f"{app.slack.url}/response/1"), FORM)
    *_, result = await app.slack.wait_for("chat.postMessage", 3)
    assert any(e["action_id"] == "share_result" for e in elements(result.args["blocks"]))
    shown = {"ts": "951.0", "text": result.args["text"], "blocks": result.args["blocks"]}
    for channel in ("C0FIRST", "C0SECOND"):
        pick = sp.conversation_pick("share_result", channel)
        body = sp.block_actions_on_message(
            pick, channel=DM, message=shown, response_url=f"{app.slack.url}/response/2"
        )
        assert (await app.send(sp.as_form_body(body), FORM))[0] == 200
    posts = await app.slack.wait_for("chat.postMessage", 5)
    assert [p.args["channel"] for p in posts[3:]] == ["C0FIRST", "C0SECOND"]


async def test_a_private_result_is_shared_as_shown(app: RunningApp) -> None:
    """Slack sends no copy of a private message: the shared result comes from the state."""
    reply = await app.command("/advisor", "recommend")
    await private_click(app, elements(reply["blocks"])[0])
    (asked,) = await app.slack.wait_for("response_url")
    decide = next(e for e in elements(asked.args["blocks"]) if e.get("value") == "decide")
    await private_click(app, decide)
    _, result = await app.slack.wait_for("response_url", 2)
    assert any(e["action_id"] == "share_result" for e in elements(result.args["blocks"]))
    pick = sp.conversation_pick("share_result", "C0TEAM")
    body = sp.block_actions_on_message(
        pick, channel="C0GENERAL", message=None, response_url=f"{app.slack.url}/response/3",
        message_ts="960.0",
    )  # fmt: skip
    assert (await app.send(sp.as_form_body(body), FORM))[0] == 200
    (shared,) = await app.slack.wait_for("chat.postMessage")
    assert shared.args["channel"] == "C0TEAM"
    assert json.loads(json.dumps(shared.args["blocks"]))[0] == result.args["blocks"][0]


SLOW = ("auth.test", "conversations.open", "chat.postMessage", "chat.postEphemeral",
        "views.open", "views.publish")  # fmt: skip


@pytest.mark.parametrize("where", ["command", "app_home"])
async def test_the_form_opens_within_a_second_however_slow_the_web_api(
    app: RunningApp, where: str
) -> None:
    await app.send(sr.dm("help me choose", ts="600.0", channel=DM))
    await app.slack.wait_for("chat.postMessage")
    await app.send(sr.dm("python", ts="601.0", channel=DM))
    await app.slack.wait_for("chat.postMessage", 2)
    app.slack.delays.update(dict.fromkeys(SLOW, 2.5))  # every call takes 2.5 s to answer
    sent = time.monotonic()
    if where == "command":
        body = sr.command("/advisor", "form", f"{app.slack.url}/response/1")
    else:
        element = sp.action("open_advisor_form", "form")
        body = sp.as_form_body(sp.block_actions_in_view(element, {"type": "home"}))
    assert (await app.send(body, FORM))[0] == 200
    (opened,) = await app.slack.wait_for("views.open", timeout=15)
    took = app.slack.arrivals["views.open"][0] - sent
    assert took < 1.0, f"views.open called {took:.1f} s after the click"
    (language,) = [b for b in opened.args["view"]["blocks"] if b.get("block_id") == "team_language"]
    assert language["element"]["initial_option"]["value"] == "python"  # pre-filled from the DM


async def test_a_form_app_home_could_not_open_is_said_in_the_dm(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    app.slack.fail_next("views.open", 500, times=3)  # the first try and both retries
    element = sp.action("open_advisor_form", "form")
    body = sp.as_form_body(sp.block_actions_in_view(element, {"type": "home"}))
    assert (await app.send(body, FORM))[0] == 200
    (note,) = await app.slack.wait_for("chat.postMessage")
    assert note.args["channel"] == DM and note.args["text"] == kb.surfaces.form.not_opened


async def test_advisor_serve_as_the_readme_starts_it_answers_every_surface(
    slack: FakeSlack, tmp_path: Path
) -> None:
    """`advisor serve --http` in its own process, no ADVISOR_STATE_URL: the SQLite file
    under the home. The panel, a private command's button and a DM thread all answer."""
    proc, url = start_serve({**deployed_env(slack, tmp_path), "ADVISOR_STATE_URL": ""}, "--http")
    try:
        await wait_healthy(url, proc)
        async with aiohttp.ClientSession() as http:
            started = sp.as_event_body(sp.envelope(sp.assistant_thread_started(DM)))
            assert await sr.post_signed(http, url, started) == 200
            asked = sp.message_im("is node faster?", "501.0", DM, thread_ts="500.0")
            assert await sr.post_signed(http, url, sp.as_event_body(sp.envelope(asked))) == 200
            _, answer = await slack.wait_for("chat.postMessage", 2)
            assert answer.args["thread_ts"] == "500.0"
            assert answered(json.dumps(answer.args), "performance")
            command = sr.command("/advisor", "recommend", f"{slack.url}/response/1")
            headers = sr.signed(command, FORM)
            async with http.post(f"{url}/slack/events", data=command, headers=headers) as resp:
                first = elements((await resp.json())["blocks"])[0]
            click = sp.block_actions_on_message(
                sp.action(first["action_id"], first["value"]), channel="C0GENERAL",
                message=None, response_url=f"{slack.url}/response/2", message_ts="9.0",
            )  # fmt: skip
            assert await sr.post_signed(http, url, sp.as_form_body(click), FORM) == 200
            (moved_on,) = await slack.wait_for("response_url")
            assert moved_on.args["replace_original"] is True
        assert (tmp_path / ".local/share/node-django-advisor/state.sqlite3").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=20)
    assert proc.returncode == 0


async def test_an_enterprise_grid_workspace_is_answered(app: RunningApp) -> None:
    """Enterprise fields set (an org's workspace): a mention and a click on its answer."""
    mention = sp.app_mention("is node faster?", "990.0")
    body = sp.as_event_body(sp.envelope(mention, enterprise="E0GRID"))
    assert (await app.send(body))[0] == 200
    (answer,) = await app.slack.wait_for("chat.postMessage")
    related = next(
        e for e in elements(answer.args["blocks"]) if e["action_id"].startswith("intent_")
    )
    shown = {"ts": "990.5", "thread_ts": "990.0", "text": answer.args["text"],
             "blocks": answer.args["blocks"]}  # fmt: skip
    click = sp.block_actions_on_message(
        sp.action(related["action_id"], related["value"]), channel="C0GENERAL", message=shown,
        response_url=f"{app.slack.url}/response/5", enterprise="E0GRID",
    )  # fmt: skip
    assert (await app.send(sp.as_form_body(click), FORM))[0] == 200
    _, follow_up = await app.slack.wait_for("chat.postMessage", 2)
    assert follow_up.args["thread_ts"] == "990.0"
