"""The matcher answers the right question, says "did you mean" when unsure, declines
what it does not know, and never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.model import KnowledgeBase
from bot.dialogue.answers import reply_for_match
from bot.dialogue.conversation import ConversationState, step
from bot.reply import Turn
from bot.understanding.decision import SUGGESTIONS
from bot.understanding.matcher import IntentMatcher
from tests.conftest import UNSURE_BETWEEN, UNSURE_QUESTION


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("is node faster than django?", "performance"),
        ("<@U0BOT> which one is easier to learn", "learning_curve"),
        ("can node and django be used together", "use_together"),
        ("who uses django", "who_uses_django"),
        ("who uses node", "who_uses_node"),
        ("what is django", "what_is_django"),
        ("what is Node.js?", "what_is_node"),
        ("hi", "greeting"),
        ("thanks!", "thanks"),
    ],
)
def test_clear_questions_are_answered(matcher: IntentMatcher, question: str, intent: str) -> None:
    match = matcher.match(question)
    assert match.outcome == "answer"
    assert match.intent == intent
    assert 0.0 < match.confidence <= 1.0


def test_subject_decides_between_node_and_django_twins(matcher: IntentMatcher) -> None:
    assert matcher.match("when should we pick django over node").intent == "when_django"
    assert matcher.match("when should we pick node over django").intent == "when_node"


def test_single_subject_intents_need_their_subject(matcher: IntentMatcher) -> None:
    # Without "node" or "django", "who uses it" must not be answered as one of them.
    match = matcher.match("who uses it in production")
    assert match.intent not in {"who_uses_node", "who_uses_django"}


def test_intents_hinging_on_one_word_require_it(matcher: IntentMatcher) -> None:
    # use_together requires words such as "together"/"both"; a plain comparison is not it.
    assert matcher.match("node vs django performance").intent != "use_together"


@pytest.mark.parametrize(
    "question",
    ["is react better than angular", "should we write it in rust", "flask or fastapi?"],
)
def test_other_technologies_are_out_of_scope(matcher: IntentMatcher, question: str) -> None:
    match = matcher.match(question)
    assert match.outcome == "out_of_scope"
    assert match.other_technology is not None
    assert match.intent is None and match.suggestions == ()


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("we're mostly react devs, is node faster than django?", "performance"),
        ("whats the learning curve like for someone coming from java", "learning_curve"),
        ("node vs django vs go, which one?", "verdict"),
    ],
)
def test_another_technology_as_context_is_set_aside(
    matcher: IntentMatcher, question: str, intent: str
) -> None:
    assert matcher.match(question).intent == intent


@pytest.mark.parametrize(
    "question",
    [
        "django vs flask, which is easier",
        "go vs node for a backend",
        "how do i learn kotlin",
        "deploying a django app to heroku",
        "is bun faster",
    ],
)
def test_another_technology_as_the_subject_is_declined(
    matcher: IntentMatcher, question: str
) -> None:
    match = matcher.match(question)
    assert match.outcome == "out_of_scope"
    assert match.other_technology is not None


def test_a_left_out_technology_is_named_in_the_answer(
    kb: KnowledgeBase, matcher: IntentMatcher
) -> None:
    reply = reply_for_match(kb, matcher.match("node vs django vs go, which one?"))
    assert reply.intent == "verdict"
    assert "left Go out" in reply.text


@pytest.mark.parametrize(
    "question", ["what's the weather in paris", "asdfgh qwerty", "book a room for friday"]
)
def test_nonsense_and_chores_are_declined(matcher: IntentMatcher, question: str) -> None:
    assert matcher.match(question).outcome == "out_of_scope"


def test_a_vague_question_gets_up_to_three_suggestions(
    matcher: IntentMatcher, kb: KnowledgeBase
) -> None:
    match = matcher.match(UNSURE_QUESTION)
    assert match.outcome == "unsure"
    assert 1 <= len(match.suggestions) <= SUGGESTIONS
    assert set(UNSURE_BETWEEN) <= set(match.suggestions)
    reply = reply_for_match(kb, match)
    assert reply.intent is None
    assert [o.value for o in reply.suggestions] == list(match.suggestions)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "x" * 40_000,
        "node " * 8_000,
        "🚀🔥🎉",
        ":tada: :rocket:",
        "\x00\x01\x02\x1b[31m",
        "¿Node es más rápido que Django?",
        "Node.js 比 Django 快吗\uff1f",
        "<@U012AB3CD>",
        "<!here>",
        "```print('hi')```",
    ],
)
def test_bad_input_never_raises_and_gets_a_reply(
    matcher: IntentMatcher, kb: KnowledgeBase, text: str
) -> None:
    match = matcher.match(text)
    reply = reply_for_match(kb, match)
    assert reply.text.strip()


def test_empty_and_mention_only_input_is_declined(matcher: IntentMatcher) -> None:
    assert matcher.match("").outcome == "out_of_scope"
    assert matcher.match("<@U012AB3CD>").outcome == "out_of_scope"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gets_a_consistent_decision(matcher: IntentMatcher, text: str) -> None:
    match = matcher.match(text)
    assert match.outcome in {"answer", "unsure", "out_of_scope"}
    assert len(match.candidates) <= SUGGESTIONS
    assert all(0.0 <= c.score <= 1.0 + 1e-9 for c in match.candidates)
    assert [c.score for c in match.candidates] == sorted(
        (c.score for c in match.candidates), reverse=True
    )
    if match.outcome == "answer":
        assert match.intent == match.candidates[0].intent
    else:
        assert match.intent is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "node",
                "django",
                "faster",
                "secure",
                "who",
                "uses",
                "what",
                "is",
                "both",
                "together",
                "react",
                "the",
                "?",
                "!!",
                ":tada:",
                "<@U1>",
                "djnago",
                "noed",
            ]
        ),
        max_size=12,
    )
)
def test_word_salad_from_the_domain_never_raises(
    matcher: IntentMatcher, kb: KnowledgeBase, words: list[str]
) -> None:
    reply = reply_for_match(kb, matcher.match(" ".join(words)))
    assert reply.text


@pytest.mark.parametrize(
    ("question", "intents"),
    [
        ("Django vs. NodeJS", {"verdict"}),
        ("Which framework to choose - Django or Node.js?", {"verdict"}),
        ("should we use node or django for our new api", {"verdict"}),
        ("django vs express", {"verdict"}),
        ("MERN or Django?", {"verdict"}),
        ("Is it worth learning Django for a beginner?", {"learning_curve"}),
        ("Why large Companies are using Django?", {"enterprise", "who_uses_django"}),
        ("is nodejs good for cpu heavy stuff like image processing", {"performance"}),
        ("whats the learning curve like for someone coming from java", {"learning_curve"}),
    ],
)
def test_questions_people_ask_are_answered_directly(
    matcher: IntentMatcher, question: str, intents: set[str]
) -> None:
    match = matcher.match(question)
    assert match.outcome == "answer" and match.intent in intents


def test_a_team_description_asking_for_a_pick_starts_the_advisor(
    kb: KnowledgeBase, matcher: IntentMatcher
) -> None:
    message = (
        "hey, CTO here. We're a 12 person startup, mostly react devs, 2 of our backend people "
        "know python, MVP in 3 months, an ops dashboard, realtime notifications later. "
        "what would u pick honestly"
    )
    # Through the engine's step (one path): the advisor starts with what was described.
    _, reply = step(kb, matcher, ConversationState(), Turn(text=message))
    assert reply.intent == "start_advisor" and reply.question is not None
    assert dict(reply.answers)["realtime"] in {"yes", "some"}
