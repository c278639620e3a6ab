"""One path: `advisor ask` answers through the engine, as the first message of a fresh
conversation, so it says what `advisor chat` (and Slack) would say to the same message;
a message that describes the project and asks something specific gets that answer, then
an offer to tailor the pick; the advisor starts on its own only when asked for a pick."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine import Engine
from tests.conftest import run_advisor
from tests.said import advisor_option, says
from tests.test_conversation import engine, say

__all__ = ["engine"]  # the fixture

# Each describes the project and asks one specific thing (in our own words).
SPECIFIC_WITH_CONTEXT = [
    (
        "we're a two-person agency building shops for clients, our devs know python; "
        "which one has the better built-in admin?",
        "admin_panel",
    ),
    (
        "We are a team of six JavaScript developers building a marketplace with an admin "
        "back office. Is Node faster than Django under heavy load?",
        "performance",
    ),
]
PICK_WITH_CONTEXT = (
    "we're a python team building a data heavy portal with an admin panel and lots of "
    "relations, what would you pick?"
)


@pytest.mark.parametrize(
    "message",
    [SPECIFIC_WITH_CONTEXT[0][0], PICK_WITH_CONTEXT, "is node faster?", "tell me a joke"],
)
def test_ask_and_chat_answer_the_same_first_message_the_same_way(message: str) -> None:
    asked = json.loads(run_advisor("ask", message, "--json").stdout)
    chatted = json.loads(run_advisor("chat", "--json", stdin=message + "\n").stdout)
    assert asked == chatted


def test_ask_reports_start_advisor_when_the_engine_starts_it() -> None:
    reply = json.loads(run_advisor("ask", PICK_WITH_CONTEXT, "--json").stdout)
    assert reply["intent"] == "start_advisor"
    assert reply["answers"]["team_language"] == "python"
    assert reply["question"] is not None  # the advisor asks what the message left open


@pytest.mark.parametrize(("message", "intent"), SPECIFIC_WITH_CONTEXT)
async def test_a_described_project_with_a_specific_question_gets_that_answer(
    engine: Engine, message: str, intent: str
) -> None:
    reply = await say(engine, message)
    assert reply.intent == intent
    assert reply.question is None  # the advisor did not start
    assert says(reply.text, "tailor_offer")
    assert reply.related[0].value == "start_advisor"


async def test_the_tailored_pick_starts_from_what_was_noted(engine: Engine) -> None:
    first = await say(engine, SPECIFIC_WITH_CONTEXT[0][0])
    assert says(first.text, "tailor_offer")
    assert advisor_option("team_language", "python").understood in first.text
    started = await say(engine, "recommend")
    assert started.intent == "start_advisor"
    assert dict(started.answers)["team_language"] == "python"
    assert started.question != "team_language"  # what was noted is not asked again


async def test_a_described_project_asking_for_a_pick_starts_the_advisor(engine: Engine) -> None:
    reply = await say(engine, PICK_WITH_CONTEXT)
    assert reply.intent == "start_advisor"
    assert dict(reply.answers)["admin_panel"] == "yes"


def test_the_terminal_chat_feeds_kb_gaps_and_ask_records_nothing(tmp_path: Path) -> None:
    env = {"ADVISOR_STATE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}"}
    unanswered = "how do i tile my bathroom floor"
    run_advisor("ask", "how do i repaint the garage door", env=env)
    assert "garage" not in run_advisor("kb", "gaps", "--json", env=env).stdout
    chatted = run_advisor("chat", "--json", "--session", "t", stdin=unanswered + "\n", env=env)
    assert json.loads(chatted.stdout)["intent"] is None
    gaps = json.loads(run_advisor("kb", "gaps", "--json", env=env).stdout)
    assert [c["example"] for c in gaps["unanswered"]] == [unanswered]
