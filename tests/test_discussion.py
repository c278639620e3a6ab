"""A thread's discussion read as the project description (pure): the latest answer wins,
a clear disagreement between people stays open, and a thread asks at most three
questions, only those that could change the pick."""

from __future__ import annotations

from bot.content.model import KnowledgeBase
from bot.dialogue.advisor_scoring import open_by_importance
from bot.dialogue.discussion import (
    MAX_QUESTIONS,
    advise_from_thread,
    read_discussion,
    to_ask,
)
from bot.reply import Thread, ThreadMessage
from tests.said import says


def talk(*lines: tuple[str, str]) -> tuple[ThreadMessage, ...]:
    return tuple(ThreadMessage(author, text) for author, text in lines)


def test_a_persons_later_message_replaces_what_they_said(kb: KnowledgeBase) -> None:
    said = talk(
        ("ana", "Customers want live updates on their orders"),
        ("ana", "Actually no realtime features needed, it's forms and reports"),
    )
    found = read_discussion(kb.questionnaire, said)
    assert dict(found.answers)["realtime"] == "no" and not found.disputed


def test_two_people_pulling_opposite_ways_leave_the_question_open(kb: KnowledgeBase) -> None:
    said = talk(
        ("ana", "We're a Python shop, everyone writes Python here"),
        ("ben", "Actually half of us write TypeScript these days"),
    )
    found = read_discussion(kb.questionnaire, said)
    assert found.disputed == ("team_language",)
    assert "team_language" not in dict(found.answers)
    assert "team_language" in to_ask(kb.questionnaire, found)


def test_an_answer_that_does_not_contradict_is_the_latest_word(kb: KnowledgeBase) -> None:
    said = talk(
        ("ana", "We're a Python shop, everyone writes Python here"),
        ("ben", "The team knows both languages, half JS and half Python"),
    )
    found = read_discussion(kb.questionnaire, said)
    assert dict(found.answers)["team_language"] == "both" and not found.disputed


def test_a_settled_person_who_comes_round_ends_the_disagreement(kb: KnowledgeBase) -> None:
    said = talk(
        ("ana", "We're a Python shop, everyone writes Python here"),
        ("ben", "Actually half of us write TypeScript these days"),
        ("ana", "fair enough, our team writes TypeScript mostly now"),
    )
    found = read_discussion(kb.questionnaire, said)
    assert dict(found.answers)["team_language"] == "javascript" and not found.disputed


def test_nothing_to_go_on_asks_the_advisors_three_most_important(kb: KnowledgeBase) -> None:
    said = talk(("ana", "morning all :wave:"), ("ben", "lunch at noon?"))
    run, reply = advise_from_thread(kb, Thread(said)) or (None, None)
    assert run is not None and reply is not None
    most = {q.id for q in open_by_importance(kb.questionnaire, {})[:MAX_QUESTIONS]}
    assert run.asking is not None and set(run.asking) == most
    assert reply.question == run.asking[0] and says(reply.text, "thread_nothing")


def test_a_settled_thread_is_recommended_at_once(kb: KnowledgeBase) -> None:
    said = talk(
        ("ana", "We're a Python shop, everyone here knows Django"),
        ("ben", "The ops people need an admin panel to manage the catalogue"),
        ("cat", "We handle medical records, so sensitive data and compliance matter"),
    )
    _, reply = advise_from_thread(kb, Thread(said)) or (None, None)
    assert reply is not None and reply.recommendation == "django" and reply.question is None


def test_never_more_than_three_questions(kb: KnowledgeBase) -> None:
    said = talk(
        ("ana", "We're a Python shop, everyone writes Python here"),
        ("ben", "Actually half of us write TypeScript these days"),
        ("ana", "we need live updates for customers"),
        ("ben", "no realtime features needed honestly"),
        ("ana", "ops will need an admin panel"),
        ("ben", "we don't need an admin panel at all"),
        ("ana", "it's going to be microservices"),
        ("ben", "nah, a monolith is simpler for us"),
    )
    found = read_discussion(kb.questionnaire, said)
    assert len(found.disputed) >= 3
    assert len(to_ask(kb.questionnaire, found)) == MAX_QUESTIONS


def test_what_is_said_is_never_repeated(kb: KnowledgeBase) -> None:
    said = talk(("U0ANA", "We're a Python shop zq-canary, everyone here knows Django"))
    _, reply = advise_from_thread(kb, Thread(said)) or (None, None)
    assert reply is not None and "zq-canary" not in reply.text and "U0ANA" not in reply.text


def test_a_private_answer_needs_something_settled(kb: KnowledgeBase) -> None:
    assert advise_from_thread(kb, Thread(talk(("ana", "lunch at noon?"))), ask=False) is None
    said = talk(("ana", "We're a Python shop, everyone here knows Django"))
    _, reply = advise_from_thread(kb, Thread(said), ask=False) or (None, None)
    assert reply is not None and reply.recommendation == "django" and reply.question is None
