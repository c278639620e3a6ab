"""A project described in one message: what is read from it, and the conversation that
follows (only the open questions, each skippable, or a decision right away)."""

from __future__ import annotations

import pytest

from bot.content.model import KnowledgeBase
from bot.dialogue.project_description import (
    is_project_description,
    merge_descriptions,
    read_description,
)
from bot.dialogue.state_codec import decode_state, encode_state
from bot.engine import Engine
from bot.reply import Turn
from bot.understanding.evaluation import read_cases
from tests.conftest import REPO
from tests.project_descriptions import (
    GAME,
    HOSPITAL,
    NOT_DESCRIPTIONS,
    PROJECTS,
    TRADING,
    DescribedProject,
)
from tests.said import echoes, said, says, understood
from tests.test_conversation import KEY, engine, say

__all__ = ["engine"]  # the engine fixture, shared with the other conversation tests

ISSUE_EXAMPLE = (
    "We're a 12 person startup, mostly react devs, 2 of our backend people know python, "
    "MVP in 3 months, an ops dashboard, realtime notifications later: what would you pick?"
)


# --- reading -------------------------------------------------------------------------


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_each_description_is_read(kb: KnowledgeBase, project: DescribedProject) -> None:
    described = read_description(kb.questionnaire, project.text)
    assert dict(described.answers) == project.read
    assert is_project_description(described, kb.questionnaire.description)


def test_the_startup_in_the_issue_is_read(kb: KnowledgeBase) -> None:
    described = read_description(kb.questionnaire, ISSUE_EXAMPLE)
    assert dict(described.answers) == {
        "team_language": "javascript",  # mostly react devs: the first thing said wins
        "realtime": "some",  # notifications "later"
        "admin_panel": "yes",
        "time_to_market": "yes",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("python team, no realtime, no admin panel, what would you pick?",
         {"team_language": "python", "realtime": "no", "admin_panel": "no"}),
        ("Our devs know JavaScript but we need a back office for staff; which should we use?",
         {"team_language": "javascript", "admin_panel": "yes"}),
        ("we have nothing sensitive, just public data - a js shop building a live chat; pick one",
         {"sensitive_data": "no", "team_language": "javascript", "realtime": "yes"}),
        ("a monolith for a fintech startup, our engineers are pythonistas: recommend something",
         {"architecture": "monolith", "sensitive_data": "yes", "team_language": "python"}),
    ],
)  # fmt: skip
def test_qualifiers_next_to_a_topic_decide_its_answer(
    kb: KnowledgeBase, text: str, expected: dict[str, str]
) -> None:
    described = read_description(kb.questionnaire, text)
    assert dict(described.answers) == expected
    assert is_project_description(described, kb.questionnaire.description)


@pytest.mark.parametrize("text", NOT_DESCRIPTIONS)
def test_questions_about_one_topic_are_not_descriptions(kb: KnowledgeBase, text: str) -> None:
    described = read_description(kb.questionnaire, text)
    assert not is_project_description(described, kb.questionnaire.description)


def test_no_faq_example_or_held_out_question_is_read_as_a_description(
    kb: KnowledgeBase,
) -> None:
    cases, problems = read_cases(REPO / "tests/data/paraphrases.yaml", kb)
    assert not problems
    questions = [c.text for c in cases] + [e for i in kb.intents for e in i.examples]
    questions += kb.settings.out_of_scope_examples
    assert len(questions) > 900
    taken = [
        text
        for text in questions
        if is_project_description(
            read_description(kb.questionnaire, text), kb.questionnaire.description
        )
    ]
    assert taken == []


# --- the conversation ------------------------------------------------------------------


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
async def test_a_description_reaches_its_outcome_in_at_most_three_questions(
    engine: Engine, project: DescribedProject
) -> None:
    reply = await say(engine, project.text)
    assert reply.answers == tuple(project.read.items())
    assert reply.text.startswith(understood(*project.read.items()))
    asked = []
    while reply.question is not None and len(asked) < 8:
        assert reply.question not in project.read  # never asked what was already said
        assert "skip" in {c.value for c in reply.controls}
        assert "decide" in {c.value for c in reply.controls}
        asked.append(reply.question)
        reply = await engine.handle(
            KEY, Turn(action="answer", value=project.then[reply.question], question=reply.question)
        )
    assert len(asked) <= 3
    assert reply.recommendation == project.outcome
    assert says(reply.text, "why_heading")
    assert says(reply.text, "would_change") or says(reply.text, "solid")
    assert dict(reply.answers) == {**project.read, **{q: project.then[q] for q in asked}}


async def test_what_was_understood_is_said_in_one_line(engine: Engine) -> None:
    reply = await say(engine, ISSUE_EXAMPLE)
    first_line = reply.text.splitlines()[0]
    assert first_line == understood(
        ("team_language", "javascript"),
        ("realtime", "some"),
        ("admin_panel", "yes"),
        ("time_to_market", "yes"),
    )  # in the questionnaire's order, not the message's
    assert reply.question == "sensitive_data"  # the open questions that matter most
    assert reply.progress is not None and reply.progress.total == 3
    assert says(reply.text, "question_heading", number=1, total=3)
    assert "advisor_started" in reply.events


async def test_decide_with_what_you_know_recommends_right_away(engine: Engine) -> None:
    await say(engine, GAME.text)
    reply = await engine.handle(KEY, Turn(action="control", value="decide"))
    assert reply.recommendation == "node"
    assert reply.question is None
    assert dict(reply.answers) == GAME.read
    typed = await say(engine, GAME.text)  # typed, in a new run
    assert typed.question is not None
    assert (await say(engine, "decide")).recommendation == "node"


async def test_open_questions_can_be_skipped_and_typed(engine: Engine) -> None:
    await say(engine, HOSPITAL.text)
    skipped = await say(engine, "skip")
    assert skipped.question == "architecture" and "Question 2 of 3" in skipped.text
    result = await say(engine, "one app")
    assert result.question == "data_science"
    result = await say(engine, "no")
    assert result.recommendation == "django"
    assert "realtime" not in dict(result.answers)  # skipped: no answer to show


async def test_a_description_with_nothing_to_read_gets_the_normal_advisor(engine: Engine) -> None:
    reply = await say(
        engine,
        "We're a small agency starting a brand new product for a client next month. "
        "Which one would you choose for us?",
    )
    assert reply.question == "team_language"
    assert "Question 1 of 9" in reply.text
    assert reply.answers == ()


async def test_a_description_typed_during_the_advisor_fills_in_what_it_says(
    engine: Engine,
) -> None:
    await say(engine, "help me choose")
    await say(engine, "skip")
    reply = await say(engine, GAME.text)
    assert echoes(reply.text.splitlines()[0], {"team_language": "javascript"})
    assert reply.question == "sensitive_data"


async def test_a_result_can_be_changed_after_a_description(engine: Engine) -> None:
    await say(engine, TRADING.text)
    result = await engine.handle(KEY, Turn(action="control", value="decide"))
    assert result.recommendation == "both"
    asked = await say(engine, "change realtime")
    assert asked.question == "realtime"
    changed = await say(engine, "no")
    assert changed.recommendation == "django"
    assert dict(changed.answers)["realtime"] == "no"


def test_a_stored_run_from_before_descriptions_still_loads() -> None:
    raw = (
        '{"v":1,"last_intent":null,"offered":[],'
        '"advisor":{"answers":[["team_language","python"]],"position":1,"revising":null}}'
    )
    state = decode_state(raw)
    assert state.advisor is not None and state.advisor.asking is None
    assert decode_state(encode_state(state)) == state


async def test_decide_needs_at_least_one_answer(engine: Engine) -> None:
    await say(engine, "recommend", "skip")
    reply = await say(engine, "decide")
    assert reply.recommendation is None
    assert reply.question == "realtime"
    assert reply.text.startswith(said("nothing_to_decide"))
    assert (await say(engine, "yes", "decide")).recommendation == "node"


# --- several messages (a thread) read together ----------------------------------------


def _merged(kb: KnowledgeBase, *texts: str) -> tuple[dict[str, str], tuple[str, ...]]:
    read = [read_description(kb.questionnaire, text) for text in texts]
    merged = merge_descriptions(kb.questionnaire, read)
    return dict(merged.answers), merged.disputed


def test_a_later_message_refines_an_earlier_one(kb: KnowledgeBase) -> None:
    answers, disputed = _merged(
        kb,
        "We're a python team building a portal, realtime chat maybe later, what would you pick?",
        "Update from the product side: the live chat is core to the app now, not later.",
    )
    assert answers["team_language"] == "python"
    assert answers["realtime"] == "yes"  # "some" first, then "core": the later one wins
    assert disputed == ()


def test_messages_that_clearly_disagree_leave_the_question_open(kb: KnowledgeBase) -> None:
    answers, disputed = _merged(
        kb,
        "Our team is all python devs, we need an admin panel; which one would you pick?",
        "Hmm, actually our devs mostly write javascript, and we need an admin panel too.",
    )
    assert "team_language" not in answers
    assert disputed == ("team_language",)
    assert answers["admin_panel"] == "yes"


# --- a team lead's words ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Half our engineers write Python, half TypeScript. We're building a budgeting app "
         "with live balances, which one should we use?",
         {"team_language": "both", "realtime": "yes"}),
        ("Our team writes javascript, we send email notifications for receipts and have user "
         "accounts; which should we pick?",
         {"team_language": "javascript", "sensitive_data": "no"}),
        ("We have a hard deadline in six weeks, our devs are python folks, tens of thousands "
         "of users expected. What would you recommend?",
         {"time_to_market": "yes", "team_language": "python", "concurrency": "high"}),
        ("A python team building a recommendation engine with machine learning models for our "
         "store, a few hundred users at first, what would you pick?",
         {"team_language": "python", "data_science": "yes", "concurrency": "moderate"}),
        ("We're mostly a TypeScript team, but two of us know Python; we're building a live "
         "auction site, what would you pick?",
         {"team_language": "javascript", "realtime": "yes"}),
        ("We need to go live in six weeks, our team writes javascript, which one?",
         {"time_to_market": "yes", "team_language": "javascript"}),
    ],
    ids=["mixed team, live balances", "email notifications, accounts", "deadline, scale in words",
         "machine learning", "mostly one language", "go live is not real time"],
)  # fmt: skip
def test_a_team_leads_words_are_read(
    kb: KnowledgeBase, text: str, expected: dict[str, str]
) -> None:
    described = read_description(kb.questionnaire, text)
    assert dict(described.answers) == expected
    assert is_project_description(described, kb.questionnaire.description)


@pytest.mark.parametrize(
    ("field", "value"),
    [("a legal tech startup handling case files for law firms", "yes"),
     ("a permits portal for the city council, government compliance matters", "yes"),
     ("a clinic booking system with patient records", "yes"),
     ("a payments app for small shops", "yes"),
     ("a social app with user profiles and email addresses", "no"),
     ("a to-do app with user accounts", "no")],
)  # fmt: skip
def test_regulated_fields_are_told_from_ordinary_personal_data(
    kb: KnowledgeBase, field: str, value: str
) -> None:
    text = f"We're building {field}, our devs know javascript; which would you choose?"
    assert dict(read_description(kb.questionnaire, text).answers)["sensitive_data"] == value


async def test_a_sparse_description_is_followed_by_at_most_three_questions(
    engine: Engine,
) -> None:
    reply = await say(
        engine, "Our devs know javascript and we need an admin panel, which one should we pick?"
    )
    first_line = reply.text.splitlines()[0]
    assert first_line == understood(("team_language", "javascript"), ("admin_panel", "yes"))
    assert reply.progress is not None and reply.progress.total == 3  # seven were open
    asked = []
    while reply.question is not None:
        asked.append(reply.question)
        reply = await say(engine, "skip")
    assert len(asked) == 3
    assert reply.recommendation is not None and reply.clarity is not None
