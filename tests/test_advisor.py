"""The advisor's scoring and typed-answer reading, as pure functions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.model import KnowledgeBase
from bot.dialogue.advisor import SKIPPED, score
from bot.dialogue.typed_answers import interpret

NODE_TEAM = {
    "team_language": "javascript",
    "realtime": "yes",
    "sensitive_data": "no",
    "admin_panel": "no",
    "data_model": "simple",
    "architecture": "microservices",
    "concurrency": "high",
    "time_to_market": "no",
    "data_science": "no",
}
DJANGO_TEAM = {
    "team_language": "python",
    "realtime": "no",
    "sensitive_data": "yes",
    "admin_panel": "yes",
    "data_model": "complex",
    "architecture": "monolith",
    "concurrency": "moderate",
    "time_to_market": "yes",
    "data_science": "no",
}
HYBRID_TEAM = {
    "team_language": "both",
    "realtime": "yes",
    "sensitive_data": "yes",
    "admin_panel": "yes",
    "data_model": "complex",
    "architecture": "microservices",
    "concurrency": "high",
}

DESIGN_QUESTIONS = {
    "team_language": {"javascript", "python", "both", "neither"},
    "realtime": {"yes", "some", "no"},
    "sensitive_data": {"yes", "no"},
    "admin_panel": {"yes", "no"},
    "data_model": {"simple", "complex"},
    "architecture": {"microservices", "monolith", "unsure"},
    "concurrency": {"high", "moderate"},
    "time_to_market": {"yes", "no"},
    "data_science": {"yes", "no"},
}


def test_questions_and_values_are_designs(kb: KnowledgeBase) -> None:
    asked = {q.id: {o.value for o in q.options} for q in kb.questionnaire.questions}
    assert asked == DESIGN_QUESTIONS
    assert [q.id for q in kb.questionnaire.questions] == list(DESIGN_QUESTIONS)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [(NODE_TEAM, "node"), (DJANGO_TEAM, "django"), (HYBRID_TEAM, "both")],
    ids=["javascript-realtime-team", "python-regulated-team", "hybrid-team"],
)
def test_personas(kb: KnowledgeBase, answers: dict[str, str], expected: str) -> None:
    outcome = score(kb.questionnaire, answers)
    assert outcome.recommendation == expected
    assert len(outcome.reasons) == 3
    assert outcome.clarity == "clear"


def test_reasons_come_from_the_users_own_answers(kb: KnowledgeBase) -> None:
    outcome = score(kb.questionnaire, NODE_TEAM)
    chosen_reasons = {
        q.option(NODE_TEAM[q.id]).reason  # type: ignore[union-attr]
        for q in kb.questionnaire.questions
    }
    assert set(outcome.reasons) <= chosen_reasons
    assert "JavaScript" in outcome.reasons[0]  # the heaviest answer leads
    assert outcome.node_share == 100 and outcome.clarity == "clear"


def test_hybrid_needs_real_needs_on_both_sides(kb: KnowledgeBase) -> None:
    hybrid = score(kb.questionnaire, HYBRID_TEAM)
    assert hybrid.would_change is not None
    question, option, other = hybrid.would_change
    # Dropping the real-time need removes the Node.js side of the hybrid.
    assert (question.id, option.value, other) == ("realtime", "no", "django")
    without_realtime = score(kb.questionnaire, {**HYBRID_TEAM, "realtime": "no"})
    assert without_realtime.recommendation == "django"


def test_a_close_call_names_the_answer_that_would_flip_it(kb: KnowledgeBase) -> None:
    answers = {"team_language": "javascript", "admin_panel": "yes", "realtime": "no"}  # 3 vs 3
    outcome = score(kb.questionnaire, answers)
    assert outcome.clarity == "close call"
    assert outcome.would_change is not None
    flipped = score(
        kb.questionnaire, {**answers, outcome.would_change[0].id: outcome.would_change[1].value}
    )
    assert flipped.recommendation == outcome.would_change[2] != outcome.recommendation


def test_skipped_questions_count_as_no_preference(kb: KnowledgeBase) -> None:
    all_skipped = {q.id: SKIPPED for q in kb.questionnaire.questions}
    outcome = score(kb.questionnaire, all_skipped)
    assert outcome.node_points == outcome.django_points == 0
    assert outcome.reasons == ()
    assert outcome.recommendation is None  # nothing to go on: no default side
    assert outcome.clarity is None


@pytest.mark.parametrize(
    ("question", "typed", "value"),
    [
        ("team_language", "mostly JS", "javascript"),
        ("team_language", "python", "python"),
        ("team_language", "Pyhton", "python"),
        ("team_language", "javscript", "javascript"),
        ("team_language", "2", "python"),
        ("team_language", "we know both", "both"),
        ("realtime", "yep", "yes"),
        ("realtime", "nope", "no"),
        ("realtime", "a bit", "some"),
        ("realtime", "3", "no"),
        ("architecture", "not sure", "unsure"),
        ("architecture", "one big monolith", "monolith"),
        ("concurrency", "thousands of users", "high"),
        ("sensitive_data", "Yes!", "yes"),
    ],
)
def test_typed_answers(kb: KnowledgeBase, question: str, typed: str, value: str) -> None:
    q = kb.questionnaire.question(question)
    assert q is not None
    assert interpret(kb.questionnaire, q, typed).value == value


@pytest.mark.parametrize(
    ("typed", "control"),
    [("back", "back"), ("skip", "skip"), ("start over", "restart"), ("stop", "cancel"),
     ("cancel", "cancel"), ("why?", "why"), ("Why does this matter?", "why")],
)  # fmt: skip
def test_typed_controls(kb: KnowledgeBase, typed: str, control: str) -> None:
    q = kb.questionnaire.questions[0]
    result = interpret(kb.questionnaire, q, typed)
    assert (result.kind, result.value) == ("control", control)


@pytest.mark.parametrize("typed", ["", "banana", "9", "0", "what's the weather"])
def test_unrecognised_answers(kb: KnowledgeBase, typed: str) -> None:
    q = kb.questionnaire.question("realtime")
    assert q is not None
    assert interpret(kb.questionnaire, q, typed).kind == "none"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_answers_give_a_valid_outcome(kb: KnowledgeBase, data: st.DataObject) -> None:
    answers = {
        q.id: data.draw(st.sampled_from([*(o.value for o in q.options), SKIPPED, "bogus"]))
        for q in kb.questionnaire.questions
        if data.draw(st.booleans())
    }
    outcome = score(kb.questionnaire, answers)
    assert outcome.recommendation in {"node", "django", "both", None}
    assert (outcome.clarity is None) == (outcome.recommendation is None)
    assert 0 <= outcome.node_share <= 100
    assert len(outcome.reasons) <= 3
