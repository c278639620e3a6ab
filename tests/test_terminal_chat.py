"""`advisor chat` and `advisor ask` behave like terminal programs."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from bot.base.message_ids import CLARITY_WORD, EDGE_LINE
from bot.content.model import KnowledgeBase
from bot.reply import plain_text
from tests.conftest import REPO, run_advisor
from tests.pty_session import run_on_terminal
from tests.said import advisor_option, advisor_question, after, answered, named, plain, said, says

WHOLE_RUN = ["recommend", "javascript", "yes", "no", "no", "simple", "microservices", "high", "no",
             "no"]  # fmt: skip


def test_blank_lines_do_nothing_and_bye_says_goodbye() -> None:
    result = run_advisor("chat", stdin="\n   \n\nbye\n")
    assert result.returncode == 0
    assert result.stdout == plain("chat_goodbye") + "\n"


def test_exit_and_quit_end_the_chat_without_reading_further() -> None:
    for word in ("exit", "quit", "Quit!"):
        result = run_advisor("chat", stdin=f"{word}\nwhat is node\n")
        assert result.returncode == 0
        assert result.stdout == "", word  # the question after it was never answered


def first_words(kb: KnowledgeBase, intent: str) -> str:
    """The start of an intent's answer as the terminal prints it."""
    return plain_text(kb.intent(intent).answer)[:40]


def test_exit_ends_the_chat_even_in_the_middle_of_the_advisor(kb: KnowledgeBase) -> None:
    result = run_advisor("chat", stdin="recommend\npython\nexit\nwhat is node\n")
    assert result.returncode == 0
    assert says(result.stdout, "question_heading", number=2, total=9)
    assert first_words(kb, "what_is_node") not in result.stdout  # "what is node": unanswered


def test_compare_works_in_the_terminal(kb: KnowledgeBase) -> None:
    result = run_advisor("chat", stdin="/compare secure\n/compare\n/compare rust\nbye\n")
    assert result.returncode == 0
    out = result.stdout
    security = kb.criterion("security")
    assert plain_text(kb.messages.text("comparison_title", criterion=security.name)) in out
    assert plain_text(kb.messages.text(EDGE_LINE[security.edge])) in out
    assert plain_text(kb.messages.text("at_a_glance")) in out
    assert all(c.name in out for c in kb.criteria)  # the whole table lists every criterion
    assert says(out, "unknown_criterion", asked="rust")
    assert "*" not in out  # rendered for a terminal, not Slack mrkdwn


def test_an_unknown_slash_command_says_what_works() -> None:
    result = run_advisor("chat", stdin="/advisor start\n")
    assert result.stdout.strip() == plain("chat_unknown_command")


def test_chat_json_still_answers_every_line_blank_and_exit_included(kb: KnowledgeBase) -> None:
    lines = ["", "exit", "/compare perf", "who uses django"]
    result = run_advisor("chat", "--json", stdin="\n".join(lines) + "\n")
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in replies] == lines
    performance = kb.criterion("performance").name
    assert says(replies[2]["reply"], "comparison_title", criterion=performance)
    assert replies[3]["intent"] == "who_uses_django"


def test_the_advisor_opening_mentions_no_buttons_in_the_terminal(kb: KnowledgeBase) -> None:
    result = run_advisor("chat", stdin="recommend\n")
    assert result.stdout.startswith(plain_text(kb.intent("start_advisor").answer))
    assert says(result.stdout, "question_heading", number=1, total=len(kb.questionnaire.questions))
    assert "button" not in result.stdout.lower()
    javascript = advisor_option("team_language", "javascript").label
    assert f"1. {javascript}" in result.stdout  # the options are numbered instead


def test_change_alone_lists_the_answers_that_can_be_changed() -> None:
    result = run_advisor("chat", stdin="\n".join([*WHOLE_RUN, "change", "change admin"]) + "\n")
    listing = after(after(result.stdout, "recommend"), "change_which")
    for question, value in (("team_language", "javascript"), ("admin_panel", "no")):
        answer = advisor_option(question, value).label
        assert f"• {advisor_question(question).title}: {answer}" in listing
    assert listing.count("• ") == 9
    admin = advisor_question("admin_panel").title
    assert says(listing, "changing_heading", title=admin)  # and a named one can be changed


def test_change_before_any_result_says_there_is_nothing_to_change(kb: KnowledgeBase) -> None:
    result = run_advisor("chat", "--json", stdin="change\n")
    reply = json.loads(result.stdout)
    assert reply["reply"] == kb.messages.text("nothing_to_change")


def test_version_is_the_packages_version() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    result = run_advisor("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"advisor {project['version']}"


def test_ask_without_a_question_on_a_terminal_prints_a_hint() -> None:
    run = run_on_terminal("ask", timeout=20)
    assert run.returncode == 2  # it did not sit waiting for input
    assert 'advisor ask "is node faster?"' in run.output
    assert len(run.output.strip().splitlines()) == 1
    assert "Traceback" not in run.output


def test_interactive_chat_names_its_content_and_ends_on_bye(kb: KnowledgeBase) -> None:
    run = run_on_terminal("chat", typed="\nwho uses django\nbye\n")
    assert run.returncode == 0
    assert plain("chat_welcome") in run.output
    assert f"content: {REPO}" in run.output
    assert answered(run.output, "who_uses_django")
    assert run.output.rstrip().endswith(plain_text(kb.messages.text("chat_goodbye")))


def test_outside_a_checkout_the_chat_welcome_is_just_the_welcome(tmp_path: Path) -> None:
    run = run_on_terminal("chat", typed="exit\n", cwd=tmp_path)
    assert run.returncode == 0
    assert plain("chat_welcome") in run.output
    assert "content:" not in run.output


def test_compare_with_only_filler_words_is_not_a_criterion(kb: KnowledgeBase) -> None:
    result = run_advisor("chat", "--json", stdin="/compare the\n/compare perf\n")
    filler, perf = (json.loads(line) for line in result.stdout.splitlines())
    assert says(filler["reply"], "unknown_criterion", asked="the")
    performance = kb.criterion("performance").name
    assert says(perf["reply"], "comparison_title", criterion=performance)


def test_the_ninth_question_asks_about_data_science_and_the_result_says_how_clear() -> None:
    result = run_advisor("chat", stdin="\n".join(WHOLE_RUN) + "\n")
    asked = after(result.stdout, "question_heading", number=9, total=9)
    ninth = advisor_question("data_science")
    assert asked.splitlines()[1] == ninth.text
    assert all(f"  {n}. {o.label}" in asked for n, o in enumerate(ninth.options, 1))
    clear = said(CLARITY_WORD["clear"])
    assert says(asked, "recommend", outcome=named("node"), clarity=clear)


def test_one_answer_and_decide_is_provisional_in_the_terminal() -> None:
    result = run_advisor("chat", stdin="recommend\npython\ndecide\n")
    provisional = said(CLARITY_WORD["provisional"])
    assert says(result.stdout, "recommend", outcome=named("django"), clarity=provisional)
    assert says(result.stdout, "next_most", count=1, total=9)


def test_a_goodbye_gets_a_goodbye_from_content_not_the_fallback(kb: KnowledgeBase) -> None:
    typed = ["bye", "goodbye", "See ya!", "quit", "exit", "recommend", "exit"]
    result = run_advisor("chat", "--json", stdin="".join(f"{s}\n" for s in typed))
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    goodbye = kb.messages.text("chat_goodbye")
    for reply in replies[:5]:
        assert (reply["intent"], reply["reply"]) == ("thanks", goodbye), reply["input"]
    # In the middle of the advisor "exit" still cancels it.
    assert replies[5]["question"] is not None
    assert replies[6]["reply"] == kb.messages.text("advisor_cancelled")
    asked = json.loads(run_advisor("ask", "bye", "--json").stdout)
    assert (asked["intent"], asked["reply"]) == ("thanks", goodbye)


def test_compare_in_the_middle_of_the_advisor_asks_its_question_again() -> None:
    # As a question typed there does: the comparison, then the pending question.
    typed = "recommend\n/compare perf\n"
    replies = [
        json.loads(x) for x in run_advisor("chat", "--json", stdin=typed).stdout.splitlines()
    ]
    asked = replies[0]["question"]
    assert asked is not None
    assert replies[1]["question"] == asked
    assert replies[1]["options"] == replies[0]["options"]
