"""docs/contracts.md restates the contracts; every id and field it names is the code's and
the content's, both ways, so the page and the product cannot drift apart."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import yaml

from bot.content.model import KnowledgeBase
from bot.reply import Reply
from bot.slack import form_view
from bot.slack.listeners.shortcuts import ask_advisor
from bot.terminal.cli import build_parser
from tests.conftest import REPO

CONTRACTS = (REPO / "docs" / "contracts.md").read_text(encoding="utf-8")
_CODE = re.compile(r"`([^`]+)`")


def section(heading: str) -> str:
    """The text under one heading, up to the next heading of any level."""
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#|\Z)", CONTRACTS, re.M | re.S)
    assert match, f"docs/contracts.md has no section {heading!r}"
    return match.group(1)


def table_first_column(heading: str) -> list[str]:
    rows = [line for line in section(heading).splitlines() if line.startswith("| `")]
    return [name for row in rows for name in _CODE.findall(row.split("|")[1])]


def test_the_json_fields_are_the_reply_objects() -> None:
    assert table_first_column("The JSON reply") == list(Reply(text="").to_json("x"))


def test_the_environment_is_every_variable_the_code_reads() -> None:
    documented = set(table_first_column("Environment"))
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "bot").rglob("*.py"))
    read = set(re.findall(r"\"((?:SLACK|ADVISOR)_[A-Z_]+|PORT|LOG_LEVEL)\"", source))
    assert documented == read


def subcommand(parser: argparse.ArgumentParser, *path: str) -> argparse.ArgumentParser:
    for name in path:
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = action.choices[name]
    return parser


def test_every_command_and_flag_named_is_accepted() -> None:
    lines = [line for line in section("Command line").splitlines() if "`advisor " in line]
    assert len(lines) >= 5
    for line in lines:
        for usage in re.findall(r"`advisor ([^`]+)`", line):
            words = re.findall(r"(?<![-\w])[a-z]+", usage.split("[")[0].split('"')[0])
            parser = subcommand(build_parser(), *words)
            flags = set(re.findall(r"--[a-z-]+", usage))
            assert flags <= set(parser._option_string_actions), (usage, flags)


def test_the_intent_ids_are_the_contents(kb: KnowledgeBase) -> None:
    ids = section("Intents")
    faq = _CODE.findall(ids.split("Conversation:")[0])
    conversation = _CODE.findall(ids.split("Conversation:")[1].split("Out of scope")[0])
    assert sorted(faq) == sorted(i.id for i in kb.intents if i.kind == "faq")
    assert sorted(conversation) == sorted(i.id for i in kb.intents if i.kind == "conversation")


def test_the_criteria_ids_are_the_contents(kb: KnowledgeBase) -> None:
    documented = _CODE.findall(section("Comparison criteria (`/compare`)"))
    assert documented == [c.id for c in kb.criteria]


def test_the_advisor_questions_and_values_are_the_contents(kb: KnowledgeBase) -> None:
    rows = [line for line in section("Advisor questions and option values").splitlines()]
    documented = {
        _CODE.findall(row.split("|")[1])[0]: _CODE.findall(row.split("|")[2])
        for row in rows
        if row.startswith("| `")
    }
    assert documented == {q.id: [o.value for o in q.options] for q in kb.questionnaire.questions}


def test_the_slack_ids_are_the_apps() -> None:
    slack = section("Slack")
    assert f"`{form_view.CALLBACK_ID}`" in slack
    assert f"`{ask_advisor.CALLBACK_ID}`" in slack
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert set(re.findall(r"`(/[a-z]+)", slack)) == commands


def test_the_section_reader_reads(tmp_path: Path) -> None:
    """Guard against a vacuous pass: the sections hold what the checks compare."""
    assert "performance" in section("Intents")
    assert len(table_first_column("Environment")) > 5
