"""Each kind of name is declared once and agrees with the content: the message ids the code
uses are the ones messages.yaml defines, both ways; no id is assembled where this test
(and mypy) cannot see it."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.base import message_ids
from bot.base.message_ids import MESSAGE_IDS
from tests.conftest import REPO

BOT = REPO / "bot"
DECLARATION = BOT / "base" / "message_ids.py"


def trees() -> Iterator[tuple[Path, ast.AST]]:
    for path in sorted(BOT.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def strings_in_code() -> set[str]:
    """Every string constant in the code but the ids' own declaration."""
    return {
        node.value
        for path, tree in trees()
        if path != DECLARATION
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def family_members() -> set[str]:
    return {
        member
        for name, value in vars(message_ids).items()
        if name.isupper() and isinstance(value, dict)
        for member in value.values()
    }


def is_messages(node: ast.expr) -> bool:
    """`words`, `messages` or `<anything>.messages`: the content's Messages."""
    if isinstance(node, ast.Name):
        return node.id in {"words", "messages"}
    return isinstance(node, ast.Attribute) and node.attr == "messages"


def text_calls() -> Iterator[tuple[str, ast.expr]]:
    """The first argument of every `<messages>.text(...)` call, with where it is."""
    for path, tree in trees():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "text"
                and is_messages(node.func.value)
                and node.args
            ):
                yield f"{path.relative_to(REPO)}:{node.lineno}", node.args[0]


def test_the_declared_ids_are_messages_yamls() -> None:
    defined = yaml.safe_load((REPO / "knowledge" / "messages.yaml").read_text(encoding="utf-8"))
    assert set(MESSAGE_IDS) == set(defined)
    assert len(MESSAGE_IDS) == len(set(MESSAGE_IDS))


def test_every_declared_id_is_used_by_the_code() -> None:
    unused = set(MESSAGE_IDS) - strings_in_code() - family_members()
    assert unused == set()


def test_no_message_id_is_assembled_at_run_time() -> None:
    """An f-string or a concatenation is an id no check can see; a family is a mapping."""
    assembled = {where for where, arg in text_calls() if isinstance(arg, ast.JoinedStr | ast.BinOp)}
    assert assembled == set()


def test_every_literal_id_asked_for_is_declared() -> None:
    literal = {
        (where, arg.value)
        for where, arg in text_calls()
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
    }
    assert len(literal) > 40  # the reading sees the calls
    assert {(w, m) for w, m in literal if m not in MESSAGE_IDS} == set()


def test_the_families_cover_their_names() -> None:
    assert set(message_ids.EDGE_BADGE) == {"node", "django", "tie"}
    assert family_members() <= set(MESSAGE_IDS)


def test_a_family_with_an_undeclared_member_fails_as_it_is_built() -> None:
    """A family's ids follow its names; one missing from MessageId stops the import."""
    assert message_ids.family("edge_short", ("node", "tie")) == {
        "node": "edge_short_node",
        "tie": "edge_short_tie",
    }
    assert message_ids.CLARITY_WORD["close call"] == "clarity_close_call"
    with pytest.raises(ValueError, match="edge_short_nodejs"):
        message_ids.family("edge_short", ("node", "nodejs"))
