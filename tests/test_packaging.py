"""`pip install .` gives a working `advisor` anywhere: the wheel carries the content.

The README's first command is run as written, in a fresh copy of the source, from
`python3` on PATH. Its venv has no system site-packages, so what the machine's own
Python happens to have installed can neither make this pass nor make it fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.said import answered, marked, plain

NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.egg-info", ".pytest_cache", ".mypy_cache",
    ".ruff_cache", ".hypothesis", "dist", "build", ".node",
)  # fmt: skip


def readme_commands() -> list[str]:
    """The README's two opening commands, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv .+)\n```", readme)[:2]


def user_env() -> dict[str, str]:
    """The environment of someone who has not configured the advisor (no Slack tokens)."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "ADVISOR_", "VIRTUAL_ENV", "PYTHON"))
    }


def run_as_user(
    command: list[str], cwd: Path, stdin: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, input=stdin, capture_output=True, text=True, cwd=cwd, env=user_env(),
        timeout=timeout, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def fresh_install(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A fresh copy of the source with the README's first command run in it."""
    clone = tmp_path_factory.mktemp("fresh") / "node-django-advisor"
    shutil.copytree(REPO, clone, ignore=NOT_SOURCE)
    chat = "who uses django\nbye\n"
    return clone, run_as_user(["bash", "-c", readme_commands()[0]], clone, chat, timeout=600)


def test_readme_opens_with_the_two_commands() -> None:
    assert readme_commands() == [
        "python3 -m venv .venv && .venv/bin/pip install -q . && .venv/bin/advisor",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' "
        "&& .venv/bin/python -m pytest",
    ]


def test_the_readmes_first_command_installs_and_runs_the_chat(
    fresh_install: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    clone, result = fresh_install
    assert result.returncode == 0, result.stderr[-2000:]
    assert answered(result.stdout, "who_uses_django")
    assert result.stdout.rstrip().endswith(plain("chat_goodbye"))
    config = (clone / ".venv" / "pyvenv.cfg").read_text(encoding="utf-8")
    assert "include-system-site-packages = false" in config


def advisor(clone: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_as_user([str(clone / ".venv" / "bin" / "advisor"), *args], cwd)


def test_installed_command_answers_from_any_directory(
    fresh_install: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    clone, _ = fresh_install
    result = advisor(clone, "ask", "who uses django", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert answered(result.stdout, "who_uses_django")
    check = advisor(clone, "kb", "check", cwd=tmp_path)
    assert check.returncode == 0
    assert "_content" in check.stdout  # the installed copy, not the source tree
    assert "ADVISOR_KB_DIR" in check.stdout  # and how to check yours instead


def test_after_pip_install_edits_in_the_checkout_are_what_it_checks_and_answers(
    fresh_install: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    clone, _ = fresh_install
    intent = clone / "intents" / "who_uses_django.yaml"
    original = intent.read_text(encoding="utf-8")
    try:
        intent.write_text(marked(original, "who_uses_django", "EDITED"), encoding="utf-8")
        assert "EDITED" in advisor(clone, "ask", "who uses django", cwd=clone).stdout
        intent.write_text(original + "surprise: key\n", encoding="utf-8")
        check = advisor(clone, "kb", "check", cwd=clone)
        assert check.returncode == 1
        assert "intents/who_uses_django.yaml:" in check.stdout
        assert f"content: {clone} (this checkout's" in check.stderr
    finally:
        intent.write_text(original, encoding="utf-8")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("node_django_advisor-*.whl")
    return built


def test_wheel_ships_the_content_inside_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "bot/_content/intents/performance.yaml" in names
    assert "bot/_content/knowledge/settings.yaml" in names
    assert "bot/_content/knowledge/criteria.yaml" in names
    assert not any(name.startswith(("tests/", "intents/", "knowledge/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "advisor = bot.terminal.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
