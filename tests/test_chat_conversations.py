"""Conversations in the terminal, end to end: `advisor chat --json` in a subprocess, one
JSON reply per typed line."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.base.controls import QUESTION_CONTROLS
from bot.content.model import KnowledgeBase
from tests.conftest import run_advisor
from tests.project_descriptions import GAME, PROJECTS, DescribedProject
from tests.said import echoes, says


def chat(*lines: str) -> list[dict[str, Any]]:
    result = run_advisor("chat", "--json", stdin="".join(f"{line}\n" for line in lines))
    assert result.returncode == 0, result.stderr
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in replies] == list(lines)
    return replies


@pytest.mark.parametrize("project", PROJECTS, ids=lambda p: p.name)
def test_a_described_project_reaches_its_outcome(project: DescribedProject) -> None:
    # The open questions come in the questionnaire's order; type each answer's value.
    replies = chat(project.text, *project.then.values())
    first, *rest = replies
    assert first["answers"] == project.read
    assert echoes(first["reply"], project.read)
    asked = [r["question"] for r in replies if r["question"]]
    assert asked == list(project.then)
    assert len(asked) <= 3
    assert rest[-1]["recommendation"] == project.outcome
    assert rest[-1]["answers"] == {**project.read, **project.then}
    assert says(rest[-1]["reply"], "would_change") or says(rest[-1]["reply"], "solid")


def test_decide_with_what_you_know_in_the_terminal() -> None:
    first, decided = chat(GAME.text, "decide")
    assert first["question"] == "sensitive_data"
    assert decided["question"] is None
    assert decided["recommendation"] == "node"
    assert decided["answers"] == GAME.read


def test_terminal_lists_decide_with_the_other_controls() -> None:
    result = run_advisor("chat", stdin=f"{GAME.text}\n")
    assert ", ".join(QUESTION_CONTROLS) in result.stdout
    assert echoes(result.stdout, {"team_language": "javascript"})


def test_follow_ups_switch_side_in_the_terminal(kb: KnowledgeBase) -> None:
    security, django, scale, node = chat(
        "what about security?", "and django?", "does django scale", "what about node"
    )
    assert security["intent"] == django["intent"] == "security"
    assert kb.criterion("security").django in django["reply"]
    assert scale["intent"] == node["intent"] == "scalability"
    assert kb.criterion("scalability").node in node["reply"]


def test_out_of_range_numbers_in_the_terminal(kb: KnowledgeBase) -> None:
    _answer, wrong, right, started = chat("is node faster?", "7", "2", "recommend")
    assert wrong["reply"] == kb.messages.text("pick_a_number", count=3)
    assert wrong["intent"] is None
    assert right["intent"] == "realtime"  # the second related question of the answer
    assert started["question"] == "team_language"


def test_framed_answers_in_the_terminal(kb: KnowledgeBase) -> None:
    admin, more = chat("does node have an admin panel", "tell me more")
    assert admin["intent"] == "admin_panel"
    opening = kb.intent("admin_panel").opening("node")  # the line for the side asked about
    assert opening is not None and admin["reply"].startswith(opening)
    assert more["reply"] == kb.messages.text("nothing_more")
