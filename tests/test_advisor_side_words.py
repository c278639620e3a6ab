"""Words said around the advisor that are not answers: "why?" after the result, "bye" or
"change X" while a question waits, quantities typed as answers. Through the engine
with the default store (a SQLite file), as the terminal and Slack run it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.base.intents import THANKS
from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.reply import Reply, Turn
from bot.storage.factory import open_store
from bot.understanding.matcher import IntentMatcher

KEY = "T1:D1:dm"


@pytest.fixture
def engine(kb: KnowledgeBase, matcher: IntentMatcher, tmp_path: Path) -> Engine:
    store = open_store({"ADVISOR_STATE_URL": f"sqlite:///{tmp_path / 'state.db'}"})
    return Engine(kb, store, matcher)


async def say(engine: Engine, *texts: str) -> Reply:
    reply = Reply(text="")
    for text in texts:
        reply = await engine.handle(KEY, Turn(text=text))
    return reply


async def finish_advisor(engine: Engine) -> Reply:
    reply = await say(engine, "help me choose")
    while reply.question is not None:
        reply = await say(engine, "1")
    assert reply.recommendation is not None
    return reply


@pytest.mark.parametrize("asked", ["why?", "tell me more"])
async def test_why_right_after_the_result_gives_the_results_reasons(
    engine: Engine, asked: str
) -> None:
    result = await finish_advisor(engine)
    again = await say(engine, asked)
    assert again.recommendation == result.recommendation
    assert again.reasons == result.reasons and again.reasons


async def test_why_after_a_question_asked_after_the_result_is_about_that_answer(
    engine: Engine,
) -> None:
    await finish_advisor(engine)
    answered = await say(engine, "is node faster?")
    more = await say(engine, "why?")
    assert more.intent == answered.intent == "performance"
    assert more.recommendation is None


async def test_a_faq_answered_before_the_advisor_is_not_what_why_means_after_it(
    engine: Engine,
) -> None:
    await say(engine, "is node faster?")
    result = await finish_advisor(engine)
    again = await say(engine, "why?")
    assert again.recommendation == result.recommendation


async def test_bye_mid_advisor_says_goodbye_and_keeps_the_pending_question(
    engine: Engine,
) -> None:
    first = await say(engine, "help me choose")
    second = await say(engine, "1")
    bye = await say(engine, "bye")
    assert bye.intent == THANKS and bye.question is None
    back = await say(engine, "1")  # the answer to the question that was waiting
    assert back.question is not None and back.question != second.question
    assert dict(back.answers)[str(second.question)] == "yes"
    assert first.question in dict(back.answers)


async def test_change_an_answer_before_the_result_asks_to_finish_first(
    engine: Engine, kb: KnowledgeBase
) -> None:
    await say(engine, "help me choose")
    waiting = await say(engine, "1", "1")
    reply = await say(engine, "change realtime")
    assert reply.question == waiting.question  # still the pending question, not an FAQ
    assert reply.intent is None
    assert reply.text.startswith(kb.messages.text("finish_first"))


@pytest.mark.parametrize(("typed", "value"), [("a lot", "complex"), ("not a lot", "simple")])
async def test_a_quantity_answers_the_data_model_question(
    engine: Engine, typed: str, value: str
) -> None:
    reply = await say(engine, "help me choose")
    while reply.question not in {"data_model", None}:
        reply = await say(engine, "skip")
    assert reply.question == "data_model"
    after = await say(engine, typed)
    assert after.intent is None  # not read as "thanks a lot"
    assert dict(after.answers)["data_model"] == value
