"""The shipped content keeps docs/contracts.md's contracts and the authoring rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process

from bot.content.model import KnowledgeBase

REPO = Path(__file__).resolve().parent.parent
FAQ_IDS = {
    "performance", "learning_curve", "use_together", "enterprise", "companies_both",
    "what_is_node", "what_is_django", "who_uses_node", "who_uses_django", "realtime",
    "scalability", "security", "architecture", "language", "philosophy", "async_support",
    "microservices", "containers", "when_node", "when_django", "popularity", "admin_panel",
    "database_orm", "what_is_backend", "verdict", "regulated_industries", "ecosystem",
    "hiring", "typescript", "ml_integration", "mvp",
}  # fmt: skip
CONVERSATION_IDS = {"greeting", "help", "thanks", "start_advisor"}
CRITERIA_IDS = {
    "performance", "concurrency", "realtime", "scalability", "architecture", "microservices",
    "async", "containers", "security", "learning_curve", "language", "philosophy",
    "ecosystem", "admin", "database", "popularity", "use_cases",
}  # fmt: skip


def test_exactly_the_design_intent_ids(kb: KnowledgeBase) -> None:
    assert {i.id for i in kb.intents} == FAQ_IDS | CONVERSATION_IDS
    assert {i.id for i in kb.intents if i.kind == "conversation"} == CONVERSATION_IDS


def test_exactly_the_design_criteria_ids(kb: KnowledgeBase) -> None:
    assert {c.id for c in kb.criteria} == CRITERIA_IDS
    assert all(c.edge in {"node", "django", "tie"} for c in kb.criteria)


def test_every_intent_is_well_furnished(kb: KnowledgeBase) -> None:
    for intent in kb.intents:
        assert len(intent.examples) >= 12, intent.id
        assert len(intent.answer) <= 700, f"{intent.id}: {len(intent.answer)} characters"
        assert intent.related, f"{intent.id} has no follow-up questions"


def test_answers_carry_the_articles_key_figures(kb: KnowledgeBase) -> None:
    answers = " ".join(i.answer for i in kb.intents)
    for figure in ("50,000+", "10x", "35%", "42.7%", "48%", "63.61%", "49.28%", "3.1", "230"):
        assert figure in answers, figure


def test_twin_intents_point_at_each_other(kb: KnowledgeBase) -> None:
    for intent in kb.intents:
        if intent.counterpart:
            twin = kb.intent(intent.counterpart)
            assert twin.counterpart == intent.id
            assert {intent.subject, twin.subject} == {"node", "django"}


@pytest.mark.parametrize("measuring_set", ["paraphrases.yaml", "realworld-dev.yaml"])
def test_measuring_sets_are_not_copied_into_the_content(
    kb: KnowledgeBase, measuring_set: str
) -> None:
    """The measuring sets are held out: no line may stand in the content as an example,
    neither as it is nor once normalised, nor nearly (a longer line reworded a little).
    Lines of one to three words ("hi", "thx", "which is better") are what anyone writes
    and are left out of the comparison."""
    cases = yaml.safe_load((REPO / "tests/data" / measuring_set).read_text())
    examples = [e for i in kb.intents for e in i.examples] + list(kb.settings.out_of_scope_examples)
    known = {kb.normaliser.normalise(e).text: e for e in examples}
    long_ones = [text for text in known if len(text.split()) >= 5]
    copied = []
    for case in cases:
        said = kb.normaliser.normalise(case["text"]).text
        if len(said.split()) < 4:
            continue
        if said in known:
            copied.append((case["text"], known[said]))
        elif len(said.split()) >= 5:
            near = process.extractOne(said, long_ones, scorer=fuzz.ratio, score_cutoff=90)
            if near is not None:
                copied.append((case["text"], known[near[0]]))
    assert copied == []


def test_paraphrase_set_size() -> None:
    cases = yaml.safe_load((REPO / "tests/data/paraphrases.yaml").read_text())
    assert len(cases) >= 200
    assert sum(c["intent"] == "out_of_scope" for c in cases) >= 40
