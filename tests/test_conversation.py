"""Whole conversations through the engine, as a user would have them."""

from __future__ import annotations

import pytest

from bot.content.model import KnowledgeBase
from bot.engine import Engine
from bot.reply import Reply, Turn
from bot.storage.memory_store import MemoryStore
from bot.understanding.matcher import IntentMatcher
from tests.conftest import UNSURE_BETWEEN, UNSURE_QUESTION
from tests.said import advisor_question, answered
from tests.test_advisor import DJANGO_TEAM, HYBRID_TEAM, NODE_TEAM

KEY = "T1:C1:thread"


@pytest.fixture
def engine(kb: KnowledgeBase, matcher: IntentMatcher) -> Engine:
    return Engine(kb, MemoryStore(), matcher)


async def say(engine: Engine, *texts: str) -> Reply:
    reply = Reply(text="")
    for text in texts:
        reply = await engine.handle(KEY, Turn(text=text))
    return reply


async def press(engine: Engine, action: str, value: str, question: str | None = None) -> Reply:
    return await engine.handle(KEY, Turn(action=action, value=value, question=question))  # type: ignore[arg-type]


async def answer_all_by_button(engine: Engine, answers: dict[str, str]) -> Reply:
    reply = await say(engine, "help me choose")
    while reply.question is not None:
        value = answers.get(reply.question)
        if value is None:
            reply = await press(engine, "control", "skip")
        else:
            reply = await press(engine, "answer", value, reply.question)
    return reply


# --- FAQ and follow-ups ------------------------------------------------------------


async def test_a_question_is_answered_with_related_follow_ups(engine: Engine) -> None:
    reply = await say(engine, "is node faster?")
    assert reply.intent == "performance"
    assert [o.value for o in reply.related] == ["scalability", "realtime", "async_support"]


async def test_what_about_switches_topic(engine: Engine) -> None:
    reply = await say(engine, "is node faster?", "what about security?")
    assert reply.intent == "security"


async def test_and_django_swaps_the_subject(engine: Engine) -> None:
    reply = await say(engine, "who uses node", "and django?")
    assert reply.intent == "who_uses_django"
    reply = await say(engine, "and node?")
    assert reply.intent == "who_uses_node"


async def test_tell_me_more_and_why_expand_the_last_answer(
    kb: KnowledgeBase, engine: Engine
) -> None:
    reply = await say(engine, "is node faster?", "tell me more")
    assert reply.text == kb.intent("performance").details
    assert (await say(engine, "why?")).text == kb.intent("performance").details


async def test_tell_me_more_with_nothing_said_yet(engine: Engine) -> None:
    reply = await say(engine, "tell me more")
    assert reply.text == engine.kb.messages.text("nothing_to_expand")


async def test_compare_them_on_a_criterion(engine: Engine) -> None:
    reply = await say(engine, "what is django", "compare them on scalability")
    assert [c.criterion for c in reply.comparisons] == ["scalability"]
    assert "Node.js" in reply.text and "Django" in reply.text
    reply = await say(engine, "compare concurrency")
    assert reply.comparisons[0].edge == "node"


async def test_typing_a_number_picks_an_offered_question(engine: Engine) -> None:
    first = await say(engine, "is node faster?")
    reply = await say(engine, "2")
    assert reply.intent == first.related[1].value


async def test_did_you_mean_click_answers_the_question(engine: Engine) -> None:
    unsure = await say(engine, UNSURE_QUESTION)
    assert unsure.intent is None and unsure.suggestions
    reply = await press(engine, "intent", UNSURE_BETWEEN[0])
    assert reply.intent == UNSURE_BETWEEN[0]


async def test_greeting_help_thanks(engine: Engine) -> None:
    assert (await say(engine, "hello")).intent == "greeting"
    assert (await say(engine, "what can you do?")).intent == "help"
    assert (await say(engine, "thanks!")).intent == "thanks"


async def test_nonsense_gets_the_polite_fallback(engine: Engine) -> None:
    reply = await say(engine, "asdf qwer zxcv")
    assert reply.intent is None and not reply.suggestions
    assert "Node.js" in reply.text


# --- the advisor -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"), [(NODE_TEAM, "node"), (DJANGO_TEAM, "django"), (HYBRID_TEAM, "both")]
)
async def test_personas_by_button(engine: Engine, answers: dict[str, str], expected: str) -> None:
    reply = await answer_all_by_button(engine, answers)
    assert reply.recommendation == expected
    assert reply.node_share is not None
    assert "█" in reply.text and "Why:" in reply.text
    assert {o.value for o in reply.changes} == set(NODE_TEAM)


async def test_persona_by_typed_answers(engine: Engine) -> None:
    start = await say(engine, "recommend")
    assert start.intent == "start_advisor"
    assert start.question == "team_language"
    assert start.progress is not None and (start.progress.current, start.progress.total) == (1, 9)
    assert "Question 1 of 9" in start.text
    reply = await say(
        engine,
        "mostly JS",
        "yep",
        "nope",
        "nah",
        "simple",
        "microservices",
        "lots",
        "no rush",
        "no",
    )
    assert reply.recommendation == "node"


async def test_a_number_answers_the_pending_question(engine: Engine) -> None:
    await say(engine, "recommend")
    reply = await say(engine, "2")  # Python
    assert reply.question == "realtime"
    reply = await say(engine, "back")
    assert reply.question == "team_language"
    assert "Question 1 of 9" in reply.text


async def test_an_unknown_answer_re_asks_without_advancing(engine: Engine) -> None:
    await say(engine, "recommend")
    reply = await say(engine, "purple monkey dishwasher")
    assert reply.question == "team_language"
    assert reply.text.startswith(engine.kb.messages.text("not_understood"))
    assert [o.value for o in reply.options] == ["javascript", "python", "both", "neither"]


async def test_back_skip_why_restart_cancel(engine: Engine) -> None:
    await say(engine, "recommend", "python")
    why = await say(engine, "why?")
    realtime = engine.kb.questionnaire.question("realtime")
    assert realtime is not None
    assert (
        why.question == "realtime"
        and engine.kb.messages.text("why_i_ask", why=realtime.why) in why.text
    )
    skipped = await say(engine, "skip")
    assert skipped.question == "sensitive_data"
    back = await say(engine, "back")
    assert back.question == "realtime"
    first = await say(engine, "back", "back")
    assert (
        first.question == "team_language"
        and engine.kb.messages.text("first_question") in first.text
    )
    restarted = await say(engine, "javascript", "start over")
    assert (
        restarted.question == "team_language"
        and engine.kb.messages.text("starting_over") in restarted.text
    )
    cancelled = await say(engine, "stop")
    assert cancelled.question is None and cancelled.text == engine.kb.messages.text(
        "advisor_cancelled"
    )
    after = await say(engine, "is django secure?")
    assert after.intent == "security" and after.question is None


async def test_a_faq_question_mid_advisor_is_answered_then_re_asked(engine: Engine) -> None:
    await say(engine, "recommend", "javascript")
    reply = await say(engine, "is django secure?")
    assert reply.intent == "security"
    assert answered(reply.text, "security")
    assert reply.question == "realtime"
    assert reply.text.rstrip().endswith(advisor_question("realtime").text)
    reply = await say(engine, "yes")
    assert reply.question == "sensitive_data"


async def test_change_an_answer_after_the_result(engine: Engine) -> None:
    result = await answer_all_by_button(engine, HYBRID_TEAM)
    assert result.recommendation == "both"
    asked = await say(engine, "change realtime")
    realtime = engine.kb.questionnaire.question("realtime")
    assert realtime is not None
    heading = engine.kb.messages.text("changing_heading", title=realtime.title)
    assert asked.question == "realtime" and heading in asked.text
    changed = await say(engine, "no")
    assert changed.recommendation == "django"
    asked = await press(engine, "change", "realtime")
    assert asked.question == "realtime"
    changed = await press(engine, "answer", "yes", "realtime")
    assert changed.recommendation == "both"


async def test_a_stale_button_cannot_answer_twice(engine: Engine) -> None:
    first = await say(engine, "recommend")
    await press(engine, "answer", "python", first.question)
    again = await press(engine, "answer", "javascript", first.question)
    assert engine.kb.messages.text("already_answered") in again.text
    assert again.question == "realtime"
    result = await answer_all_by_button(engine, DJANGO_TEAM)
    assert result.recommendation == "django"


async def test_buttons_after_the_advisor_ended(engine: Engine) -> None:
    await say(engine, "recommend", "cancel")
    reply = await press(engine, "answer", "yes", "realtime")
    assert "ended" in reply.text


async def test_conversations_are_kept_apart(kb: KnowledgeBase, matcher: IntentMatcher) -> None:
    engine = Engine(kb, MemoryStore(), matcher)
    await engine.handle("A", Turn(text="recommend"))
    other = await engine.handle("B", Turn(text="python"))
    assert other.question is None  # B never started the advisor
    mine = await engine.handle("A", Turn(text="python"))
    assert mine.question == "realtime"


@pytest.mark.parametrize("empty", ["", "   ", "<@UBOT>", "<@UBOT>  \n", ":wave:"])
async def test_an_empty_message_is_a_greeting(engine: Engine, empty: str) -> None:
    reply = await say(engine, empty)
    assert reply.intent == "greeting" and not reply.suggestions


async def test_an_empty_message_during_the_advisor_greets_and_keeps_the_question(
    engine: Engine,
) -> None:
    asked = await say(engine, "help me choose")
    assert asked.question is not None
    assert (await say(engine, "")).intent == "greeting"
    assert (await press(engine, "control", "skip")).question != asked.question  # still on
