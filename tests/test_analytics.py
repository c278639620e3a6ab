"""Content analytics: unanswered questions and votes are recorded without user ids, and
`advisor kb gaps` turns them into a to-do list for authors."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from bot.content.model import KnowledgeBase
from bot.dialogue.answers import answer_intent, reply_for_match
from bot.ops import analytics
from bot.slack.config import read_config
from bot.slack.serve import Runtime, start_http
from bot.understanding.matcher import IntentMatcher
from tests import slack_requests as sr
from tests.conftest import UNSURE_BETWEEN, UNSURE_QUESTION, Probable, run_advisor
from tests.fake_slack import FakeSlack

FORM = "application/x-www-form-urlencoded"


def test_only_unanswered_questions_are_recorded(kb: KnowledgeBase, matcher: IntentMatcher) -> None:
    answered = answer_intent(kb, "performance")
    assert analytics.unanswered_item("is node faster?", answered, 1.0) is None
    declined = reply_for_match(kb, matcher.match("what's the weather in paris"))
    item = json.loads(
        analytics.unanswered_item("<@U0ALICE> what's the weather in paris", declined, 2.0) or ""
    )
    assert item == {"text": "what's the weather in paris", "at": 2.0, "outcome": "out_of_scope",
                    "candidates": []}  # fmt: skip
    unsure = reply_for_match(kb, matcher.match(UNSURE_QUESTION))
    item = json.loads(analytics.unanswered_item(UNSURE_QUESTION, unsure, 3.0) or "")
    assert item["outcome"] == "unsure" and set(UNSURE_BETWEEN) <= set(item["candidates"])


def test_similar_questions_cluster_together(kb: KnowledgeBase) -> None:
    asked = ["does django support graphql", "Django GraphQL support?", "graphql with django?",
             "can node do cron jobs", "what's the weather"]  # fmt: skip
    questions = [analytics.Unanswered(t, float(n), "out_of_scope", ()) for n, t in enumerate(asked)]
    clusters = analytics.cluster(questions, kb.normaliser, kb.settings.fuzzy.same_question)
    assert clusters[0].count == 3 and "graphql" in clusters[0].example.lower()
    assert [c.count for c in clusters] == [3, 1, 1]


def test_feedback_ranks_the_most_disliked_first() -> None:
    votes = [json.dumps({"intent": i, "up": up, "at": 10.0}) for i, up in
             [("security", False), ("security", False), ("security", True), ("performance", True),
              ("realtime", False)]]  # fmt: skip
    ranked = analytics.feedback([*votes, "not json"], since=0.0)
    assert [(f.intent, f.down, f.up) for f in ranked] == [
        ("security", 2, 1), ("realtime", 1, 0), ("performance", 0, 1)]  # fmt: skip
    assert analytics.feedback(votes, since=20.0) == []  # older than the window


async def test_slack_usage_feeds_kb_gaps(
    kb: KnowledgeBase, tmp_path: Path, probable: Probable
) -> None:
    slack = await FakeSlack().start()
    state = f"sqlite:///{tmp_path / 'state.sqlite3'}"
    env = {"SLACK_BOT_TOKEN": "xoxb-t", "SLACK_SIGNING_SECRET": sr.SECRET,
           "SLACK_API_URL": f"{slack.url}/api/", "ADVISOR_STATE_URL": state}  # fmt: skip
    runtime = Runtime(kb, env, read_config(env, "http", 0))
    runner = await start_http(runtime, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    url = f"http://{host}:{port}"
    try:
        async with aiohttp.ClientSession() as http:

            async def send(body: str, content_type: str = "application/json") -> None:
                assert await sr.post_signed(http, url, body, content_type) == 200

            for n, text in enumerate(["does django support graphql?", "django graphql support",
                                      "is node faster?"]):  # fmt: skip
                await send(sr.mention(text, ts=f"{n}.0"))
            (answer,) = await slack.wait_for("chat.postMessage")
            feedback = next(
                e for b in answer.args["blocks"] if b.get("type") == "context_actions"
                for e in b["elements"] if e["type"] == "feedback_buttons"
            )  # fmt: skip
            # What Slack sends when the negative one of its feedback buttons is pressed.
            thumbs_down = {"type": "feedback_buttons", "action_id": feedback["action_id"],
                           "value": feedback["negative_button"]["value"]}  # fmt: skip
            message = {"ts": "9.0", "blocks": answer.args["blocks"]}
            for _ in range(2):  # the same person twice: one vote
                await send(sr.block_action(thumbs_down, "C0GENERAL", message,
                                           f"{slack.url}/response/1"), FORM)  # fmt: skip
            await slack.wait_for("response_url")
            # A probable answer, corrected with its "Not quite?" alternative.
            await send(sr.mention(probable.question, ts="20.0"))
            *_, posted = await slack.wait_for("chat.postMessage", 2)
            alternative = next(
                e for b in posted.args["blocks"] if b["type"] == "actions"
                for e in b["elements"] if e["action_id"].startswith("alt_")
            )  # fmt: skip
            message = {"ts": "21.0", "blocks": posted.args["blocks"]}
            await send(sr.block_action(alternative, "C0GENERAL", message, ""), FORM)
            await slack.wait_for("chat.postMessage", 3)
            await slack.settle(0.3)
    finally:
        await runner.cleanup()
        await runtime.close()
        await slack.stop()
    result = run_advisor("kb", "gaps", "--since", "1", "--json", env={"ADVISOR_STATE_URL": state})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["unanswered"][0]["count"] == 2
    assert "graphql" in report["unanswered"][0]["example"].lower()
    assert report["feedback"] == [{"intent": "performance", "up": 0, "down": 1}]
    assert report["confusions"] == [
        {"answered": probable.answered, "wanted": probable.alternatives[0], "count": 1}
    ]
    assert "U0ALICE" not in result.stdout  # no user ids anywhere
    text = run_advisor("kb", "gaps", env={"ADVISOR_STATE_URL": state})
    assert "Unanswered questions in the last 30 day(s)" in text.stdout
    assert "   1 / 0    performance" in text.stdout
    assert f"1  {probable.answered} -> {probable.alternatives[0]}" in text.stdout


def test_kb_gaps_with_nothing_recorded(tmp_path: Path) -> None:
    result = run_advisor("kb", "gaps", env={"ADVISOR_STATE_URL": f"sqlite:///{tmp_path / 's.db'}"})
    assert result.returncode == 0 and "(none)" in result.stdout and "(no votes)" in result.stdout
    assert run_advisor("kb", "gaps", "--since", "0").returncode == 2
