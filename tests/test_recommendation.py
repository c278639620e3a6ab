"""What counts as asking for a recommendation (one definition, for the matcher's rules
and the engine's routing), and specific questions winning over the overall verdict."""

from __future__ import annotations

import pytest

from bot.understanding.matcher import IntentMatcher
from bot.understanding.recommendation import asked_part


@pytest.mark.parametrize(
    "text",
    [
        "node or django?",
        "what would you recommend for us",
        "our team knows python and we need an admin, which should we pick?",
        "We're building a booking site. Our devs mostly write JS. What would you go with?",
    ],
)
def test_asks_for_a_recommendation(matcher: IntentMatcher, text: str) -> None:
    assert matcher.requests.asks_for_recommendation(text)


@pytest.mark.parametrize(
    "text",
    [
        "we're a small agency; which one has the quicker response times?",
        "scaling - node or django?",
        "which one gets new hires productive sooner, node or django?",
        "is node faster",
        "we are a python team building an intranet",
    ],
)
def test_does_not_ask_for_a_recommendation(matcher: IntentMatcher, text: str) -> None:
    assert not matcher.requests.asks_for_recommendation(text)


def test_the_asked_part_is_the_last_question() -> None:
    assert asked_part("We have a Rails app. Thinking of moving. Which is faster?") == (
        "Which is faster?"
    )
    assert asked_part("no question here. just context") == "just context"
