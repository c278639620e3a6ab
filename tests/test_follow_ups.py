"""Follow-ups keep the topic and switch the side; numbers mean the latest list; answers
open with the side asked about; "tell me more" with nothing more says so."""

from __future__ import annotations

import pytest

from bot.base.message_ids import EDGE_SHORT
from bot.content.model import KnowledgeBase
from bot.engine import Engine
from tests.said import answered, said
from tests.test_conversation import engine, say

__all__ = ["engine"]  # the engine fixture, shared with the other conversation tests


# --- follow-ups switch the side ------------------------------------------------------


@pytest.mark.parametrize("follow_up", ["and django?", "what about Django?", "and for django"])
async def test_and_django_after_security_gives_djangos_side(
    kb: KnowledgeBase, engine: Engine, follow_up: str
) -> None:
    first = await say(engine, "what about security?")
    assert first.intent == "security"
    reply = await say(engine, follow_up)
    assert reply.intent == "security"
    assert kb.criterion("security").django in reply.text
    assert kb.criterion("security").node not in reply.text
    security = kb.criterion("security").name.lower()
    heading = said("side_on", side=said(EDGE_SHORT["django"]), criterion=security)
    assert reply.text.startswith(f"*{heading}:*")


@pytest.mark.parametrize(
    "follow_up", ["what about node", "and node.js?", "how about on the node side"]
)
async def test_what_about_node_after_django_scaling_gives_nodes_side(
    kb: KnowledgeBase, engine: Engine, follow_up: str
) -> None:
    await say(engine, "does django scale")
    reply = await say(engine, follow_up)
    assert reply.intent == "scalability"  # not "what is Node"
    assert kb.criterion("scalability").node in reply.text
    assert kb.criterion("scalability").django not in reply.text


async def test_sides_can_be_switched_back_and_forth(kb: KnowledgeBase, engine: Engine) -> None:
    await say(engine, "is node faster?")
    django = await say(engine, "and django?")
    node = await say(engine, "and node?")
    assert kb.criterion("performance").django in django.text
    assert kb.criterion("performance").node in node.text
    assert django.intent == node.intent == "performance"


async def test_twin_questions_still_swap_to_their_counterpart(engine: Engine) -> None:
    reply = await say(engine, "who uses node", "and django?")
    assert reply.intent == "who_uses_django"


async def test_a_follow_up_question_inside_the_advisor_is_answered_then_re_asked(
    kb: KnowledgeBase, engine: Engine
) -> None:
    await say(engine, "recommend", "javascript")
    reply = await say(engine, "what about security?")
    assert reply.intent == "security"
    assert answered(reply.text, "security")
    assert reply.question == "realtime"
    assert reply.text.rstrip().endswith(kb.questionnaire.question("realtime").text)  # type: ignore[union-attr]
    side = await say(engine, "and node?")
    assert side.intent == "security" and kb.criterion("security").node in side.text
    assert side.question == "realtime"
    assert (await say(engine, "yes")).question == "sensitive_data"


# --- numbers mean the latest options -----------------------------------------------------


async def test_a_number_out_of_range_says_which_are_valid(engine: Engine) -> None:
    first = await say(engine, "is node faster?")
    assert len(first.related) == 3
    reply = await say(engine, "7")
    assert reply.text == engine.kb.messages.text("pick_a_number", count=3)
    assert reply.intent is None and not reply.is_fallback
    assert [o.value for o in reply.related] == [o.value for o in first.related]
    picked = await say(engine, "3")  # the list still stands
    assert picked.intent == first.related[2].value


async def test_a_number_never_picks_from_an_older_list(engine: Engine) -> None:
    await say(engine, "is node faster?")  # offers scalability, realtime, async_support
    comparison = await say(engine, "compare them on security")
    assert [o.value for o in comparison.related] == ["security"]
    reply = await say(engine, "3")
    assert reply.text == engine.kb.messages.text("pick_the_one")
    assert (await say(engine, "1")).intent == "security"


async def test_a_number_with_no_list_is_not_the_out_of_scope_fallback(engine: Engine) -> None:
    reply = await say(engine, "2")
    assert reply.text == engine.kb.messages.text("no_list")  # not the out-of-scope fallback


async def test_a_number_out_of_range_in_the_advisor_names_the_valid_ones(engine: Engine) -> None:
    await say(engine, "recommend")
    reply = await say(engine, "9")
    assert reply.question == "team_language"
    assert reply.text.startswith(engine.kb.messages.text("pick_an_option", count=4))
    assert (await say(engine, "2")).question == "realtime"
    after = await say(engine, "3")  # the realtime question has three options
    assert after.question == "sensitive_data"
    assert dict(after.answers) == {"team_language": "python", "realtime": "no"}


async def test_a_number_after_the_advisor_result_is_not_an_old_option(engine: Engine) -> None:
    await say(engine, "is node faster?")
    await say(engine, "recommend")
    for _ in range(9):
        reply = await say(engine, "1")
    assert reply.recommendation is not None
    after = await say(engine, "2")
    assert after.intent is None and after.text == engine.kb.messages.text("no_list")


# --- answers framed for the side asked about ---------------------------------------------


@pytest.mark.parametrize(
    ("question", "intent", "side"),
    [
        ("does node have an admin panel", "admin_panel", "node"),
        ("is node secure?", "security", "node"),
        ("does django support realtime?", "realtime", "django"),
        ("is django fast?", "performance", "django"),
        ("can django do microservices?", "microservices", "django"),
    ],
)
async def test_an_answer_opens_with_the_side_asked_about(
    kb: KnowledgeBase, engine: Engine, question: str, intent: str, side: str
) -> None:
    reply = await say(engine, question)
    assert reply.intent == intent
    opening = kb.intent(intent).opening(side)  # type: ignore[arg-type]
    assert opening is not None
    assert reply.text.startswith(opening)
    assert kb.intent(intent).answer.strip() in reply.text  # the whole answer follows


async def test_admin_panel_for_node_does_not_open_with_django(
    kb: KnowledgeBase, engine: Engine
) -> None:
    reply = await say(engine, "does node have an admin panel")
    first_line = reply.text.splitlines()[0]
    assert first_line == kb.intent("admin_panel").opening("node")
    assert kb.intent("admin_panel").answer.splitlines()[0] not in first_line  # "Django does"


async def test_a_question_naming_both_sides_gets_the_plain_answer(
    kb: KnowledgeBase, engine: Engine
) -> None:
    reply = await say(engine, "is node faster than django?")
    assert reply.text == kb.intent("performance").answer


async def test_tell_me_more_with_nothing_more_says_so_in_one_line(
    kb: KnowledgeBase, engine: Engine
) -> None:
    answer = await say(engine, "does node have an admin panel")
    assert not kb.intent("admin_panel").details
    more = await say(engine, "tell me more")
    assert more.text == said("nothing_more")  # one line, not the answer again
    assert [o.value for o in more.related] == [o.value for o in answer.related]
    assert (await say(engine, "and django?")).intent == "admin_panel"  # the topic is kept
