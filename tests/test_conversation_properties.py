"""Random sequences of turns never raise and always leave a state that loads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.content.model import KnowledgeBase
from bot.dialogue.conversation import ConversationState, step
from bot.dialogue.state_codec import decode_state, encode_state
from bot.reply import Turn
from bot.understanding.matcher import IntentMatcher

TEXTS = [
    "recommend", "python", "mostly js", "yep", "nope", "a bit", "not sure", "1", "2", "9",
    "back", "skip", "restart", "cancel", "why?", "tell me more", "and django?",
    "what about security?", "compare them on scalability", "change realtime",
    "is node faster?", "who uses node", "hi", "", "asdf", "<@U1> :tada:", "thanks",
    "decide", "and node?", "7", "does node have an admin panel",
    "python team, realtime chat, an admin for staff: what would you pick?",
    "We're a js shop building a multiplayer game for thousands of players, which one?",
]  # fmt: skip
ACTIONS = ["answer", "intent", "control", "change", "compare"]
VALUES = [
    "yes", "no", "javascript", "python", "skip", "back", "why", "cancel", "restart", "share",
    "realtime", "team_language", "performance", "start_advisor", "bogus", "", "decide",
]  # fmt: skip
QUESTIONS = [None, "team_language", "realtime", "admin_panel", "nope"]

turns = st.one_of(
    st.builds(Turn, text=st.sampled_from(TEXTS)),
    st.builds(Turn, text=st.text(max_size=40)),
    st.builds(
        Turn,
        action=st.sampled_from(ACTIONS),
        value=st.sampled_from(VALUES),
        question=st.sampled_from(QUESTIONS),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(turns, max_size=25))
def test_random_turns_never_raise_and_state_round_trips(
    kb: KnowledgeBase, matcher: IntentMatcher, sequence: list[Turn]
) -> None:
    state = ConversationState()
    for turn in sequence:
        state, reply = step(kb, matcher, state, turn)
        assert reply.text.strip(), f"empty reply to {turn}"
        assert decode_state(encode_state(state)) == state
        if reply.question is not None:
            assert reply.options, "a question always comes with its options"
        if reply.recommendation is not None:
            assert reply.recommendation in {"node", "django", "both"}
