"""Every button the app renders is claimed by a listener other than the catch-all, its
value survives the trip (encode, parse), and a value this version cannot read gets the
stale-button note instead of a guess."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.reply import Comparison, Home, Option, Progress, Reply
from bot.slack import buttons
from bot.slack.blocks import compare_message, message, with_button
from bot.slack.buttons import AnswerValue, QuestionValue, Rating
from bot.slack.deps import Deps
from bot.slack.home_view import home_view
from bot.slack.last_recommendation import LastRecommendation
from bot.slack.listeners import register_listeners
from bot.storage.memory_store import MemoryStore
from tests.test_slack_e2e import RunningApp, app, slack  # noqa: F401 (fixtures)


class Recorder:
    """Stands in for the Bolt app: records what each `app.action(...)` claims."""

    def __init__(self) -> None:
        self.claimed: list[str | re.Pattern[str]] = []

    def action(self, constraint: str | re.Pattern[str], **_: Any) -> Any:
        self.claimed.append(constraint)
        return lambda *args, **kwargs: None

    def __getattr__(self, name: str) -> Any:  # events, commands, views, the assistant...
        return lambda *args, **kwargs: lambda *a, **k: None


def claimed_by_a_listener(action_id: str, claimed: list[str | re.Pattern[str]]) -> bool:
    return any(
        c == action_id if isinstance(c, str) else c.search(action_id) is not None for c in claimed
    )


def action_ids(blocks: Any) -> Iterator[str]:
    if isinstance(blocks, dict):
        if "action_id" in blocks:
            yield blocks["action_id"]
        for value in blocks.values():
            yield from action_ids(value)
    elif isinstance(blocks, list):
        for item in blocks:
            yield from action_ids(item)


def every_surface(kb: KnowledgeBase, home: Home) -> list[dict[str, Any]]:
    """A reply of each kind, /compare, App Home and the shortcut's answer, rendered."""
    option = Option("Performance", "performance")
    words = kb.messages
    replies = [
        Reply("answer", intent="security", alternatives=(option,), related=(option,),
              rateable=True),
        Reply("suggestions", suggestions=(option, option)),
        Reply("question", question="realtime", options=(Option("Yes", "yes"),),
              progress=Progress(1, 8), controls=tuple(Option(c, c) for c in
              ("back", "skip", "why", "cancel", "decide"))),
        Reply("result", recommendation="node", changes=(Option("Team", "team_language"),),
              controls=(Option("Start over", "restart"), Option("Share", "share"))),
    ]  # fmt: skip
    comparison = Comparison("performance", "Performance", "n", "d", "node", "why")
    last = LastRecommendation("node", ("a reason",), 1.0, "D1", None)
    return [
        *(message(words, reply, "1.0") for reply in replies),
        compare_message(words, Reply("c", comparisons=(comparison,)), "performance"),
        home_view(home, last),
        with_button(message(words, replies[0]), "Share", buttons.SHARE_IN_THREAD, "{}"),
    ]


async def test_every_rendered_action_id_has_a_listener_other_than_the_catch_all(
    kb: KnowledgeBase,
) -> None:
    engine = Engine(kb, MemoryStore())
    recorder = Recorder()
    deps = Deps(engine, MemoryStore(), None, None, None, None)  # type: ignore[arg-type]
    register_listeners(recorder, deps)  # type: ignore[arg-type]  # only records
    rendered = {i for surface in every_surface(kb, engine.home()) for i in action_ids(surface)}
    assert len(rendered) > 15  # the reading sees the buttons
    orphans = {i for i in rendered if not claimed_by_a_listener(i, recorder.claimed)}
    assert orphans == set()
    assert not claimed_by_a_listener("gone_1", recorder.claimed)  # only the catch-all would


@pytest.mark.parametrize(
    "value",
    [QuestionValue("security", "1.2"), QuestionValue("security", None, "performance"),
     QuestionValue("security")],
)  # fmt: skip
def test_a_question_value_round_trips(value: QuestionValue) -> None:
    assert QuestionValue.parse(value.encode()) == value


def test_answer_and_rating_values_round_trip() -> None:
    answer = AnswerValue("team_language", "python")
    assert AnswerValue.parse(answer.encode()) == answer
    for up in (True, False):
        assert Rating.parse(buttons.FEEDBACK, Rating(up, "security").encode()) == Rating(
            up, "security"
        )


def test_values_posted_by_earlier_versions_are_read_or_refused() -> None:
    assert Rating.parse("feedback_up", "security") == Rating(True, "security")
    assert Rating.parse("feedback_down", "security") == Rating(False, "security")
    assert QuestionValue.parse("security|") == QuestionValue("security")
    for unreadable in ("", "security", "|1.2"):
        assert QuestionValue.parse(unreadable) is None
    for unreadable in ("", "python", "=python", "team_language="):
        assert AnswerValue.parse(unreadable) is None
    assert Rating.parse(buttons.FEEDBACK, "sideways|security") is None


@pytest.mark.parametrize(
    "action",
    [
        {"action_id": "answer_0", "value": "python"},  # no question: not this version's
        {"action_id": "suggest_0", "value": "security"},  # no thread part
        {"action_id": "control_dance", "value": "dance"},  # no such control
        {"action_id": "feedback", "value": "sideways|security"},
    ],
)
async def test_a_button_this_version_cannot_read_gets_the_stale_note(
    app: RunningApp,  # noqa: F811
    kb: KnowledgeBase,
    action: dict[str, Any],
) -> None:
    message = {"ts": "40.0", "text": "an old message", "blocks": []}
    assert await app.click(action, "D0ALICE", message) == 200
    (note,) = await app.slack.wait_for("response_url")
    assert note.args["text"] == kb.messages.text("stale_button")
    await app.slack.settle(0.3)
    assert app.slack.of("chat.postMessage") == []
    assert app.slack.of("chat.update") == []
