"""Mentioned in a channel thread for a recommendation, the assistant reads the thread
(conversations.replies through the fake Web API) and answers there: signed requests to
the running app, threads played as Slack pages them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.base.sides import Recommendation
from bot.content.model import KnowledgeBase
from tests import slack_payloads as sp
from tests import slack_requests as sr
from tests.fake_slack import FakeSlack
from tests.said import advisor_option, advisor_question, named, says
from tests.test_slack_e2e import (
    FORM,
    RunningApp,
    app,
    buttons,
    deployed_env,
    running,
    slack,
    texts,
)

__all__ = ["app", "slack"]
CHANNEL = "C0BACKEND"
ASK = "given all this, node or django?"

THREADS = {
    "node": [
        ("U0ANA", "Our whole team writes JavaScript, React on the front end and Express"),
        ("U0BEN", "Customers want live updates on their orders, so realtime is core"),
        ("U0CAT", "We expect lots of concurrent connections from the mobile app"),
        ("U0ANA", "And we don't need an admin panel, ops use the CLI"),
    ],
    "django": [
        ("U0ANA", "We're a Python shop, everyone here knows Django"),
        ("U0BEN", "The ops people need an admin panel to manage the catalogue"),
        ("U0CAT", "We handle medical records, so sensitive data and compliance matter"),
        ("U0BEN", "No realtime features needed, it's forms and reports"),
    ],
    "both": [
        ("U0ANA", "The team knows both languages, half JS and half Python"),
        ("U0BEN", "Customers want live chat with the support agents"),
        ("U0CAT", "Ops need an admin panel to manage accounts and refunds"),
    ],
}


def said(user: str, text: str, ts: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": user, "text": text, "ts": ts, "team": sr.TEAM, **extra}


def thread(slack: FakeSlack, lines: list[tuple[str, str]], start: int = 100) -> str:
    """A thread of human messages one second apart (its parent first); its ts."""
    return slack.add_thread(
        CHANNEL, [said(user, text, f"{start + n}.000100") for n, (user, text) in enumerate(lines)]
    )


async def ask(app: RunningApp, thread_ts: str, text: str = ASK, ts: str = "900.000100") -> None:
    """Mention the assistant in the thread (the mention is the thread's latest message)."""
    app.slack.threads[f"{CHANNEL}:{thread_ts}"].append(
        said("U0ALICE", f"<@UBOT> {text}", ts, thread_ts=thread_ts)
    )
    status, _ = await app.send(sr.mention(text, ts=ts, thread_ts=thread_ts, channel=CHANNEL))
    assert status == 200


async def click(
    app: RunningApp, post: dict[str, Any], value_end: str, thread_ts: str, user: str = "U0BEN"
) -> None:
    """`user` (by default not the one who asked) presses the advisor button whose value
    ends with `value_end`: anyone in the thread may answer."""
    button = next(b for b in buttons(post) if str(b.get("value", "")).endswith(value_end))
    element = {"action_ts": "1.0", "block_id": "b", **button}
    message = {"ts": f"{len(app.slack.calls)}.5", "thread_ts": thread_ts, "blocks": post["blocks"]}
    payload = sp.block_actions_on_message(
        element, channel=CHANNEL, message=message, response_url=f"{app.slack.url}/response/1",
        user=user,
    )  # fmt: skip
    status, _ = await app.send(sp.as_form_body(payload), FORM)
    assert status == 200


def in_thread(slack: FakeSlack, thread_ts: str) -> list[dict[str, Any]]:
    return [c.args for c in slack.of("chat.postMessage") if c.args.get("thread_ts") == thread_ts]


@pytest.mark.parametrize(
    ("outcome", "asking"),
    [("node", ASK), ("django", "based on this thread"), ("both", "so, node or django?")],
)
async def test_a_thread_leads_to_its_outcome_in_the_thread(
    app: RunningApp, outcome: Recommendation, asking: str
) -> None:
    thread_ts = thread(app.slack, THREADS[outcome])
    await ask(app, thread_ts, asking)
    (post,) = [c.args for c in await app.slack.wait_for("chat.postMessage")]
    await app.slack.settle(0.2)
    assert post["thread_ts"] == thread_ts  # public, in the thread
    shown = texts(post)
    assert says(shown, "thread_read")
    assert says(shown, "recommend", outcome=named(outcome))
    for user, _ in THREADS[outcome]:
        assert user not in shown  # what it understood, without naming people
    actions = {e.get("action_id") for b in post["blocks"] for e in b.get("elements", [])}
    assert {"change_answer", "share_result"} <= actions  # "Change an answer" and "Share"
    assert not app.slack.of("chat.postEphemeral")
    assert len(app.slack.of("conversations.replies")) == 1  # a short thread: one request


async def test_change_an_answer_works_in_the_thread(app: RunningApp) -> None:
    thread_ts = thread(app.slack, THREADS["node"])
    await ask(app, thread_ts)
    (result,) = [c.args for c in await app.slack.wait_for("chat.postMessage")]
    change = {"type": "static_select", "action_id": "change_answer",
              "selected_option": {"text": {"type": "plain_text", "text": "Team language"},
                                  "value": "team_language"}}  # fmt: skip
    message = {"ts": "901.0", "thread_ts": thread_ts, "blocks": result["blocks"]}
    assert await app.click(change, CHANNEL, message) == 200
    posts = await app.slack.wait_for("chat.postMessage", 2)
    assert posts[1].args["thread_ts"] == thread_ts
    await click(app, posts[1].args, "=python", thread_ts)
    posts = await app.slack.wait_for("chat.postMessage", 3)
    assert says(texts(posts[2].args), "recommend") and posts[2].args["thread_ts"] == thread_ts


async def test_a_disagreement_is_asked_not_settled_by_the_first_speaker(app: RunningApp) -> None:
    thread_ts = thread(
        app.slack,
        [
            ("U0ANA", "We're a Python shop, everyone writes Python here"),
            ("U0BEN", "Actually half of us write TypeScript these days"),
            ("U0CAT", "Customers want live updates on their orders"),
            ("U0CAT", "and the ops people need an admin panel for refunds"),
        ],
    )
    await ask(app, thread_ts)
    (post,) = [c.args for c in await app.slack.wait_for("chat.postMessage")]
    shown = texts(post)
    assert says(shown, "thread_disagrees", titles=advisor_question("team_language").title.lower())
    for side in ("python", "javascript"):  # neither speaker's answer is taken
        assert advisor_option("team_language", side).understood not in shown
    values = [b["value"] for b in buttons(post) if b["action_id"].startswith("answer_")]
    assert values and all(v.startswith("team_language=") for v in values)
    await click(app, post, "=javascript", thread_ts)  # someone else in the thread answers
    posts = await app.slack.wait_for("chat.postMessage", 2)
    assert posts[1].args["thread_ts"] == thread_ts
    assert says(texts(posts[1].args), "recommend")


# An answer to each question that leans to Node.js (or at least not to Django).
TOWARD_NODE = {"team_language": "javascript", "realtime": "yes", "sensitive_data": "no",
               "admin_panel": "no", "data_science": "no", "data_model": "simple",
               "architecture": "microservices", "concurrency": "high",
               "time_to_market": "no"}  # fmt: skip


def noisy(start: int) -> list[dict[str, Any]]:
    """A real thread's noise: a join, a bot, an edit, a file, code, a link and emoji."""
    return [
        said("U0ANA", "Backend for the new portal :thinking_face:", f"{start}.000100"),
        said("U0DAN", "<@U0DAN> has joined the channel", f"{start + 1}.000100",
             subtype="channel_join"),
        {"type": "message", "subtype": "bot_message", "bot_id": "B0CI", "ts": f"{start + 2}.0001",
         "text": "Our team writes Python and we need an admin panel and realtime chat"},
        said("U0BEN", "see <https://example.com/django-vs-node|this article> :eyes:",
             f"{start + 3}.000100", edited={"user": "U0BEN", "ts": f"{start + 4}.0"}),
        said("U0CAT", "```our team writes python, realtime chat, admin panel```",
             f"{start + 5}.000100"),
        said("U0DAN", "", f"{start + 6}.000100", subtype="file_share",
             files=[{"id": "F1", "name": "diagram.png"}]),
    ]  # fmt: skip


async def test_nothing_to_go_on_asks_at_most_three_questions(app: RunningApp) -> None:
    thread_ts = app.slack.add_thread(CHANNEL, noisy(100))
    await ask(app, thread_ts)
    posts = [c.args for c in await app.slack.wait_for("chat.postMessage")]
    assert says(texts(posts[0]), "thread_nothing")
    assert says(texts(posts[0]), "question_heading", number=1, total=3)
    for n, user in enumerate(["U0BEN", "U0CAT", "U0DAN"]):  # anyone in the thread answers
        asked = next(b["value"] for b in buttons(posts[n]) if b["action_id"] == "answer_0")
        question = asked.partition("=")[0]
        await click(app, posts[n], f"{question}={TOWARD_NODE[question]}", thread_ts, user)
        posts = [c.args for c in await app.slack.wait_for("chat.postMessage", n + 2)]
    assert says(texts(posts[1]), "question_heading", number=2, total=3)
    assert says(texts(posts[2]), "question_heading", number=3, total=3)
    assert says(texts(posts[3]), "recommend", outcome=named("node"))
    assert all(p["thread_ts"] == thread_ts for p in posts)


async def test_a_huge_thread_keeps_its_newest_messages_and_says_it_was_cut(
    app: RunningApp,
) -> None:
    old = [("U0ANA", f"We're a Python shop, message {n}") for n in range(300)]
    new = [("U0BEN", f"Our team writes JavaScript now, note {n}") for n in range(250)]
    thread_ts = thread(app.slack, old + new)
    await ask(app, thread_ts, ts="5000.000100")
    (post,) = [c.args for c in await app.slack.wait_for("chat.postMessage", timeout=20)]
    shown = texts(post)
    assert says(shown, "thread_cut_short")
    assert advisor_option("team_language", "javascript").understood in shown  # the newest messages
    pages = app.slack.of("conversations.replies")
    assert all(int(p.args["limit"]) <= 200 for p in pages) and len(pages) <= 10


async def test_a_rate_limited_thread_uses_what_was_read(app: RunningApp) -> None:
    app.slack.replies_page, app.slack.replies_quota = 15, 1  # a non-Marketplace app
    lines = [("U0ANA", "The ops people need an admin panel")] + [
        ("U0BEN", f"Customers want live updates, point {n}") for n in range(30)
    ]
    thread_ts = thread(app.slack, lines)
    await ask(app, thread_ts)
    (post,) = [c.args for c in await app.slack.wait_for("chat.postMessage", timeout=20)]
    shown = texts(post)
    assert (
        says(shown, "thread_cut_short") and advisor_option("admin_panel", "yes").understood in shown
    )
    assert len(app.slack.of("conversations.replies")) == 1  # Retry-After 60: not waited for
    assert len(app.slack.of("conversations.replies:failed")) == 1


async def test_a_short_retry_after_is_honoured(app: RunningApp) -> None:
    thread_ts = thread(app.slack, THREADS["django"])
    app.slack.fail_next("conversations.replies", 429, retry_after=1)
    await ask(app, thread_ts)
    posts = await app.slack.wait_for("chat.postMessage", timeout=20)
    await app.slack.settle(0.2)
    shown = texts(posts[-1].args)
    assert says(shown, "recommend", outcome=named("django"))
    assert not says(shown, "thread_cut_short")


async def test_a_slow_read_posts_one_note_and_replaces_it(app: RunningApp) -> None:
    thread_ts = thread(app.slack, THREADS["node"])
    app.slack.delays["conversations.replies"] = 2.5
    await ask(app, thread_ts)
    (note,) = await app.slack.wait_for("chat.postMessage")
    assert says(note.args["text"], "thread_reading")  # within 2 s (before the read ends)
    assert not app.slack.of("conversations.replies")
    (update,) = await app.slack.wait_for("chat.update", timeout=10)
    await app.slack.settle(0.3)
    assert update.args["channel"] == CHANNEL
    assert says(texts(update.args), "recommend", outcome=named("node"))
    assert len(app.slack.of("chat.postMessage")) == 1  # answered once, in place


async def test_without_the_history_scope_it_answers_the_mention_and_says_how(
    app: RunningApp,
) -> None:
    app.slack.history_scope = False
    thread_ts = thread(app.slack, THREADS["django"])
    await ask(app, thread_ts)
    posts = await app.slack.wait_for("chat.postMessage")
    await app.slack.settle(0.2)
    shown = texts(posts[0].args)
    assert says(shown, "thread_no_access") and not says(shown, "thread_read")
    assert posts[0].args["thread_ts"] == thread_ts


async def test_the_same_words_at_the_top_level_read_no_thread(app: RunningApp) -> None:
    status, _ = await app.send(sr.mention(ASK, ts="950.000100", channel=CHANNEL))
    assert status == 200
    (post,) = await app.slack.wait_for("chat.postMessage")
    await app.slack.settle(0.2)
    assert not app.slack.of("conversations.replies")
    assert not says(texts(post.args), "thread_read")


async def test_a_question_in_a_thread_is_answered_without_reading_it(app: RunningApp) -> None:
    thread_ts = thread(app.slack, THREADS["django"])
    await ask(app, thread_ts, text="is node faster?")
    (post,) = await app.slack.wait_for("chat.postMessage")
    await app.slack.settle(0.2)
    assert not app.slack.of("conversations.replies")
    assert not says(json.dumps(post.args), "thread_read")


def shortcut_on(thread_ts: str, text: str, replies: int, response_url: str) -> str:
    """ "Ask the advisor" on a thread's parent message, which has `replies` replies."""
    asked = {"user": "U0ANA", "text": text, "ts": thread_ts, "thread_ts": thread_ts,
             "reply_count": replies, "team": sr.TEAM}  # fmt: skip
    payload = sp.message_shortcut("ask_advisor", asked, response_url, channel=CHANNEL)
    return sp.as_form_body(payload)


async def test_the_shortcut_on_a_discussion_reads_it_and_answers_privately(
    app: RunningApp,
) -> None:
    lines = [("U0ANA", "Backend for the clinic portal: node or django?"), *THREADS["django"]]
    thread_ts = thread(app.slack, lines)
    body = shortcut_on(thread_ts, lines[0][1], len(lines) - 1, f"{app.slack.url}/response/9")
    assert (await app.send(body, FORM))[0] == 200
    (private,) = await app.slack.wait_for("response_url")
    assert private.args["response_type"] == "ephemeral"
    shown = texts(private.args)
    assert says(shown, "thread_read")
    assert says(shown, "recommend", outcome=named("django"))
    ids = {b["action_id"] for b in buttons(private.args)}
    assert ids == {"share_in_thread"}  # no selects only a shared message could take
    assert not app.slack.of("chat.postMessage")  # nobody else saw anything
    (read,) = app.slack.of("conversations.replies")
    assert "latest" not in read.args  # the whole thread, replies after the message too
    share = next(b for b in buttons(private.args) if b["action_id"] == "share_in_thread")
    await app.click(share, CHANNEL, None, ephemeral=True)
    (shared,) = await app.slack.wait_for("chat.postMessage")
    assert shared.args["thread_ts"] == thread_ts
    assert says(texts(shared.args), "recommend", outcome=named("django"))
    _, done = await app.slack.wait_for("response_url", 2)
    assert done.args.get("replace_original") is True


async def test_the_shortcut_on_a_message_without_replies_reads_nothing(app: RunningApp) -> None:
    body = sr.message_shortcut(ASK, ts="720.0", response_url=f"{app.slack.url}/response/9")
    assert (await app.send(body, FORM))[0] == 200
    (private,) = await app.slack.wait_for("response_url")
    assert not app.slack.of("conversations.replies")
    assert not says(texts(private.args), "thread_read")


async def test_on_redis_the_thread_is_asked_and_answered_in_it(
    slack: FakeSlack, kb: KnowledgeBase, tmp_path: Path, redis_url: str
) -> None:
    async with running(kb, slack, deployed_env(slack, tmp_path, redis_url)) as on_redis:
        thread_ts = thread(slack, [("U0ANA", "We're a Python shop, everyone writes Python"),
                                   ("U0BEN", "Actually half of us write TypeScript")])  # fmt: skip
        await ask(on_redis, thread_ts)
        posts = [c.args for c in await slack.wait_for("chat.postMessage")]
        assert "team_language=" in json.dumps(buttons(posts[0]))
        while not says(texts(posts[-1]), "recommend"):
            assert len(posts) <= 1 + 3  # at most three questions
            first = next(b for b in buttons(posts[-1]) if b["action_id"] == "answer_0")
            await click(on_redis, posts[-1], first["value"], thread_ts)
            posts = [c.args for c in await slack.wait_for("chat.postMessage", len(posts) + 1)]
        assert all(p["thread_ts"] == thread_ts for p in posts)


async def test_a_slack_too_slow_to_answer_is_a_cut_read_not_a_wait(
    app: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.slack.thread_reader.READ_BUDGET_S", 2.0)
    thread_ts = thread(app.slack, THREADS["node"])
    app.slack.delays["conversations.replies"] = 6.0
    await ask(app, thread_ts)
    (note,) = await app.slack.wait_for("chat.postMessage")
    assert says(note.args["text"], "thread_reading")
    (update,) = await app.slack.wait_for("chat.update", timeout=5)  # before Slack answers
    shown = texts(update.args)
    assert says(shown, "thread_cut_short") and says(shown, "question_heading", number=1)
