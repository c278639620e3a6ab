"""The `advisor` command line, driven as a user or a script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, UNSURE_BETWEEN, UNSURE_QUESTION, Probable, run_advisor
from tests.said import advisor_option, answered, says

REPLY_KEYS = {
    "input", "reply", "intent", "confidence", "suggestions", "alternatives", "question", "options",
    "answers", "recommendation", "clarity",
}  # fmt: skip


def test_ask_prints_the_answer() -> None:
    result = run_advisor("ask", "is Node faster than Django?")
    assert result.returncode == 0
    assert answered(result.stdout, "performance")
    assert "*" not in result.stdout.splitlines()[0]  # mrkdwn is rendered as plain text


def test_ask_json_prints_the_reply_object() -> None:
    result = run_advisor("ask", "which is easier to learn?", "--json")
    reply = json.loads(result.stdout)
    assert set(reply) == REPLY_KEYS
    assert reply["input"] == "which is easier to learn?"
    assert reply["intent"] == "learning_curve"
    assert 0.0 < reply["confidence"] <= 1.0


def test_out_of_scope_gets_a_polite_fallback() -> None:
    reply = json.loads(run_advisor("ask", "what's the weather?", "--json").stdout)
    assert reply["intent"] is None
    assert reply["suggestions"] == []
    assert "Node.js" in reply["reply"] and "help" in reply["reply"]


def test_unsure_lists_did_you_mean_suggestions() -> None:
    reply = json.loads(run_advisor("ask", UNSURE_QUESTION, "--json").stdout)
    assert reply["intent"] is None
    assert set(UNSURE_BETWEEN) <= set(reply["suggestions"])
    assert len(reply["suggestions"]) <= 3


def test_stdin_mode_answers_one_line_per_input_line() -> None:
    questions = ["is node faster?", "", "react or vue?", "who uses django", "   "]
    result = run_advisor("ask", stdin="\n".join(questions) + "\n")
    lines = result.stdout.splitlines()
    assert len(lines) == len(questions)
    assert answered(lines[0], "performance")
    assert answered(lines[3], "who_uses_django")


def test_stdin_mode_flushes_each_answer_before_the_next_question() -> None:
    """A script can hold a conversation: write a line, read its answer, repeat."""
    env = {**os.environ, "PYTHONUNBUFFERED": "0"}
    with subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for question, intent in [("who uses node", "who_uses_node"), ("hi", "greeting")]:
            proc.stdin.write(question + "\n")
            proc.stdin.flush()
            assert json.loads(proc.stdout.readline())["intent"] == intent
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0


def test_works_from_any_directory_and_as_module(tmp_path: Path) -> None:
    result = run_advisor("ask", "what is django", cwd=tmp_path)
    assert result.returncode == 0
    assert "Python" in result.stdout


def test_chat_json_prints_one_object_per_line_and_picks_numbers() -> None:
    result = run_advisor("chat", "--json", stdin=f"{UNSURE_QUESTION}\n3\n\nthanks\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == 4
    suggestions = replies[0]["suggestions"]
    assert replies[1]["intent"] == suggestions[2]  # "3" picked the third suggestion
    assert replies[2]["intent"] == "greeting"  # a blank line is an input too: a hello
    assert replies[3]["intent"] == "thanks"


def test_bad_usage_exits_2_without_traceback() -> None:
    result = run_advisor("ask", "--no-such-flag")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_missing_content_dir_is_a_configuration_error(tmp_path: Path) -> None:
    result = run_advisor("ask", "hi", env={"ADVISOR_KB_DIR": str(tmp_path / "nowhere")})
    assert result.returncode == 2
    assert "folder is missing" in result.stderr


def test_chat_session_resumes_after_a_restart(tmp_path: Path) -> None:
    env = {"ADVISOR_STATE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}"}
    first = run_advisor(
        "chat", "--json", "--session", "team-a", stdin="recommend\npython\n", env=env
    )
    assert [json.loads(line)["question"] for line in first.stdout.splitlines()] == [
        "team_language",
        "realtime",
    ]
    # A new process: the conversation continues where it stopped.
    second = run_advisor("chat", "--json", "--session", "team-a", stdin="no\n", env=env)
    assert json.loads(second.stdout)["question"] == "sensitive_data"
    # Another session name is another conversation.
    other = run_advisor("chat", "--json", "--session", "team-b", stdin="no\n", env=env)
    assert json.loads(other.stdout)["question"] is None


def test_interactive_chat_shows_where_a_session_stopped(tmp_path: Path) -> None:
    env = {"ADVISOR_STATE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}"}
    run_advisor("chat", "--session", "s", stdin="recommend\n", env=env)
    resumed = run_advisor("chat", "--session", "s", stdin="", env=env)
    assert says(resumed.stdout, "picking_up")
    assert says(resumed.stdout, "question_heading", number=1, total=9)


def test_a_bad_state_url_names_the_variable() -> None:
    result = run_advisor(
        "chat", "--session", "x", stdin="hi\n", env={"ADVISOR_STATE_URL": "postgres://db"}
    )
    assert result.returncode == 2
    assert "ADVISOR_STATE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_chat_json_runs_a_whole_advisor() -> None:
    lines = ["help me choose", "python", "no", "yes", "yes", "complex", "monolith", "moderate",
             "yes", "no"]  # fmt: skip
    result = run_advisor("chat", "--json", stdin="\n".join(lines) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == len(lines)
    assert replies[0]["question"] == "team_language"
    javascript = advisor_option("team_language", "javascript").label
    assert replies[0]["options"][0] == {"label": javascript, "value": "javascript"}
    assert replies[-1]["recommendation"] == "django"
    assert replies[-1]["clarity"] == "clear"
    assert replies[-1]["question"] is None
    assert replies[-2]["question"] == "data_science"  # the ninth question
    assert says(replies[-2]["reply"], "question_heading", number=9, total=9)
    assert all(r["clarity"] is None for r in replies[:-1])


def test_a_probable_answer_lists_numbered_alternatives_and_a_number_picks_one(
    probable: Probable,
) -> None:
    asked = json.loads(run_advisor("ask", probable.question, "--json").stdout)
    assert asked["intent"] == probable.answered
    assert asked["alternatives"] == list(probable.alternatives) and asked["suggestions"] == []
    text = run_advisor("ask", probable.question).stdout
    assert says(text, "terminal_alternatives") and "  1. " in text
    chat = run_advisor("chat", "--json", stdin=f"{probable.question}\n1\n").stdout
    replies = [json.loads(line) for line in chat.splitlines()]
    assert replies[1]["intent"] == probable.alternatives[0]
