"""`advisor kb check` on the content behind conversations: per-side openings of intents,
and what the advisor reads from a project description."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.content.loading import load_knowledge, read_knowledge
from tests.conftest import MINIMAL_ADVISOR, run_advisor

MakeKb = Callable[..., Path]

PERFORMANCE = """\
id: performance
title: Performance
examples: [is node faster, which is quicker]
answer: Node is faster for I/O.
"""


def problems_of(root: Path) -> list[str]:
    kb, problems = read_knowledge(root)
    assert kb is None, "a broken knowledge base must not load"
    return [str(p) for p in problems]


def test_openings_are_read_per_side(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__performance_yaml=PERFORMANCE
        + "openings:\n  django: Django is quick enough for most pages.\n"
    )
    intent = load_knowledge(root).intent("performance")
    assert intent.opening("django") == "Django is quick enough for most pages."
    assert intent.opening("node") is None


def test_bad_openings_are_reported_with_file_and_line(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__performance_yaml=PERFORMANCE
        + "openings:\n  rails: Rails is not our business.\n  node: ''\n"
    )
    found = problems_of(root)
    assert any(
        p.endswith("performance.yaml:6: unknown key 'rails' (allowed: django, node)") for p in found
    )
    assert any(p.endswith("performance.yaml:7: 'node' is empty") for p in found)


def test_openings_must_be_a_mapping(make_kb: MakeKb) -> None:
    root = make_kb(intents__performance_yaml=PERFORMANCE + "openings: [node, django]\n")
    assert any(
        p.endswith("performance.yaml:5: 'openings' must be a mapping") for p in problems_of(root)
    )


def test_cli_reports_a_bad_opening_and_exits_1(make_kb: MakeKb) -> None:
    root = make_kb(intents__performance_yaml=PERFORMANCE + "openings:\n  nodejs: Hi.\n")
    result = run_advisor("kb", "check", str(root))
    assert result.returncode == 1
    assert "performance.yaml:6: unknown key 'nodejs'" in result.stdout + result.stderr


def test_description_cues_are_checked(make_kb: MakeKb) -> None:
    advisor = MINIMAL_ADVISOR.replace(
        "    why: Node is good at it.\n",
        "    why: Node is good at it.\n    topic: [live chat]\n    when_mentioned: often\n",
    )
    advisor += "descriptions:\n  min_words: lots\n  pick_phrases: [pick]\n"
    found = problems_of(make_kb(knowledge__advisor_yaml=advisor))
    assert any(
        p.endswith("advisor.yaml:13: 'when_mentioned' is not an option value: 'often'")
        for p in found
    )
    assert any(p.endswith("advisor.yaml:20: 'min_words' must be a number") for p in found)
    assert any("advisor.yaml:21: unknown key 'pick_phrases'" in p for p in found)


def test_understood_text_must_fit_a_line(make_kb: MakeKb) -> None:
    advisor = MINIMAL_ADVISOR.replace("reason: Live.}", f"reason: Live., understood: {'x' * 90}}}")
    found = problems_of(make_kb(knowledge__advisor_yaml=advisor))
    assert any("'understood' is 90 characters; Slack allows 75" in p for p in found)
