"""Figures hold up: each one is declared with its source, and answers say what the source does."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

from bot.content.figures import check_figures, figures_in
from bot.content.loading import packaged_root
from bot.content.model import KnowledgeBase
from tests.conftest import run_advisor

MakeKb = Callable[..., Path]

FAST_ANSWER = """\
id: performance
title: Is node faster?
examples: [is node faster, which is quicker]
answer: |
  *Usually, for I/O.*
  Node ran about 3x faster and served 230M+ users;
  it runs on V8 since 2009.
related: []
"""

FACTS = """\
facts:
  - value: "3x"
    measures: speed-up
    source: a benchmark
  - value: "230 million"
    measures: users
    source: a company
  - value: "2009"
    measures: the year
    source: history
"""


def test_every_figure_in_the_shipped_content_is_declared() -> None:
    assert check_figures(packaged_root()) == []


def test_kb_check_fails_on_an_undeclared_figure_at_its_line(make_kb: MakeKb) -> None:
    root = make_kb(intents__performance_yaml=FAST_ANSWER)
    result = run_advisor("kb", "check", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    where = f"{root}/intents/performance.yaml"
    assert any(line.startswith(f"{where}:6: figure '3x' is not declared") for line in lines)
    assert any(line.startswith(f"{where}:6: figure '230M+'") for line in lines)
    assert any(line.startswith(f"{where}:7: figure '2009'") for line in lines)
    assert not any("'8'" in line for line in lines)  # V8 is a name, not a figure
    assert "knowledge/facts.yaml" in lines[0]


def test_a_declared_figure_passes_in_any_written_form(make_kb: MakeKb) -> None:
    root = make_kb(intents__performance_yaml=FAST_ANSWER, knowledge__facts_yaml=FACTS)
    assert check_figures(root) == []  # "230M+" is the declared "230 million"
    result = run_advisor("kb", "check", str(root))
    assert result.returncode == 0
    assert "every figure declared by the 3 facts" in result.stdout


def test_comparisons_and_advisor_texts_are_checked_but_examples_are_not(
    make_kb: MakeKb,
) -> None:
    criteria = """\
    criteria:
      - id: performance
        name: Performance
        aliases: [top 10 speed]
        node: "Handles 40% more."
        django: Fine for CRUD.
        edge: node
        why: Event loop.
    """
    advisor = """\
    controls: {back: [back], skip: [skip], restart: [restart], cancel: [cancel], why: [why]}
    questions:
      - id: realtime
        title: Real-time
        text: Real-time features for 1000 users?
        why: Node is good at it.
        options:
          - {value: "yes", label: "Yes", node: 3, strong: node, reason: Live.}
          - {value: "no", label: "No", django: 1, reason: Calm.}
    """
    root = make_kb(knowledge__criteria_yaml=criteria, knowledge__advisor_yaml=advisor)
    found = {
        (p.path.rsplit("/", 1)[-1], p.line, p.message.split("'")[1]) for p in check_figures(root)
    }
    assert found == {("criteria.yaml", 5, "40%"), ("advisor.yaml", 5, "1000")}


def test_a_number_in_a_declared_source_name_is_declared(make_kb: MakeKb) -> None:
    intent = FAST_ANSWER.replace("Node ran about 3x faster and served 230M+ users;\n", "")
    intent = intent.replace("since 2009", "per a 2023 survey")
    facts = 'facts:\n  - {value: "42.7%", measures: use, source: Stack Overflow Survey 2023}\n'
    root = make_kb(intents__performance_yaml=intent, knowledge__facts_yaml=facts)
    assert check_figures(root) == []


def test_a_malformed_fact_is_reported_at_its_line(make_kb: MakeKb) -> None:
    facts = """\
    facts:
      - value: "35% and 10x"
        measures: two things
        source: somewhere
      - value: "3x"
        measures: speed
    """
    root = make_kb(knowledge__facts_yaml=textwrap.dedent(facts))
    messages = [str(p) for p in check_figures(root)]
    assert any(
        "facts.yaml:2: fact value '35% and 10x' must be exactly one figure" in m for m in messages
    )
    assert any("facts.yaml:5: missing key 'source'" in m for m in messages)


def test_written_forms_of_one_figure_are_equal() -> None:
    def parsed(text: str) -> list[tuple[float, str]]:
        return [(f.amount, f.unit) for f in figures_in(text)]

    assert parsed("230M+") == parsed("230 million") == [(230e6, "")]
    assert parsed("50,000+") == parsed("50k") == [(50000.0, "")]
    assert parsed("*35%*") == [(35.0, "%")]
    assert parsed("about 2x") == [(2.0, "x")]
    assert parsed("V8, ES6 and OAuth2") == []
    assert parsed("Django 3.1+.") == [(3.1, "")]


# What the answers say, held against the source article.


def answer(question: str) -> str:
    return str(json.loads(run_advisor("ask", question, "--json").stdout)["reply"])


def test_async_dates_asgi_to_3_0_and_async_views_to_3_1(kb: KnowledgeBase) -> None:
    text = kb.intent("async_support").answer
    assert "ASGI since Django 3.0" in text and "async views since 3.1" in text
    assert "Django 3.0" in kb.criterion("async").django


def test_server_sent_events_are_not_credited_to_socket_io(kb: KnowledgeBase) -> None:
    for text in (kb.intent("realtime").answer, kb.criterion("realtime").node):
        assert "server-sent events through Socket.io" not in text
        assert "WebSockets and server-sent events come easily with" not in text
        assert "streaming" in text


def test_the_50k_figure_names_risingstack_and_no_single_process(kb: KnowledgeBase) -> None:
    texts = [kb.intent("performance").answer, kb.criterion("concurrency").node]
    texts += [q.why for q in kb.questionnaire.questions if "50,000+" in q.why]
    assert len(texts) == 3
    for text in texts:
        (line,) = [line for line in text.splitlines() if "50,000+" in line]
        assert "RisingStack" in line
        assert "process" not in line  # a benchmark figure, not a per-process promise


def test_node_images_are_not_claimed_smaller(kb: KnowledgeBase) -> None:
    texts = [kb.intent("containers").answer, kb.criterion("containers").node]
    texts.append(kb.criterion("containers").why)
    for text in texts:
        assert "small images" not in text.lower() and "lighter" not in text


def test_only_nasa_is_tied_to_admin_dashboards(kb: KnowledgeBase) -> None:
    text = kb.intent("admin_panel").answer
    assert "NASA" in text and "National Geographic" not in text


def test_companies_both_names_no_company_as_using_both() -> None:
    text = answer("are there companies using both node and django?")
    assert "article" not in text
    assert "can't name a company known for running both" in text


def test_speed_answers_say_paypal_and_linkedin_left_other_stacks(kb: KnowledgeBase) -> None:
    assert "not from Django" in answer("is node faster than django?")
    assert "not Django" in kb.criterion("performance").node


def test_no_answer_sends_people_to_the_article(kb: KnowledgeBase) -> None:
    texts = [t for i in kb.intents for t in (i.answer, i.details or "")]
    assert not [t for t in texts if "the article" in t.lower()]
