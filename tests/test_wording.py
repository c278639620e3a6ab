"""Code tests leave the wording to the content: no test pins a sentence of
knowledge/messages.yaml, an intent's answer, a criterion or an advisor question. A test
that checks what was said names the message (its id and values, through tests/said.py),
the intent it answers, or reads the text from the content, so a writer can reword the
content without breaking a code test, and a wrong message still fails one.

Tests about the content itself (`kb check`, the content's own wording) may quote it:
they are listed in QUOTING, each with its reason."""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path

import yaml

from bot.base.text import fold
from bot.reply import plain_text
from tests.said import messages, shipped

TESTS = Path(__file__).resolve().parent
QUOTING = {
    "test_kb_check.py": "its fixtures are small messages.yaml files of its own, written as content",
    "test_facts.py": "it checks the figures and claims where the content states them",
}
PHRASES = ("expand", "change_alone", "goodbye")  # advisor.yaml's conversation words
MIN_WORDS = 3  # shorter stretches ("Node.js", "a close call") are names, not sentences
# Where a message's own wording stops: a placeholder, or a quoted example of what to type
# (the fallback's _"is node faster?"_ is the person's words, which tests type).
_NOT_WORDING = re.compile(r"\{[a-z_]+\}|\"[^\"]*\"")


def _words(text: str) -> str:
    """`text` as comparable words: no mrkdwn, no case, single spaces."""
    return " ".join(plain_text(text).lower().split())


def sentences() -> dict[str, str]:
    """Each stretch of the content's wording long enough to be a sentence (between
    placeholders, quoted examples and line ends), and where it comes from."""
    kb = shipped()
    sources: list[tuple[str, str]] = list(messages().texts.items())
    for intent in kb.intents:
        said = (intent.answer, intent.details, *(opening for _, opening in intent.openings))
        sources += [(f"intents/{intent.id}.yaml", text) for text in said]
    for criterion in kb.criteria:
        said = (criterion.node, criterion.django, criterion.why)
        sources += [(f"criteria.yaml: {criterion.id}", text) for text in said]
    for question in kb.questionnaire.questions:
        said = (question.text, question.why, *(o.reason for o in question.options))
        sources += [(f"advisor.yaml: {question.id}", text) for text in said]
    found: dict[str, str] = {}
    for where, text in sources:
        for piece in _NOT_WORDING.split(text):
            for line in piece.splitlines():
                words = _words(line)
                if len(words.split()) >= MIN_WORDS:
                    found.setdefault(words, where)
    return found


def typed() -> frozenset[str]:
    """What a person types (the intents' examples, the conversation's and the controls'
    words), folded: a message may suggest "is node faster?", and a test may type it."""
    kb = shipped()
    advisor = yaml.safe_load((kb.root / "knowledge" / "advisor.yaml").read_text("utf-8"))
    words = [example for intent in kb.intents for example in intent.examples]
    words += [w for key in PHRASES for w in advisor["conversation"][key]]
    words += [w for control in advisor["controls"].values() for w in control]
    return frozenset(fold(w) for w in words)


def _literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """The string literals of a module but its docstrings, with their line numbers."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        if isinstance(node.value, str):
            yield node.lineno, node.value


def pinned(path: Path, wording: dict[str, str], inputs: frozenset[str]) -> list[str]:
    """Where a test file quotes the content's wording: 'file:line: where: literal'."""
    everything = "\n".join(wording)  # one search first: most literals are nowhere in it
    by_length = sorted(wording, key=len)
    found = []
    for line, literal in _literals(ast.parse(path.read_text(encoding="utf-8"))):
        words = _words(literal)
        if len(words.split()) < MIN_WORDS or fold(literal) in inputs:
            continue
        shorter = by_length[: bisect_right(by_length, len(words), key=len)]
        if words in everything:
            quoted = next((s for s in wording if words in s), None)
        else:
            quoted = next((s for s in shorter if s in words), None)
        if quoted is not None:
            found.append(f"{path.name}:{line}: {wording[quoted]}: {literal[:60]!r}")
    return found


def test_no_code_test_pins_a_message_s_wording() -> None:
    wording, inputs = sentences(), typed()
    found = [
        line
        for path in sorted(TESTS.glob("*.py"))  # not tests/blind/, which no test reads
        if path.name not in QUOTING
        for line in pinned(path, wording, inputs)
    ]
    assert not found, (
        "these tests quote the content's wording; check the message id, the intent or the "
        "content read at test time instead (tests/said.py):\n" + "\n".join(found)
    )


def test_the_guard_finds_a_pinned_sentence(tmp_path: Path) -> None:
    sentence = messages().text("thread_cut_short")
    test = tmp_path / "test_pinned.py"
    test.write_text(f'def test_it() -> None:\n    assert {sentence[20:60]!r} in "x"\n')
    assert pinned(test, sentences(), typed()) == [
        f"test_pinned.py:2: thread_cut_short: {sentence[20:60]!r}"
    ]
    test.write_text('"""A docstring may name the thread_cut_short wording."""\n')
    assert pinned(test, sentences(), typed()) == []


def test_the_guard_finds_an_answer_quoted_and_lets_a_typed_question_pass(tmp_path: Path) -> None:
    answer = plain_text(shipped().intent("performance").answer.splitlines()[0])
    typed_question = shipped().intent("performance").examples[0]
    test = tmp_path / "test_pinned.py"
    test.write_text(f"ASKED = {typed_question!r}\nSHOWN = {answer[5:50]!r}\n")
    assert pinned(test, sentences(), typed()) == [
        f"test_pinned.py:2: intents/performance.yaml: {answer[5:50]!r}"
    ]
