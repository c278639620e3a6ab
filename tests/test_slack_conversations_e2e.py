"""Conversations in Slack, end to end: signed events and clicks sent to the running app,
replies read from the fake Web API. Described projects in a DM and in a channel
thread, follow-ups that switch side, numbers, and framed answers."""

from __future__ import annotations

from typing import Any

from bot.content.model import KnowledgeBase
from bot.reply import plain_text
from tests import slack_requests as sr
from tests.project_descriptions import GAME, HOSPITAL, TRADING, DescribedProject
from tests.said import answered, echoes, named, says
from tests.test_slack_e2e import RunningApp, app, buttons, first_line, slack, texts

__all__ = ["app", "slack"]  # the running app and fake Slack fixtures, shared


def answer_buttons(post: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for b in buttons(post) if b["action_id"].startswith("answer_")]


async def answer_open_questions(
    app: RunningApp, project: DescribedProject, channel: str, thread: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Click the project's answer to each question asked; the last post and the questions."""
    asked: list[str] = []
    posts = await app.slack.wait_for("chat.postMessage")
    for step in range(1, 9):  # bounded: never more questions than the advisor has
        post = posts[-1].args
        options = answer_buttons(post)
        if not options:
            return post, asked
        question = options[0]["value"].split("=")[0]
        asked.append(question)
        pick = next(b for b in options if b["value"] == f"{question}={project.then[question]}")
        message = {"ts": f"8{step}.0", "blocks": post["blocks"], "thread_ts": thread}
        assert await app.click(pick, channel, message) == 200
        posts = await app.slack.wait_for("chat.postMessage", len(posts) + 1)
    raise AssertionError("the advisor kept asking")


# --- described projects ------------------------------------------------------------------


async def test_a_project_described_in_a_dm(app: RunningApp, kb: KnowledgeBase) -> None:
    await app.send(sr.dm(HOSPITAL.text, ts="10.0"))
    (first,) = await app.slack.wait_for("chat.postMessage")
    shown = texts(first.args)
    assert echoes(shown, HOSPITAL.read)
    assert says(shown, "question_heading", number=1, total=3)
    controls = {b["action_id"] for b in buttons(first.args)}
    assert {"control_skip", "control_decide"} <= controls
    decide = next(b for b in buttons(first.args) if b["action_id"] == "control_decide")
    assert decide["text"]["text"] == kb.messages.text("control_decide")
    result, asked = await answer_open_questions(app, HOSPITAL, "D0ALICE")
    assert asked == list(HOSPITAL.then) and len(asked) <= 3
    assert says(texts(result), "recommend", outcome=named("django"))
    assert says(texts(result), "would_change") or says(texts(result), "solid")


async def test_a_project_described_in_a_channel_thread(app: RunningApp) -> None:
    await app.send(sr.mention(TRADING.text, ts="20.0"))
    (first,) = await app.slack.wait_for("chat.postMessage")
    assert first.args["thread_ts"] == "20.0" and first.args["channel"] == "C0GENERAL"
    assert echoes(texts(first.args), {"team_language": "both"})
    result, asked = await answer_open_questions(app, TRADING, "C0GENERAL", thread="20.0")
    assert len(asked) <= 3
    assert says(texts(result), "recommend", outcome=named("both"))
    posts = app.slack.of("chat.postMessage")
    assert {p.args["thread_ts"] for p in posts} == {"20.0"}  # all in the thread
    assert not app.slack.of("chat.postEphemeral")


async def test_typed_answers_in_a_thread_after_a_description(app: RunningApp) -> None:
    await app.send(sr.mention(GAME.text, ts="30.0"))
    await app.slack.wait_for("chat.postMessage")
    for n, typed in enumerate(("nothing sensitive", "simple", "no rush")):
        await app.send(sr.mention(typed, ts=f"30.{n + 1}", thread_ts="30.0"))
        await app.slack.wait_for("chat.postMessage", n + 2)
    last = app.slack.of("chat.postMessage")[-1].args
    assert last["thread_ts"] == "30.0"
    assert says(texts(last), "recommend", outcome=named("node"))


async def test_decide_with_what_you_know_button(app: RunningApp) -> None:
    await app.send(sr.dm(GAME.text, ts="40.0"))
    (first,) = await app.slack.wait_for("chat.postMessage")
    decide = next(b for b in buttons(first.args) if b["action_id"] == "control_decide")
    await app.click(decide, "D0ALICE", {"ts": "40.5", "blocks": first.args["blocks"]})
    posts = await app.slack.wait_for("chat.postMessage", 2)
    assert says(texts(posts[-1].args), "recommend", outcome=named("node"))
    (update,) = await app.slack.wait_for("chat.update")
    assert not any(b["type"] == "actions" for b in update.args["blocks"])


# --- follow-ups, numbers, framing ------------------------------------------------------------


async def test_follow_ups_in_a_thread_switch_side(app: RunningApp, kb: KnowledgeBase) -> None:
    await app.send(sr.mention("what about security?", ts="50.0"))
    await app.slack.wait_for("chat.postMessage")
    await app.send(sr.mention("and django?", ts="50.1", thread_ts="50.0"))
    _, django = await app.slack.wait_for("chat.postMessage", 2)
    assert kb.criterion("security").django in texts(django.args)
    await app.send(sr.mention("does django scale", ts="51.0"))
    await app.slack.wait_for("chat.postMessage", 3)
    await app.send(sr.mention("what about node", ts="51.1", thread_ts="51.0"))
    node = (await app.slack.wait_for("chat.postMessage", 4))[-1]
    assert node.args["thread_ts"] == "51.0"
    assert kb.criterion("scalability").node in texts(node.args)
    assert first_line(kb, "what_is_node") not in texts(node.args)  # not "what is Node"


async def test_out_of_range_number_in_a_thread_says_which_are_valid(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    await app.send(sr.mention("is node faster?", ts="60.0"))
    await app.slack.wait_for("chat.postMessage")
    await app.send(sr.mention("7", ts="60.1", thread_ts="60.0"))
    (private,) = await app.slack.wait_for("chat.postEphemeral")
    assert private.args["user"] == "U0ALICE"
    assert says(texts(private.args), "pick_a_number", count=3)
    assert not says(texts(private.args), "fallback")
    await app.send(sr.mention("2", ts="60.2", thread_ts="60.0"))
    posts = await app.slack.wait_for("chat.postMessage", 2)
    assert answered(texts(posts[-1].args), "realtime")


async def test_out_of_range_number_during_the_advisor_in_a_dm(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    await app.send(sr.dm("recommend", ts="70.0"))
    await app.slack.wait_for("chat.postMessage")
    await app.send(sr.dm("9", ts="70.1"))
    posts = await app.slack.wait_for("chat.postMessage", 2)
    assert says(texts(posts[-1].args), "pick_an_option", count=4)
    total = len(kb.questionnaire.questions)
    assert says(texts(posts[-1].args), "question_heading", number=1, total=total)


async def test_an_answer_framed_for_the_side_asked_about(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    await app.send(sr.dm("does node have an admin panel", ts="80.0"))
    (post,) = await app.slack.wait_for("chat.postMessage")
    opening = kb.intent("admin_panel").opening("node")  # the line for the side asked about
    assert opening is not None and post.args["text"].startswith(plain_text(opening))
    await app.send(sr.dm("tell me more", ts="80.1"))
    more = (await app.slack.wait_for("chat.postMessage", 2))[-1]
    assert more.args["text"].count("\n") == 0
    assert says(more.args["text"], "nothing_more")
