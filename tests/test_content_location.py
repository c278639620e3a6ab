"""Authors see which content a command uses, and inside a checkout it is the checkout's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, run_advisor
from tests.said import marked


def copy_checkout(target: Path) -> Path:
    """The parts of a checkout that make it one: pyproject.toml and the content."""
    target.mkdir()
    shutil.copy(REPO / "pyproject.toml", target / "pyproject.toml")
    for folder in ("intents", "knowledge"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def test_kb_check_names_the_checkout_it_checked() -> None:
    result = run_advisor("kb", "check", cwd=REPO / "intents")  # anywhere inside it
    assert result.returncode == 0
    assert f"content: {REPO} (this checkout's intents/ and knowledge/)" in result.stdout


def test_an_edit_in_a_checkout_is_what_its_commands_use(tmp_path: Path) -> None:
    checkout = copy_checkout(tmp_path / "mine")
    intent = checkout / "intents" / "who_uses_django.yaml"
    text = intent.read_text(encoding="utf-8")
    intent.write_text(marked(text, "who_uses_django", "EDITED"), encoding="utf-8")

    answer = run_advisor("ask", "who uses django", cwd=checkout)
    assert "EDITED" in answer.stdout
    chat = run_advisor("chat", stdin="who uses django\n", cwd=checkout / "knowledge")
    assert "EDITED" in chat.stdout


def test_kb_check_fails_on_a_broken_checkout_and_says_which(tmp_path: Path) -> None:
    checkout = copy_checkout(tmp_path / "mine")
    (checkout / "intents" / "security.yaml").write_text("id: security\ntitle: [\n")
    result = run_advisor("kb", "check", cwd=checkout)
    assert result.returncode == 1
    assert "intents/security.yaml:" in result.stdout
    assert f"content: {checkout} (this checkout's" in result.stderr


def test_eval_says_which_content_it_measured(tmp_path: Path) -> None:
    checkout = copy_checkout(tmp_path / "mine")
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {text: who uses django, intent: who_uses_django}\n")
    result = run_advisor("eval", str(cases), "--json", cwd=checkout)
    assert f"content: {checkout}" in result.stderr
    assert result.stdout.lstrip().startswith("{")  # the JSON report stays clean


def test_outside_a_checkout_it_says_how_to_use_your_content(tmp_path: Path) -> None:
    result = run_advisor("kb", "check", cwd=tmp_path)
    assert result.returncode == 0
    assert "installed with the advisor" in result.stdout
    assert "ADVISOR_KB_DIR" in result.stdout


def test_advisor_kb_dir_wins_and_is_named(tmp_path: Path) -> None:
    elsewhere = copy_checkout(tmp_path / "elsewhere")
    result = run_advisor("kb", "check", env={"ADVISOR_KB_DIR": str(elsewhere)})
    assert f"content: {elsewhere} (from ADVISOR_KB_DIR)" in result.stdout


def test_a_folder_with_another_projects_pyproject_is_not_a_checkout(tmp_path: Path) -> None:
    other = copy_checkout(tmp_path / "other")
    (other / "pyproject.toml").write_text('[project]\nname = "something-else"\n')
    result = run_advisor("kb", "check", cwd=other)
    assert "installed with the advisor" in result.stdout


def test_a_deleted_working_directory_gets_answers_not_a_traceback(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    advisor = Path(sys.executable).parent / "advisor"
    script = (
        f'cd "{gone}" && rmdir "{gone}" && "{advisor}" ask "who uses node" && "{advisor}" kb check'
    )
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Netflix" in result.stdout and "installed with the advisor" in result.stdout
    assert "Traceback" not in result.stderr
