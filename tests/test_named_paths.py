"""Every path a comment, a docstring, a content comment or a doc names exists, so a reader
who follows one lands somewhere (a renamed module takes its mentions along)."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import REPO

TOP = r"(?:bot|tests|docs|knowledge|intents|benchmarks|\.ci)"
SUB = r"(?:content|understanding|dialogue|storage|ops|slack|terminal|listeners)"
_PATH = re.compile(rf"(?<![@\w./-])((?:{TOP}|{SUB})/[\w./-]*\w)")
# Made when a benchmark runs, not kept in the repository.
MADE_AT_RUN_TIME = {"benchmarks/.node"}


def python_prose(path: Path) -> Iterator[str]:
    """A module's comments and docstrings: what a reader is told, not what the code does."""
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            yield ast.get_docstring(node) or ""


def yaml_comments(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if "#" in line:
            yield line.split("#", 1)[1]


def prose() -> Iterator[tuple[Path, str]]:
    for folder in ("bot", "tests", "benchmarks"):
        for path in sorted((REPO / folder).rglob("*.py")):
            if "blind" not in path.parts:
                yield from ((path, text) for text in python_prose(path))
    for folder in ("knowledge", "intents"):
        for path in sorted((REPO / folder).glob("*.yaml")):
            yield from ((path, text) for text in yaml_comments(path))
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        yield path, path.read_text(encoding="utf-8")


def exists(name: str) -> bool:
    name = name.rstrip(".")
    return name in MADE_AT_RUN_TIME or any(
        (base / name).exists() for base in (REPO, REPO / "bot", REPO / "bot" / "slack")
    )


def test_every_path_named_in_prose_exists() -> None:
    missing = {
        f"{path.relative_to(REPO)}: {name}"
        for path, text in prose()
        for name in _PATH.findall(text)
        if not exists(name)
    }
    assert missing == set()


def test_the_reader_finds_paths() -> None:
    """Guard against a vacuous pass: known mentions are found, a wrong one is caught."""
    found = {name for _, text in prose() for name in _PATH.findall(text)}
    assert {"bot/understanding/matcher.py", "docs/contracts.md"} <= found
    assert not exists("bot/matcher.py")


def test_no_prose_cites_a_design_outside_the_project() -> None:
    """The contracts are restated in docs/contracts.md, the one place a reader is sent."""
    citing = {str(path.relative_to(REPO)) for path, text in prose() if "DESIGN" in text}
    assert citing == set()
