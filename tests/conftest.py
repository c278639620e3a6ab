"""Shared fixtures: the shipped knowledge base, and a tiny valid one to break on purpose."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from bot.content.loading import load_knowledge, packaged_root
from bot.content.model import KnowledgeBase
from bot.understanding.matcher import IntentMatcher

REPO = Path(__file__).resolve().parent.parent

# CI replays the same generated inputs every run (reproducible); locally, property tests
# keep exploring new ones.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge(packaged_root())


@pytest.fixture(scope="session")
def matcher(kb: KnowledgeBase) -> IntentMatcher:
    return IntentMatcher(kb)


MINIMAL_SETTINGS = """\
matcher:
  confident: 0.7
  unsure: 0.4
  margin: 0.05
min_examples: 2
aliases:
  node: [nodejs, node js]
other_technologies: [react]
"""

MINIMAL_CRITERIA = """\
criteria:
  - id: performance
    name: Performance
    node: Fast at I/O.
    django: Fine for CRUD.
    edge: node
    why: Event loop.
"""


MINIMAL_ADVISOR = """\
controls:
  back: [back]
  skip: [skip]
  restart: [restart]
  cancel: [cancel]
  why: [why]
questions:
  - id: realtime
    title: Real-time
    text: Real-time features?
    why: Node is good at it.
    options:
      - {value: "yes", label: "Yes", node: 3, strong: node, source: {section: A, says: B},
         reason: Live.}
      - {value: "no", label: "No", reason: Calm.}
article_sections: [A]
"""


def _intent(intent_id: str, examples: list[str], related: str = "[]") -> str:
    lines = "\n".join(f"  - {e}" for e in examples)
    return (
        f"id: {intent_id}\ntitle: {intent_id.title()}\nexamples:\n{lines}\n"
        f"answer: The answer for {intent_id}.\nrelated: {related}\n"
    )


MINIMAL_INTENTS = {
    "greeting": _intent("greeting", ["hi", "hello"]),
    "help": _intent("help", ["help", "what can you do"]),
    "thanks": _intent("thanks", ["thanks", "thank you"]),
    "start_advisor": _intent("start_advisor", ["recommend", "help me choose"]),
    "performance": _intent(
        "performance", ["is node faster", "which is quicker"], related="[greeting]"
    ),
}


# The real surfaces, without App Home's example questions and comparisons (they name
# intents and criteria the minimal content does not have).
MINIMAL_SURFACES = "".join(
    line
    for line in (REPO / "knowledge/surfaces.yaml").read_text().splitlines(keepends=True)
    if not line.lstrip().startswith(("examples:", "comparisons:"))
)


@pytest.fixture
def make_kb(tmp_path: Path) -> Callable[..., Path]:
    """Write a small valid knowledge base, with any file replaced by the given text."""

    def make(**overrides: str) -> Path:
        files = {
            "knowledge/settings.yaml": MINIMAL_SETTINGS,
            "knowledge/criteria.yaml": MINIMAL_CRITERIA,
            "knowledge/advisor.yaml": MINIMAL_ADVISOR,
            "knowledge/messages.yaml": (REPO / "knowledge/messages.yaml").read_text(),
            "knowledge/surfaces.yaml": MINIMAL_SURFACES,
            **{f"intents/{name}.yaml": text for name, text in MINIMAL_INTENTS.items()},
        }
        for name, text in overrides.items():
            files[name.replace("__", "/").replace("_yaml", ".yaml")] = textwrap.dedent(text)
        root = tmp_path / "kb"
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


def run_advisor(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd or REPO,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis: REDIS_URL when set, else a redis-server started on a free port.

    Without redis-server the Redis tests skip locally; in CI (CI set) they must run.
    """
    from redis_server import redis_server  # benchmarks/redis_server.py, shared with benchmarks

    with redis_server() as url:
        if url is None:
            message = (
                "redis-server is not installed (apt-get install redis-server, or set REDIS_URL)"
            )
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        yield url


def start_serve(env: dict[str, str], *args: str) -> tuple[subprocess.Popen[str], str]:
    """`advisor serve --port <free port> ARGS` as its own process, and its URL."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        cwd=REPO,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return proc, f"http://127.0.0.1:{port}"


# Questions answered only probably: "admin panel" and "big companies" point at two
# intents, so the answer comes with the other offered under it ("Not quite?"). Which of
# them is only probable moves with each refit of the calibration: the first that is.
PROBABLE_QUESTIONS = (
    "django admin for big companies",
    "big companies using the admin",
    "admin panel at big companies",
    "is the django admin used by big companies",
)


@dataclass(frozen=True)
class Probable:
    question: str
    answered: str
    alternatives: tuple[str, ...]


@pytest.fixture
def probable(matcher: IntentMatcher) -> Probable:
    for question in PROBABLE_QUESTIONS:
        match = matcher.match(question)
        if match.outcome == "answer" and match.alternatives:
            return Probable(question, match.intent or "", match.alternatives)
    raise AssertionError("none of PROBABLE_QUESTIONS is only probable: add one that is")


# A question two intents answer about equally: "did you mean" either of them. Which short
# question is unsure moves with each refit of the calibration: the first of these that is.
UNSURE_BETWEEN = ("performance", "security")
UNSURE_QUESTIONS = ("fast or secure", "speed or protection", "speed or security", "quick or safe")


def _first_unsure() -> str:
    matcher = IntentMatcher(load_knowledge(packaged_root()))
    for question in UNSURE_QUESTIONS:
        match = matcher.match(question)
        if match.outcome == "unsure" and set(UNSURE_BETWEEN) <= set(match.suggestions):
            return question
    raise AssertionError("none of UNSURE_QUESTIONS is unsure between UNSURE_BETWEEN: add one")


UNSURE_QUESTION = _first_unsure()
