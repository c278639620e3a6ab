"""The Slack app end to end: signed HTTP requests to the running app on loopback, and a
fake Slack Web API that records what the bot posts."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.base.message_ids import CLARITY_WORD, EDGE_BADGE
from bot.content.model import KnowledgeBase
from bot.slack.config import read_config
from bot.slack.serve import Runtime, start_http
from tests import slack_requests as sr
from tests.conftest import UNSURE_QUESTION, Probable
from tests.fake_slack import FakeSlack
from tests.said import advisor_question, answered, named, said, says

FORM = "application/x-www-form-urlencoded"


@dataclass
class RunningApp:
    url: str
    slack: FakeSlack
    http: aiohttp.ClientSession

    async def send(
        self, body: str, content_type: str = "application/json", **headers: str
    ) -> tuple[int, str]:
        signed = {**sr.signed(body, content_type), **headers}
        async with self.http.post(f"{self.url}/slack/events", data=body, headers=signed) as resp:
            return resp.status, await resp.text()

    async def click(
        self,
        action: dict[str, Any],
        channel: str,
        message: dict[str, Any] | None = None,
        ephemeral: bool = False,
    ) -> int:
        body = sr.block_action(action, channel, message, f"{self.slack.url}/response/1", ephemeral)
        status, _ = await self.send(body, FORM)
        return status

    async def command(self, name: str, text: str) -> dict[str, Any]:
        status, body = await self.send(sr.command(name, text, f"{self.slack.url}/response/1"), FORM)
        assert status == 200
        return dict(json.loads(body))


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


def deployed_env(slack: FakeSlack, home: Path, state_url: str | None = None) -> dict[str, str]:
    """The environment `advisor serve --http` is started with in the README: no
    ADVISOR_STATE_URL, so the default SQLite file under the (temporary) home."""
    env = {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": sr.SECRET,
        "SLACK_API_URL": f"{slack.url}/api/",
    }
    return env if state_url is None else {**env, "ADVISOR_STATE_URL": state_url}


@contextlib.asynccontextmanager
async def running(
    kb: KnowledgeBase, slack: FakeSlack, env: dict[str, str]
) -> AsyncIterator[RunningApp]:
    """`advisor serve --http`'s runtime with `env`, on a free loopback port."""
    runtime = Runtime(kb, env, read_config(env, "http", 0))
    runner = await start_http(runtime, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    async with aiohttp.ClientSession() as http:
        yield RunningApp(f"http://{host}:{port}", slack, http)
    await slack.settle(0.1)
    await runner.cleanup()
    await runtime.close()


@pytest.fixture
async def app(
    slack: FakeSlack, kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[RunningApp]:
    """The app as deployed: `advisor serve --http`'s runtime, the default store."""
    env = deployed_env(slack, tmp_path)
    for name, value in env.items():
        monkeypatch.setenv(name, value)  # the default store's path is read from the home
    monkeypatch.delenv("ADVISOR_STATE_URL", raising=False)
    async with running(kb, slack, env) as started:
        yield started


def texts(call_args: dict[str, Any]) -> str:
    """Everything a person would read in a posted message."""
    return json.dumps(call_args.get("blocks", [])) + call_args.get("text", "")


def buttons(call_args: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        element
        for block in call_args.get("blocks", [])
        if block.get("type") == "actions"
        for element in block["elements"]
    ]


# --- the basics ----------------------------------------------------------------------


async def test_url_verification(app: RunningApp) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})
    status, text = await app.send(body)
    assert status == 200
    assert json.loads(text)["challenge"] == "abc123"


async def test_healthz(app: RunningApp) -> None:
    async with app.http.get(f"{app.url}/healthz") as resp:
        assert resp.status == 200
        assert (await resp.json())["status"] == "ok"


async def test_bad_signature_and_stale_timestamp_get_401_and_nothing_posted(
    app: RunningApp,
) -> None:
    body = sr.mention("is node faster?", ts="100.1")
    forged = sr.signed(body, "application/json", secret="not-the-secret")
    async with app.http.post(f"{app.url}/slack/events", data=body, headers=forged) as resp:
        assert resp.status == 401
    stale = sr.signed(body, "application/json", timestamp=int(time.time()) - 600)
    async with app.http.post(f"{app.url}/slack/events", data=body, headers=stale) as resp:
        assert resp.status == 401
    unsigned = {"Content-Type": "application/json"}
    async with app.http.post(f"{app.url}/slack/events", data=body, headers=unsigned) as resp:
        assert resp.status == 401
    await app.slack.settle(0.3)
    assert not app.slack.of("chat.postMessage")


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("payload=%7Bnot-json", FORM), ("{broken json", "application/json"), ("", FORM)],
)
async def test_a_malformed_body_gets_4xx(app: RunningApp, body: str, content_type: str) -> None:
    status, _ = await app.send(body, content_type)
    assert 400 <= status < 500


# --- mentions in channels ------------------------------------------------------------


async def test_a_mention_is_answered_in_its_thread(app: RunningApp) -> None:
    status, _ = await app.send(sr.mention("is node faster than django?", ts="111.1"))
    assert status == 200
    (post,) = await app.slack.wait_for("chat.postMessage")
    assert post.args["channel"] == "C0GENERAL"
    assert post.args["thread_ts"] == "111.1"
    assert answered(texts(post.args), "performance")
    assert post.args["text"]  # the plain-text fallback
    assert post.token == "xoxb-test-token"
    related = [b for b in buttons(post.args) if b["action_id"].startswith("intent_")]
    assert [b["value"].split("|")[0] for b in related] == [
        "scalability",
        "realtime",
        "async_support",
    ]
    (rate,) = [
        e for b in post.args["blocks"] if b["type"] == "context_actions" for e in b["elements"]
    ]
    assert rate["type"] == "feedback_buttons"
    assert rate["positive_button"]["value"] == "up|performance"
    assert rate["negative_button"]["value"] == "down|performance"


async def test_a_mention_inside_a_thread_replies_there_and_keeps_context(app: RunningApp) -> None:
    await app.send(sr.mention("who uses node", ts="222.2", thread_ts="200.0"))
    await app.slack.wait_for("chat.postMessage")
    await app.send(sr.mention("and django?", ts="223.3", thread_ts="200.0"))
    first, second = await app.slack.wait_for("chat.postMessage", 2)
    assert first.args["thread_ts"] == second.args["thread_ts"] == "200.0"
    assert answered(texts(second.args), "who_uses_django")


async def test_unsure_then_click_posts_the_answer_in_the_thread(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    await app.send(sr.mention(UNSURE_QUESTION, ts="333.3"))
    (ephemeral,) = await app.slack.wait_for("chat.postEphemeral")
    assert ephemeral.args["user"] == "U0ALICE" and ephemeral.args["thread_ts"] == "333.3"
    choices = buttons(ephemeral.args)
    assert 1 <= len(choices) <= 3
    pick = next(b for b in choices if b["value"].startswith("performance|"))
    await app.click(pick, "C0GENERAL", {"ts": "334.0", "blocks": ephemeral.args["blocks"]}, True)
    (post,) = await app.slack.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "333.3"
    assert first_line(kb, "performance") in texts(post.args)
    deleted = await app.slack.wait_for("response_url")
    assert deleted[0].args.get("delete_original") is True


async def test_a_probable_answer_offers_alternatives_and_a_click_answers_it(
    app: RunningApp, kb: KnowledgeBase, probable: Probable
) -> None:
    await app.send(sr.mention(probable.question, ts="350.0"))
    (answer,) = await app.slack.wait_for("chat.postMessage")  # answer and alternatives: one
    assert answer.args["thread_ts"] == "350.0"
    assert first_line(kb, probable.answered) in texts(answer.args)
    assert says(texts(answer.args), "not_quite")
    alternatives = [b for b in buttons(answer.args) if b["action_id"].startswith("alt_")]
    assert [b["value"].split("|")[0] for b in alternatives] == list(probable.alternatives)
    await app.click(alternatives[0], "C0GENERAL", {"ts": "351.0", "blocks": answer.args["blocks"]})
    _, post = await app.slack.wait_for("chat.postMessage", 2)
    assert post.args["thread_ts"] == "350.0"
    assert first_line(kb, probable.alternatives[0]) in texts(post.args)
    async with app.http.get(f"{app.url}/metrics") as resp:
        assert "advisor_alternative_clicked_total 1.0" in await resp.text()


def first_line(kb: KnowledgeBase, intent: str) -> str:
    """A stretch of an intent's answer as it appears in a posted message."""
    return json.dumps(kb.intent(intent).answer.splitlines()[0][3:40])[1:-1]


async def test_out_of_scope_gets_a_friendly_private_fallback(app: RunningApp) -> None:
    await app.send(sr.mention("is react better than angular?", ts="444.4"))
    (ephemeral,) = await app.slack.wait_for("chat.postEphemeral")
    assert "Node.js" in texts(ephemeral.args) and "React" in texts(ephemeral.args)
    await app.slack.settle(0.2)
    assert not app.slack.of("chat.postMessage")


async def test_the_same_event_delivered_three_times_is_answered_once(app: RunningApp) -> None:
    body = sr.mention("which is more secure?", ts="555.5")
    for retry in ("", "1", "2"):
        headers = (
            {"X-Slack-Retry-Num": retry, "X-Slack-Retry-Reason": "http_timeout"} if retry else {}
        )
        status, _ = await app.send(body, **headers)
        assert status == 200
    await app.slack.wait_for("chat.postMessage")
    await app.slack.settle(0.3)
    assert len(app.slack.of("chat.postMessage")) == 1


async def test_a_rate_limited_post_is_retried_and_arrives(app: RunningApp) -> None:
    app.slack.fail_next("chat.postMessage", 429, retry_after=1)
    await app.send(sr.mention("what is django?", ts="666.6"))
    (post,) = await app.slack.wait_for("chat.postMessage", timeout=15)
    assert app.slack.of("chat.postMessage:failed")
    assert "Python" in texts(post.args)


async def test_a_post_that_keeps_failing_is_retried_until_it_arrives_once(
    app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    app.slack.fail_next("chat.postMessage", 500, times=4)
    await app.send(sr.mention("what is django?", ts="777.7"))
    status, _ = await app.send(sr.mention("thanks", ts="778.8"))  # still serving
    assert status == 200
    posts = await app.slack.wait_for("chat.postMessage", 2, timeout=20)
    await app.slack.settle(0.5)
    assert len(app.slack.of("chat.postMessage:failed")) == 4
    assert sorted(p.args["thread_ts"] for p in posts) == ["777.7", "778.8"]  # each once
    assert "xoxb-test-token" not in caplog.text


async def test_a_post_slack_refuses_is_given_up_and_logged_with_its_code(
    app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    app.slack.fail_next("chat.postMessage", 200)  # ok: false, channel_not_found
    await app.send(sr.mention("what is django?", ts="779.9"))
    await app.slack.wait_for("chat.postMessage:failed")
    await app.slack.settle(0.5)
    assert not app.slack.of("chat.postMessage")  # not retried: Slack said no
    assert "gave up on a chat.postMessage reply after 1 attempt(s): channel_not_found" in (
        caplog.text
    )
    async with app.http.get(f"{app.url}/metrics") as resp:
        text = await resp.text()
    gave_up = 'advisor_outbox_given_up_total{code="channel_not_found",method="chat.postMessage"}'
    assert metric(text, gave_up) == 1


# --- direct messages and the advisor ---------------------------------------------------


async def test_dm_advisor_run_by_buttons(app: RunningApp) -> None:
    answers = {"team_language": "python", "realtime": "no", "sensitive_data": "yes",
               "admin_panel": "yes", "data_model": "complex", "architecture": "monolith",
               "concurrency": "moderate", "time_to_market": "yes",
               "data_science": "no"}  # fmt: skip
    await app.send(sr.dm("help me choose", ts="1.0"))
    posts = await app.slack.wait_for("chat.postMessage")
    for step in range(1, 10):
        question = posts[-1].args
        assert says(texts(question), "question_heading", number=step, total=9)
        options = [b for b in buttons(question) if b["action_id"].startswith("answer_")]
        qid = options[0]["value"].split("=")[0]
        if step == 9:  # the ninth question, as buttons
            labels = [o.label for o in advisor_question("data_science").options]
            assert qid == "data_science" and [b["text"]["text"] for b in options] == labels
        pick = next(b for b in options if b["value"] == f"{qid}={answers[qid]}")
        message = {"ts": f"9{step}.0", "blocks": question["blocks"]}
        assert await app.click(pick, "D0ALICE", message) == 200
        updates = await app.slack.wait_for("chat.update", step)
        assert not any(
            b["type"] == "actions" for b in updates[-1].args["blocks"]
        )  # no stale buttons
        posts = await app.slack.wait_for("chat.postMessage", step + 1)
    result = posts[-1].args
    assert says(texts(result), "recommend", outcome=named("django"))
    assert "█" in texts(result)
    action_ids = {e["action_id"] for e in buttons(result)}
    assert {"change_answer", "control_restart", "share_result"} <= action_ids
    clear = {"outcome": named("django"), "clarity": said(CLARITY_WORD["clear"])}
    assert says(texts(result), "recommend", **clear)  # how sure it is
    # Share in a channel: the team sees the same verdict, with its clarity.
    select = next(e for e in buttons(result) if e["action_id"] == "share_result")
    share = {**select, "selected_conversation": "C0GENERAL"}
    message = {"ts": "99.0", "blocks": result["blocks"], "text": result["text"]}
    assert await app.click(share, "D0ALICE", message) == 200
    shared = await app.slack.wait_for("chat.postMessage", 11)
    assert shared[-1].args["channel"] == "C0GENERAL"
    assert says(texts(shared[-1].args), "recommend", **clear)


async def test_dm_advisor_run_by_typed_answers(app: RunningApp) -> None:
    typed = ["recommend", "mostly JS", "yep", "nope", "no", "simple", "microservices", "lots",
             "no rush", "no"]  # fmt: skip
    for n, text in enumerate(typed):
        await app.send(sr.dm(text, ts=f"2{n}.0"))
        await app.slack.wait_for("chat.postMessage", n + 1)
    assert says(
        texts(app.slack.of("chat.postMessage")[-1].args), "recommend", outcome=named("node")
    )


async def test_a_button_clicked_twice_counts_once(app: RunningApp) -> None:
    await app.send(sr.dm("recommend", ts="3.0"))
    (question,) = await app.slack.wait_for("chat.postMessage")
    pick = buttons(question.args)[1]  # Python
    message = {"ts": "30.0", "blocks": question.args["blocks"]}
    await app.click(pick, "D0ALICE", message)
    await app.click(pick, "D0ALICE", message)
    await app.slack.wait_for("chat.postMessage", 2)
    await app.slack.settle(0.3)
    assert len(app.slack.of("chat.postMessage")) == 2  # one question, then the next only
    assert says(texts(app.slack.of("chat.postMessage")[1].args), "question_heading", number=2)


async def test_bots_edits_and_deletions_are_ignored(app: RunningApp) -> None:
    await app.send(sr.dm("hi", ts="4.0", bot_id="BOTHER"))
    await app.send(sr.dm("hi", ts="4.1", subtype="message_changed"))
    await app.send(sr.dm("hi", ts="4.2", subtype="message_deleted"))
    await app.send(sr.dm("hi", ts="4.3", user="UBOT", bot_id="BBOT"))
    await app.slack.settle(0.3)
    assert not app.slack.of("chat.postMessage")
    await app.send(sr.dm("hi", ts="4.4"))
    await app.slack.wait_for("chat.postMessage")


# --- slash commands ----------------------------------------------------------------


async def test_compare_with_a_criterion(app: RunningApp, kb: KnowledgeBase) -> None:
    reply = await app.command("/compare", "security")
    assert reply["response_type"] == "ephemeral"
    rendered = json.dumps(reply["blocks"])
    assert says(rendered, "comparison_title", criterion=kb.criterion("security").name)
    assert says(rendered, EDGE_BADGE["django"])
    fields = next(b for b in reply["blocks"] if "fields" in b)["fields"]
    assert fields[0]["text"].startswith("*Node.js*") and fields[1]["text"].startswith("*Django*")
    assert any(e["action_id"] == "share_compare" for e in buttons(reply))


@pytest.mark.parametrize(
    ("typed", "name"),
    [("perf", "performance"), ("speed", "performance"), ("secure", "security"),
     ("learning", "learning_curve")],
)  # fmt: skip
async def test_compare_with_a_fuzzy_criterion(
    app: RunningApp, kb: KnowledgeBase, typed: str, name: str
) -> None:
    reply = await app.command("/compare", typed)
    assert says(json.dumps(reply["blocks"]), "comparison_title", criterion=kb.criterion(name).name)


async def test_compare_without_a_criterion_shows_the_summary(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    reply = await app.command("/compare", "")
    rendered = json.dumps(reply["blocks"])
    assert all(c.name in rendered for c in kb.criteria)


async def test_compare_with_an_unknown_criterion_lists_the_valid_ones(app: RunningApp) -> None:
    reply = await app.command("/compare", "blockchain vibes")
    rendered = json.dumps(reply["blocks"])
    assert "`performance`" in rendered and "`security`" in rendered
    assert "performance" in reply["text"]  # the plain-text fallback too


async def test_share_in_channel_posts_the_comparison_visibly(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    reply = await app.command("/compare", "perf")
    share = next(e for e in buttons(reply) if e["action_id"] == "share_compare")
    await app.click(share, "C0GENERAL", {"ts": "5.0", "blocks": reply["blocks"]}, ephemeral=True)
    posts = await app.slack.wait_for("response_url", 2)
    visible = next(p for p in posts if p.args.get("response_type") == "in_channel")
    performance = kb.criterion("performance").name
    assert says(texts(visible.args), "comparison_title", criterion=performance)
    assert says(texts(visible.args), "shared_by", user="U0ALICE")


async def test_advisor_command_answers_privately(app: RunningApp) -> None:
    reply = await app.command("/advisor", "is django good for enterprise?")
    assert reply["response_type"] == "ephemeral"
    assert "enterprise" in json.dumps(reply["blocks"]).lower()
    assert "/compare" in json.dumps((await app.command("/advisor", "help"))["blocks"])


async def test_advisor_start_opens_a_dm_with_the_first_question(app: RunningApp) -> None:
    reply = await app.command("/advisor", "start")
    assert says(reply["text"], "advisor_in_dm")
    (opened,) = await app.slack.wait_for("conversations.open")
    assert opened.args["users"] == "U0ALICE"
    (post,) = await app.slack.wait_for("chat.postMessage")
    assert post.args["channel"] == "DU0ALICE"
    assert says(texts(post.args), "question_heading", number=1, total=9)


# --- App Home ----------------------------------------------------------------------


async def test_app_home_is_published(app: RunningApp) -> None:
    body = sr.event({"type": "app_home_opened", "user": "U0ALICE", "channel": "D0ALICE",
                     "tab": "home"})  # fmt: skip
    await app.send(body)
    (published,) = await app.slack.wait_for("views.publish")
    assert published.args["user_id"] == "U0ALICE"
    view = published.args["view"]
    assert view["type"] == "home"
    ids = {
        e["action_id"] for b in view["blocks"] for e in b.get("elements", []) if "action_id" in e
    }
    ids |= {b["accessory"]["action_id"] for b in view["blocks"] if "accessory" in b}
    assert "start_advisor" in ids and "compare_0" in ids


async def test_home_buttons_start_the_advisor_and_compare_in_a_dm(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    await app.click({"action_id": "start_advisor", "value": "start", "type": "button"}, "D0ALICE")
    (post,) = await app.slack.wait_for("chat.postMessage")
    assert says(texts(post.args), "question_heading", number=1, total=9)
    await app.click({"action_id": "compare_1", "value": "security", "type": "button"}, "D0ALICE")
    posts = await app.slack.wait_for("chat.postMessage", 2)
    security = kb.criterion("security").name
    assert says(texts(posts[-1].args), "comparison_title", criterion=security)


# --- metrics -----------------------------------------------------------------------


def metric(text: str, name: str) -> float:
    """The value of one sample line, e.g. 'advisor_answers_total{intent="security"}'."""
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


async def test_metrics_move_as_a_scripted_session_goes(app: RunningApp) -> None:
    await app.send(sr.mention("which is more secure?", ts="1.1"))
    await app.send(sr.mention("what's the weather in paris", ts="1.2"))
    await app.send(sr.mention(UNSURE_QUESTION, ts="1.3"))
    (ephemeral_a, ephemeral_b) = await app.slack.wait_for("chat.postEphemeral", 2)
    unsure = next(e for e in (ephemeral_a, ephemeral_b) if buttons(e.args))
    suggestion = buttons(unsure.args)[0]
    assert suggestion["action_id"].startswith("suggest_")
    clicked = suggestion["value"].split("|")[0]
    await app.click(suggestion, "C0GENERAL", {"ts": "1.4", "blocks": unsure.args["blocks"]}, True)
    await app.slack.wait_for("chat.postMessage", 2)  # the answers to the first and the click
    app.slack.fail_next("chat.postMessage", 500, times=3)  # one answer will fail to post
    await app.send(sr.mention("what is node?", ts="1.5"))
    await app.slack.wait_for("chat.postMessage:failed", 3, timeout=15)
    typed = ["recommend", "python", "no", "yes", "yes", "complex", "monolith", "moderate", "yes",
             "no"]  # fmt: skip
    for n, text in enumerate(typed):
        await app.send(sr.dm(text, ts=f"2.{n:02d}"))
    # Every answer arrives: the three answers to the mentions and click, and the DMs'.
    await app.slack.wait_for("chat.postMessage", 3 + len(typed), timeout=20)
    await app.slack.settle(0.5)
    async with app.http.get(f"{app.url}/metrics") as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain")
        text = await resp.text()
    secure = 1 + (clicked == "security")  # the first mention, and the click if it was that
    assert metric(text, 'advisor_answers_total{intent="security"}') == secure
    assert metric(text, f'advisor_answers_total{{intent="{clicked}"}}') >= 1  # the clicked one
    assert metric(text, "advisor_fallbacks_total") == 1
    assert metric(text, "advisor_did_you_mean_shown_total") == 1
    assert metric(text, "advisor_did_you_mean_clicked_total") == 1
    assert metric(text, "advisor_runs_started_total") == 1
    assert metric(text, 'advisor_runs_completed_total{outcome="django"}') == 1
    assert (
        metric(
            text, 'advisor_slack_api_errors_total{code="internal_error",method="chat.postMessage"}'
        )
        == 3  # three failed attempts, each retried by the outbox
    )
    assert metric(text, 'advisor_outbox_sent_total{method="chat.postMessage"}') == 3 + len(typed)
    assert metric(text, 'advisor_requests_total{kind="event",status="200"}') == 4 + len(typed)
    assert metric(text, 'advisor_requests_total{kind="action",status="200"}') == 1
    assert metric(text, "advisor_turn_seconds_count") == 4 + 1 + len(typed)  # mentions, click, DMs
    assert "U0ALICE" not in text and "paris" not in text  # no user ids, no message text
