"""The normaliser: what Slack sends becomes comparable words, and never raises."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.base.text import (
    MAX_QUESTION_CHARS,
    MAX_TOKENS,
    Normaliser,
    clean_slack_text,
    fold,
    whole_words,
)
from bot.content.model import KnowledgeBase


def test_slack_markup_is_removed_but_words_are_kept() -> None:
    raw = "<@U123ABC> is <#C42|general> `node` faster &amp; <https://x.io|the docs> :rocket:?"
    assert clean_slack_text(raw) == "is node faster & the docs ?"


def test_fenced_code_is_dropped_and_control_characters_become_spaces() -> None:
    assert clean_slack_text("before ```rm -rf /``` after\x00\x07end") == "before after end"


def test_fold_lowercases_and_strips_punctuation_and_whitespace() -> None:
    assert fold("  Is   Node.JS\tFASTER?!  ") == "is node js faster"
    assert fold("What\u2019s Django's deal") == "whats djangos deal"


def test_aliases_map_every_spelling_of_node_to_one_word(kb: KnowledgeBase) -> None:
    normaliser = kb.normaliser
    for spelling in ("Node.js", "nodejs", "node js", "NODE-JS", "Node.JS"):
        assert normaliser.normalise(f"is {spelling} fast").tokens[:2] == ("is", "node")


def test_misspelt_domain_words_are_corrected(kb: KnowledgeBase) -> None:
    normaliser = kb.normaliser
    assert normaliser.normalise("djnago vs noed").text == "django vs node"
    assert normaliser.normalise("scalibility").text == "scalability"


def test_known_words_and_other_technologies_are_not_corrected(kb: KnowledgeBase) -> None:
    normaliser = kb.normaliser
    # "perf" is one edit from "perl" (another technology); it must stay performance.
    assert normaliser.normalise("better perf").tokens == ("better", "performance")
    assert normaliser.normalise("trust me").tokens == ("trust", "me")


def test_correction_needs_a_close_domain_word() -> None:
    normaliser = Normaliser({}, known_words=(), domain_words=("django",))
    assert normaliser.correct("djangoo") == "django"
    assert normaliser.correct("banana") == "banana"
    assert normaliser.correct("dj") == "dj"  # too short to guess


def test_very_long_input_is_capped(kb: KnowledgeBase) -> None:
    result = kb.normaliser.normalise("node " * 40_000)
    assert len(result.tokens) <= MAX_TOKENS


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2_000))
def test_normalising_any_text_never_raises_and_yields_clean_words(text: str) -> None:
    cleaned = clean_slack_text(text)
    assert len(cleaned) <= MAX_QUESTION_CHARS
    folded = fold(cleaned)
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(ch.isalnum() or ch == " " for ch in folded)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_normaliser_output_is_stable_under_renormalisation(text: str) -> None:
    normaliser = Normaliser({"node": ["nodejs", "node js"]}, domain_words=("django", "node"))
    once = normaliser.normalise(text)
    assert normaliser.normalise(once.text).text == once.text


def test_whole_words_finds_phrases_only_as_whole_words() -> None:
    pattern = whole_words(["node", "node js", ""])
    assert pattern is not None
    assert [m[0] for m in pattern.finditer("is node js faster than nodes")] == ["node js"]
    assert whole_words([""]) is None


def test_the_ascii_controls_dropped_fast_are_exactly_the_unwritten_characters() -> None:
    # clean_slack_text skips the per-character lookup for ASCII text: the table it uses
    # instead must drop exactly what the lookup drops, no more and no less.
    from bot.base.text import _ASCII_CONTROLS, _UNWRITTEN

    unwritten = {code for code in range(128) if unicodedata.category(chr(code)) in _UNWRITTEN}
    assert set(_ASCII_CONTROLS) == unwritten
    assert clean_slack_text("is\x00node\tfast\x7f?") == "is node fast ?"
