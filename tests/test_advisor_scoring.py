"""The advisor's scoring against the article: every point traced to a statement in it,
typical projects reach the outcome the article supports, no tie is decided by a default,
and a result says how clear it is."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.base.message_ids import CLARITY_WORD
from bot.content.loading import read_knowledge
from bot.content.model import KnowledgeBase
from bot.dialogue.advisor import score
from bot.dialogue.advisor_distribution import decided_by_default, distribution, every_answer_set
from bot.dialogue.advisor_replies import describe_outcome
from tests.conftest import REPO, run_advisor
from tests.said import advisor_option, advisor_question, named, said, says
from tests.typical_projects import PROJECTS, TypicalProject

ARTICLE = REPO.parent / "shared" / "seed" / "node-vs-django-article.txt"
needs_article = pytest.mark.skipif(not ARTICLE.exists(), reason=f"no article at {ARTICLE}")


def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8").replace("\u2019", "'")


# --- the table of typical projects ------------------------------------------------------


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_a_typical_project_gets_the_outcome_the_article_supports(
    kb: KnowledgeBase, project: TypicalProject
) -> None:
    assert set(project.answers) == {q.id for q in kb.questionnaire.questions}
    outcome = score(kb.questionnaire, project.answers)
    assert outcome.recommendation == project.outcome
    assert outcome.clarity in {"clear", "leaning"}


def test_the_table_covers_the_projects_the_issue_names() -> None:
    assert len(PROJECTS) >= 12
    outcomes = {p.name: p.outcome for p in PROJECTS}
    assert outcomes["JavaScript-only team, small MVP"] == "node"
    assert outcomes["Python team, ML/data platform"] == "django"
    assert outcomes["Realtime chat product"] == "node"
    assert outcomes["Regulated back office"] == "django"
    assert outcomes["Live updates and a secure, data-heavy core"] == "both"


@needs_article
@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_each_project_quotes_a_line_of_the_article(project: TypicalProject) -> None:
    assert project.article in article_text()


def test_a_javascript_mvp_is_told_node_and_why_says_javascript(kb: KnowledgeBase) -> None:
    (mvp,) = [p for p in PROJECTS if p.name == "JavaScript-only team, small MVP"]
    outcome = score(kb.questionnaire, mvp.answers)
    assert outcome.recommendation == "node"
    assert "JavaScript" in outcome.reasons[0]


def test_a_javascript_teams_expertise_outweighs_delivery_speed(kb: KnowledgeBase) -> None:
    fast = {"time_to_market": "yes"}
    for team in ("python", "both", "neither"):
        assert score(kb.questionnaire, {**fast, "team_language": team}).django_points >= 2
    js = score(kb.questionnaire, {**fast, "team_language": "javascript"})
    assert (js.recommendation, js.django_points) == ("node", 0)


def test_a_python_ml_platform_with_microservices_and_traffic_is_still_django(
    kb: KnowledgeBase,
) -> None:
    answers = {"team_language": "python", "data_science": "yes",
               "architecture": "microservices", "concurrency": "high"}  # fmt: skip
    outcome = score(kb.questionnaire, answers)
    assert outcome.recommendation == "django"
    assert any("data science" in reason for reason in outcome.reasons)


# --- every point traced to the article --------------------------------------------------


def test_every_scoring_rule_names_its_source(kb: KnowledgeBase) -> None:
    sections = kb.questionnaire.article_sections
    for question in kb.questionnaire.questions:
        for option in question.options:
            if option.node or option.django:
                assert option.source is not None, (question.id, option.value)
                assert option.source.section in sections


def test_no_answer_of_no_scores(kb: KnowledgeBase) -> None:
    """The article never says that lacking a need favours the other side."""
    for question in kb.questionnaire.questions:
        for value in ("no", "simple", "moderate", "unsure", "both"):
            option = question.option(value)
            if option is not None:
                assert option.node == option.django == 0, (question.id, value)


@needs_article
def test_every_source_is_the_articles_own_words(kb: KnowledgeBase) -> None:
    text = article_text()
    headings = set(text.splitlines())
    for section in kb.questionnaire.article_sections:
        assert section in headings
    for question in kb.questionnaire.questions:
        for option in question.options:
            if option.source is not None:
                assert option.source.says.replace("\u2019", "'") in text, (question.id, option)


SOURCED_RULE = """\
controls: {back: [back], skip: [skip], restart: [restart], cancel: [cancel], why: [why]}
article_sections: [Real-Time Capabilities]
questions:
  - id: realtime
    title: Real-time
    text: Real-time?
    why: Because.
    options:
      - value: "yes"
        label: "Yes"
        node: 3
        reason: a
        source: {section: Real-Time Capabilities, says: Node.js is the clear winner.}
      - {value: "no", label: "No", reason: b}
"""


def test_kb_check_refuses_a_scoring_rule_without_a_source(make_kb: Callable[..., Path]) -> None:
    assert read_knowledge(make_kb(knowledge__advisor_yaml=SOURCED_RULE))[0] is not None
    sourceless = SOURCED_RULE.replace(
        "        source: {section: Real-Time Capabilities, says: Node.js is the clear winner.}\n",
        "",
    )
    root = make_kb(knowledge__advisor_yaml=sourceless)
    result = run_advisor("kb", "check", str(root))
    assert result.returncode == 1
    assert "advisor.yaml:9: option 'yes' gives points but names no source" in result.stdout
    elsewhere = SOURCED_RULE.replace("section: Real-Time Capabilities,", "section: Elsewhere,")
    kb, problems = read_knowledge(make_kb(knowledge__advisor_yaml=elsewhere))
    assert kb is None
    assert any("source section 'Elsewhere' is not in article_sections" in str(p) for p in problems)


# --- no default side -------------------------------------------------------------------


def test_no_tie_is_decided_by_a_default(kb: KnowledgeBase) -> None:
    sides = set()
    for answers in every_answer_set(kb.questionnaire):
        outcome = score(kb.questionnaire, answers)
        assert not decided_by_default(outcome), answers
        if outcome.tie:
            assert outcome.decisive is not None
            sides.add(outcome.recommendation)
    assert sides == {"node", "django"}  # ties go either way: no fixed side


def test_the_distribution_covers_every_complete_answer_set(kb: KnowledgeBase) -> None:
    found = distribution(kb.questionnaire)
    expected = 1
    for question in kb.questionnaire.questions:
        expected *= len(question.options)
    assert found.total == expected == 2304
    assert sum(found.outcomes.values()) == sum(found.clarity.values()) == found.total
    assert found.ties > 0 and found.ties_by_default == 0
    assert {"node", "django", "both"} <= set(found.outcomes)


def test_advisor_eval_prints_the_distribution() -> None:
    result = run_advisor("eval", "--advisor")
    assert result.returncode == 0, result.stderr
    assert "2,304 complete answer sets" in result.stdout
    for name in ("node", "django", "both", "clear", "leaning", "close call"):
        assert f"  {name} " in result.stdout
    assert "decided by a default: 0" in result.stdout
    as_json = json.loads(run_advisor("eval", "--advisor", "--json").stdout)
    assert as_json["total"] == 2304 and as_json["ties_by_default"] == 0


def test_nothing_that_favours_a_side_gets_no_pick(kb: KnowledgeBase) -> None:
    nothing = {"team_language": "both", "realtime": "no", "sensitive_data": "no"}
    outcome = score(kb.questionnaire, nothing)
    assert outcome.recommendation is None and outcome.clarity is None
    text = describe_outcome(kb.questionnaire.messages, outcome, 9)
    assert text.startswith(said("no_pick")) and says(text, "next_most")


# --- close calls -----------------------------------------------------------------------

JS_WITH_ADMIN = {"team_language": "javascript", "admin_panel": "yes", "realtime": "no",
                 "concurrency": "moderate"}  # fmt: skip


def test_a_tie_is_a_close_call_that_names_the_answer_that_weighs_most(kb: KnowledgeBase) -> None:
    outcome = score(kb.questionnaire, JS_WITH_ADMIN)
    assert outcome.node_points == outcome.django_points
    assert (outcome.tie, outcome.clarity) == (True, "close call")
    assert outcome.decisive is not None
    # Both weigh 3; the admin panel is a need only Django meets well, so it weighs most.
    assert (outcome.decisive.question.id, outcome.recommendation) == ("admin_panel", "django")
    text = describe_outcome(kb.questionnaire.messages, outcome, 9)
    admin, yes = advisor_question("admin_panel").title, advisor_option("admin_panel", "yes").label
    heading = said("close_call_tie", outcome=named("django"), question=admin, option=yes)
    assert text.startswith(heading)
    node, django = text.index(said("strengths_node")), text.index(said("strengths_django"))
    # Each side's strengths under its heading: a JavaScript team for Node.js, the admin
    # panel for Django.
    assert advisor_option("team_language", "javascript").reason in text[node:django]
    assert advisor_option("admin_panel", "yes").reason in text[django:]
    assert says(text, "would_tip") and not says(text, "would_change")


def test_a_tie_follows_its_weightiest_answer_to_either_side(kb: KnowledgeBase) -> None:
    python_realtime = {"team_language": "python", "realtime": "yes", "admin_panel": "no"}
    outcome = score(kb.questionnaire, python_realtime)
    assert outcome.tie and outcome.recommendation == "node"
    assert outcome.decisive is not None and outcome.decisive.question.id == "realtime"


# --- clarity from evidence -------------------------------------------------------------


def test_one_answer_is_provisional_and_names_the_question_that_matters_next(
    kb: KnowledgeBase,
) -> None:
    outcome = score(kb.questionnaire, {"team_language": "python"})
    assert (outcome.recommendation, outcome.clarity) == ("django", "provisional")
    assert outcome.next_question is not None
    text = describe_outcome(kb.questionnaire.messages, outcome, 9)
    provisional = said(CLARITY_WORD["provisional"])
    assert text.startswith(said("recommend", outcome=named("django"), clarity=provisional))
    next_one = outcome.next_question.title
    assert said("next_most", count=1, total=9, question=next_one) in text


def test_clarity_grows_with_the_answers(kb: KnowledgeBase) -> None:
    answers = {"team_language": "python", "sensitive_data": "yes"}
    assert score(kb.questionnaire, answers).clarity == "provisional"
    answers |= {"admin_panel": "yes", "realtime": "no"}
    assert score(kb.questionnaire, answers).clarity == "leaning"  # four answers: not yet clear
    answers |= {"data_model": "complex"}
    assert score(kb.questionnaire, answers).clarity == "clear"


def test_kb_check_refuses_an_unless_or_a_mix_that_names_no_answer(
    make_kb: Callable[..., Path],
) -> None:
    broken = SOURCED_RULE.replace(
        "        reason: a\n", "        reason: a\n        unless: {team_language: cobol}\n"
    ).replace("    why: Because.\n", "    why: Because.\n    mixed: {value: both, of: [yes, no]}\n")
    kb, problems = read_knowledge(make_kb(knowledge__advisor_yaml=broken))
    assert kb is None
    found = [str(p) for p in problems]
    assert any("'unless' names no such answer: team_language=cobol" in p for p in found)
    assert any("'mixed' names 'both', which is not an option value" in p for p in found)
