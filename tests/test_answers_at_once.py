"""Every advisor answer at once (the one-screen form), and what a conversation holds."""

from __future__ import annotations

import pytest

from bot.content.model import KnowledgeBase
from bot.dialogue import advisor
from bot.dialogue.advisor import SKIPPED
from bot.engine import Engine
from bot.reply import Turn
from bot.storage.memory_store import MemoryStore
from bot.understanding.matcher import IntentMatcher
from tests.said import advisor_option, advisor_question, said, says
from tests.test_advisor import DJANGO_TEAM, NODE_TEAM

KEY = "slack:T1:D1"


@pytest.fixture
def engine(kb: KnowledgeBase, matcher: IntentMatcher) -> Engine:
    return Engine(kb, MemoryStore(), matcher)


def submit(answers: dict[str, str]) -> Turn:
    return Turn(action="submit", answers=tuple(answers.items()))


def test_missing_answers_count_as_skips(kb: KnowledgeBase) -> None:
    step = advisor.submit_all(kb.questionnaire, {"team_language": "python", "admin_panel": "yes"})
    assert step.view == "result"
    assert step.state is not None
    assert dict(step.state.answers) == {
        q.id: {"team_language": "python", "admin_panel": "yes"}.get(q.id, SKIPPED)
        for q in kb.questionnaire.questions
    }
    assert advisor.pending(kb.questionnaire, step.state) is None


def test_form_problems_name_the_question(kb: KnowledgeBase) -> None:
    assert advisor.form_problems(kb.questionnaire, NODE_TEAM) == {}
    assert advisor.form_problems(kb.questionnaire, {"realtime": "sometimes"}) == {
        "realtime": "not_an_option"
    }
    first = kb.questionnaire.questions[0].id
    assert advisor.form_problems(kb.questionnaire, {}) == {first: "nothing_answered"}
    assert advisor.form_problems(kb.questionnaire, {"realtime": ""}) == {first: "nothing_answered"}


async def test_a_submitted_form_gives_the_recommendation(engine: Engine) -> None:
    reply = await engine.handle(KEY, submit(DJANGO_TEAM))
    assert reply.recommendation == "django"
    assert says(reply.text, "would_change") or says(reply.text, "solid")
    assert reply.reasons and reply.reasons[0] in reply.text
    assert set(reply.events) == {"advisor_started", "advisor_completed"}
    assert dict(reply.answers) == DJANGO_TEAM


async def test_change_an_answer_continues_from_the_form(engine: Engine) -> None:
    await engine.handle(KEY, submit({"team_language": "javascript", "realtime": "yes"}))
    listed = await engine.handle(KEY, Turn(text="change"))
    for question, value in (("team_language", "javascript"), ("realtime", "yes")):
        answer = advisor_option(question, value).label
        assert f"• {advisor_question(question).title}: {answer}" in listed.text
    assert f"• {advisor_question('sensitive_data').title}: {said('skipped')}" in listed.text
    asked = await engine.handle(KEY, Turn(action="change", value="realtime"))
    assert asked.question == "realtime"
    assert says(asked.text, "your_answer", answer=advisor_option("realtime", "yes").label)
    changed = await engine.handle(KEY, Turn(action="answer", question="realtime", value="no"))
    assert changed.recommendation is not None
    assert dict(changed.answers) == {"team_language": "javascript", "realtime": "no"}


async def test_a_form_replaces_a_run_in_progress(engine: Engine) -> None:
    await engine.handle(KEY, Turn(text="help me choose"))
    await engine.handle(KEY, Turn(text="python"))
    assert await engine.answers(KEY) == (("team_language", "python"),)
    reply = await engine.handle(KEY, submit(NODE_TEAM))
    assert reply.recommendation == "node"
    assert dict(await engine.answers(KEY)) == NODE_TEAM


async def test_standing_is_the_pending_question_or_the_result(engine: Engine) -> None:
    assert await engine.standing(KEY) is None
    await engine.handle(KEY, Turn(text="help me choose"))
    pending = await engine.standing(KEY)
    assert pending is not None and pending.question == "team_language"
    await engine.handle(KEY, submit(DJANGO_TEAM))
    result = await engine.standing(KEY)
    assert result is not None and result.recommendation == "django"
    assert await engine.answers("slack:T1:other") == ()
