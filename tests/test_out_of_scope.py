"""Each kind of confident wrong answer the issue names, in our own words: declined now
(off-topic developer questions), or answered with the specific intent (aspects, and the
vocabulary that was missing). All through the engine's path, as `advisor ask` answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.content.model import KnowledgeBase
from bot.terminal.asking import FreshConversations
from bot.understanding.matcher import IntentMatcher

DECLINED = {
    "how-to with a side's vocabulary": [
        "how do i make django send emails asynchronously",
        "how do i containerize a django app with gunicorn",
        "how do i speed up my node build in ci",
    ],
    "debugging with error text": [
        "socket.io keeps reconnecting every 30 seconds, error: transport close",
        "node async function returns Promise { <pending> } instead of the data",
    ],
    "code requests": [
        "write a realtime chat server in node for me",
        "can you write the orm models for our shop in django",
    ],
    "other tools compared with each other": [
        "koa vs express for a small service",
        "fastify or nestjs for a new api",
    ],
    "another framework or tool as the subject": [
        "is nestjs easier to learn than express",
        "what's the learning curve of kubernetes",
    ],
    "careers in general": [
        "how do i become a django developer",
        "how much do django developers make",
    ],
    "a side named in passing": [
        "what's new in django 5",
        "how do i set up websockets in django channels",
    ],
}
SPECIFIC = [
    ("which one gets a bootcamp grad productive sooner, node or django?", "learning_curve"),
    ("which copes better when traffic doubles, node or django?", "scalability"),
    ("is prisma nicer to work with than the django orm", "database_orm"),
    ("is it easier to hire node or django engineers in a small city", "hiring"),
    ("does django work if our whole team writes typescript", "typescript"),
    ("our fraud model is in scikit-learn, can a node api call it", "ml_integration"),
    ("six weeks to demo an mvp: node or django?", "mvp"),
]


@pytest.fixture(scope="module")
def conversations(kb: KnowledgeBase, matcher: IntentMatcher) -> Iterator[FreshConversations]:
    with FreshConversations(kb, matcher) as fresh:
        yield fresh


@pytest.mark.parametrize(
    ("kind", "question"), [(kind, q) for kind, qs in DECLINED.items() for q in qs]
)
def test_off_topic_developer_questions_are_declined(
    conversations: FreshConversations, kind: str, question: str
) -> None:
    reply = conversations.reply(question)
    assert reply.intent is None, f"{kind}: answered {reply.intent}"
    assert not reply.suggestions


@pytest.mark.parametrize(("question", "intent"), SPECIFIC)
def test_the_specific_answer_is_given(
    conversations: FreshConversations, question: str, intent: str
) -> None:
    assert conversations.reply(question).intent == intent


def test_hiring_in_general_stays_out_of_scope(conversations: FreshConversations) -> None:
    reply = conversations.reply("what's a good way to run a hiring loop for designers")
    assert reply.intent is None


def test_the_out_of_scope_model_is_a_dot_product_over_named_features(
    matcher: IntentMatcher,
) -> None:
    """No library at run time: the probability comes from the shipped weights."""
    assert matcher.scope is not None
    question = "how do i fix ENOENT when my build runs"
    features = matcher.scope_features.features(question, matcher.normaliser.normalise(question))
    assert {"c:error", "c:how_to"} <= features
    assert matcher.outside(question) > matcher.settings.decline_at
