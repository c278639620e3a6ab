"""`advisor kb check` finds every kind of content problem and names file and line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.content.loading import load_knowledge, read_knowledge
from bot.content.model import KnowledgeError
from tests.conftest import run_advisor

MakeKb = Callable[..., Path]


def problems_of(root: Path) -> list[str]:
    kb, problems = read_knowledge(root)
    assert kb is None, "a broken knowledge base must not load"
    return [str(p) for p in problems]


def test_the_minimal_fixture_is_valid(make_kb: MakeKb) -> None:
    kb = load_knowledge(make_kb())
    assert {i.id for i in kb.intents} >= {"greeting", "performance"}


def test_the_shipped_content_passes(tmp_path: Path) -> None:
    result = run_advisor("kb", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: 35 intents")
    declined = re.search(r"(\d+) questions to decline in (\d+) kinds", result.stdout)
    assert declined and int(declined[1]) >= 500 and int(declined[2]) >= 12


def test_a_question_to_decline_twice_or_as_an_example_is_reported(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__out_of_scope_yaml=(
            "kinds:\n"
            "  office:\n"
            "    - book a room\n"
            "    - Book a room!\n"
            "  chit_chat:\n"
            "    - hi\n"
            "  empty: []\n"
        )
    )
    found = problems_of(root)
    assert any("out_of_scope.yaml:4: 'Book a room!' is already a question to decline" in p
               for p in found), found  # fmt: skip
    assert any("out_of_scope.yaml:6: 'hi' is also an example of intent 'greeting'" in p
               for p in found), found  # fmt: skip
    assert any("kind 'empty' has no questions" in p for p in found), found


def test_yaml_syntax_error_names_file_and_line(make_kb: MakeKb) -> None:
    root = make_kb(intents__greeting_yaml="id: greeting\ntitle: Hi\nexamples: [hi, hello\n")
    (line,) = problems_of(root)  # and no follow-on noise about the missing intent
    assert line.startswith(f"{root}/intents/greeting.yaml:3: YAML syntax error")
    assert "flow sequence" in line


def test_unknown_key_is_reported_at_its_line(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__greeting_yaml="""\
        id: greeting
        title: Hi
        exmaples: [hi, hello]
        answer: Hello!
        """
    )
    found = problems_of(root)
    assert any(":3: unknown key 'exmaples'" in p for p in found)
    assert any(":1: missing key 'examples'" in p for p in found)


def test_duplicate_key_in_one_file(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__greeting_yaml="""\
        id: greeting
        title: Hi
        examples: [hi, hello]
        answer: Hello!
        answer: Hello again!
        """
    )
    assert any("greeting.yaml:5: duplicate key 'answer'" in p for p in problems_of(root))


def test_duplicate_intent_id(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__copy_yaml="id: help\ntitle: Help 2\nexamples: [a thing, b thing]\nanswer: x\n"
    )
    found = problems_of(root)
    assert any(
        p.endswith(
            "help.yaml:1: duplicate intent id 'help' (also " + str(root / "intents/copy.yaml") + ")"
        )
        for p in found
    )


def test_duplicate_criterion_id(make_kb: MakeKb) -> None:
    criterion = "  - {id: performance, name: P, node: a, django: b, edge: tie, why: c}\n"
    root = make_kb(knowledge__criteria_yaml="criteria:\n" + criterion + criterion)
    assert any(
        "criteria.yaml:3: duplicate criterion id 'performance'" in p for p in problems_of(root)
    )


def test_example_under_two_intents(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__thanks_yaml="""\
        id: thanks
        title: Thanks
        examples:
          - thanks
          - Is Node.js faster?
        answer: You're welcome.
        """
    )
    found = problems_of(root)
    # Compared after normalisation: "Is Node.js faster?" is "is node faster".
    assert any(
        "thanks.yaml:5: example 'Is Node.js faster?' is also an example of intent" in p
        for p in found
    )


def test_unknown_related_and_criterion_references(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__performance_yaml="""\
        id: performance
        title: Speed
        criterion: sped
        examples: [is node faster, which is quicker]
        answer: Node.
        related:
          - greeting
          - scalabilty
        """
    )
    found = problems_of(root)
    assert any(":3: criterion refers to unknown criterion 'sped'" in p for p in found)
    assert any(":8: related refers to unknown intent 'scalabilty'" in p for p in found)


def test_empty_answer(make_kb: MakeKb) -> None:
    root = make_kb(
        intents__help_yaml="id: help\ntitle: Help\nexamples: [help, what can you do]\nanswer: ''\n"
    )
    assert any("help.yaml:4: 'answer' is empty" in p for p in problems_of(root))


def test_text_over_slack_limits(make_kb: MakeKb) -> None:
    long_title = "T" * 80
    long_answer = "word " * 700
    root = make_kb(
        intents__help_yaml=(
            f"id: help\ntitle: {long_title}\nexamples: [help, what can you do]\n"
            f"answer: {long_answer}\n"
        )
    )
    found = problems_of(root)
    assert any("help.yaml:2: 'title' is 80 characters; Slack allows 75" in p for p in found)
    assert any("help.yaml:4: 'answer' is 3499 characters; Slack allows 3000" in p for p in found)


def test_too_few_examples(make_kb: MakeKb) -> None:
    root = make_kb(intents__help_yaml="id: help\ntitle: Help\nexamples: [help]\nanswer: x\n")
    assert any("help.yaml:3: 1 examples; at least 2 are needed" in p for p in problems_of(root))


def test_missing_conversation_intent(make_kb: MakeKb) -> None:
    root = make_kb()
    (root / "intents" / "thanks.yaml").unlink()
    assert any("missing conversation intent 'thanks'" in p for p in problems_of(root))


def test_wrong_types_and_bad_settings(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__settings_yaml="""\
        matcher:
          confident: 0.3
          unsure: 0.5
          weights: {sort: 0.5, set: 0.5, cosine: 0.5, coverage: 0.0}
        aliases:
          node: nodejs
        other_technologies: [react]
        """
    )
    found = problems_of(root)
    assert any("settings.yaml:3: 'unsure' must not be above 'confident'" in p for p in found)
    assert any("settings.yaml:4: weights must add up to 1, not 1.5" in p for p in found)
    assert any("settings.yaml:6: 'node' must be a list" in p for p in found)


def test_bad_edge_value(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__criteria_yaml=(
            "criteria:\n  - {id: p, name: P, node: a, django: b, edge: rails, why: c}\n"
        )
    )
    assert any(
        "'edge' must be one of node, django, tie, not 'rails'" in p for p in problems_of(root)
    )


def test_missing_folder(tmp_path: Path) -> None:
    assert any("folder is missing" in p for p in problems_of(tmp_path))


def test_load_raises_one_error_listing_everything(make_kb: MakeKb) -> None:
    root = make_kb(intents__help_yaml="id: help\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert len(info.value.problems) >= 3


def test_cli_lists_problems_and_exits_1(make_kb: MakeKb) -> None:
    root = make_kb(intents__greeting_yaml="id: greeting\ntitle: [unclosed\n")
    result = run_advisor("kb", "check", str(root))
    assert result.returncode == 1
    assert f"{root}/intents/greeting.yaml:2: YAML syntax error" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_broken_knowledge_base_never_starts_the_assistant(make_kb: MakeKb) -> None:
    root = make_kb(intents__greeting_yaml=": : :\n")
    result = run_advisor("ask", "is node faster", env={"ADVISOR_KB_DIR": str(root)})
    assert result.returncode == 2
    assert "advisor kb check" in result.stderr
    assert "greeting.yaml" in result.stderr
    assert "Traceback" not in result.stderr


ADVISOR_HEAD = """\
controls: {back: [back], skip: [skip], restart: [restart], cancel: [cancel], why: [why]}
questions:
"""


def test_advisor_option_problems(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__advisor_yaml=ADVISOR_HEAD
        + """\
  - id: realtime
    title: Real-time
    text: Real-time?
    why: Because.
    options:
      - {value: "yes", label: "Yes", aliases: [sure], node: 3, strong: rails, reason: a}
      - {value: maybe, label: "Maybe", aliases: [sure], django: 12, reason: b}
      - {value: "yes", label: "Yes again", reason: c}
  - id: realtime
    title: Again
    text: Again?
    why: Because.
    options:
      - {value: a, label: A, reason: a}
"""
    )
    found = problems_of(root)
    assert any("advisor.yaml:8: 'strong' must be one of node, django" in p for p in found)
    assert any("advisor.yaml:9: 'sure' would mean both 'yes' and 'maybe'" in p for p in found)
    assert any("advisor.yaml:9: 'django' must be between 0.0 and 10.0, not 12" in p for p in found)
    assert any("advisor.yaml:10: duplicate option value 'yes'" in p for p in found)
    assert any("advisor.yaml:11: duplicate question id 'realtime'" in p for p in found)
    assert any("a question needs at least two options" in p for p in found)


def test_yes_and_no_must_be_quoted_in_advisor_aliases(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__advisor_yaml=ADVISOR_HEAD
        + """\
  - id: realtime
    title: Real-time
    text: Real-time?
    why: Because.
    options:
      - {value: "yes", label: "Yes", aliases: [yes, yep], reason: a}
      - {value: "no", label: "No", reason: b}
"""
    )
    # YAML reads a bare yes as true: the author is told, not silently misunderstood.
    assert any("advisor.yaml:8: 'aliases' items must be text" in p for p in problems_of(root))


def test_missing_control_list(make_kb: MakeKb) -> None:
    root = make_kb(knowledge__advisor_yaml="controls: {back: [back]}\nquestions: []\n")
    found = problems_of(root)
    assert any("advisor.yaml:1: missing key 'skip'" in p for p in found)


def test_vocabulary_settings_are_checked_with_lines(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__settings_yaml="""\
        matcher:
          answer_at: 1.5
        aliases:
          node: [nodejs]
        other_technologies: [react]
        ecosystem:
          node: express
          rails: [ruby]
        concepts:
          no_such_intent: [jobs]
        filler: [guide]
        """
    )
    found = problems_of(root)
    assert any("settings.yaml:2: 'answer_at' must be between" in p for p in found)
    assert any("settings.yaml:7: 'node' must be a list" in p for p in found)
    assert any("settings.yaml:8: unknown key 'rails'" in p for p in found)
    assert any("settings.yaml:10: unknown intent 'no_such_intent'" in p for p in found)


def test_ecosystem_names_and_filler_shape_what_the_matcher_reads(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__settings_yaml="""\
        matcher: {}
        min_examples: 1
        aliases:
          node: [nodejs]
        other_technologies: [react]
        ecosystem:
          node: [express]
          django: [drf]
        filler: [ultimate, guide]
        """
    )
    kb = load_knowledge(root)
    said = kb.normaliser.normalise("The ultimate guide: Express vs DRF in 2025")
    assert said.text == "the node vs django in"  # stopwords stay for fuzzy matching
    assert kb.normaliser.normalise("guide").text == "guide"  # nothing else left: kept


def test_messages_are_checked_for_ids_and_placeholders(make_kb: MakeKb) -> None:
    root = make_kb(
        knowledge__messages_yaml="""\
        fallback: Sorry, I can only help with Node.js and Django.
        other_technology: I can't speak for that one.
        framework: I can't go into {name} itself.
        left_out: "_I've left {name} out._"
        unsure: Did you mean one of these?
        nothing_more: That's all.
        nothing_to_expand: Ask me something first.
        no_list: There's no list.
        pick_a_number: Pick 1 to {count}.
        described: Skip any question.
        not_understood: Sorry?
        pick_an_option: Pick 1 to {count}.
        already_choosing: We're already choosing.
        nothing_to_cancel: Nothing to cancel.
        greeting: hello
        """
    )
    found = problems_of(root)
    assert any("messages.yaml:2: 'other_technology' must use the placeholders {name}" in p
               for p in found)  # fmt: skip
    assert any("messages.yaml:15: unknown key 'greeting'" in p for p in found)
    assert any("missing key 'session_ended'" in p for p in found)


def test_messages_that_cannot_be_filled_in_are_reported(make_kb: MakeKb) -> None:
    root = make_kb()
    path = root / "knowledge/messages.yaml"
    messages = yaml.safe_load(path.read_text())  # whatever the shipped sentences say
    messages |= {"unsure": "}", "left_out": "{name!x}"}
    path.write_text(yaml.safe_dump(messages))
    found = problems_of(root)
    assert any("'unsure' cannot be filled in" in p for p in found)
    assert any("'left_out' cannot be filled in" in p for p in found)


def test_an_empty_content_file_is_reported(make_kb: MakeKb) -> None:
    root = make_kb()
    (root / "knowledge/messages.yaml").write_text("# nothing here yet\n")
    assert any("messages.yaml:1: the file is empty" in p for p in problems_of(root))


def test_an_unclosed_bracket_is_reported_where_it_opens(make_kb: MakeKb) -> None:
    # The parser only gives up on a later line; the author must fix the opening one.
    root = make_kb(
        intents__greeting_yaml=(
            "id: greeting\ntitle: Hi\nexamples:\n  - ok so: [is node ahead\n  - hello there?\n"
        )
    )
    (line,) = problems_of(root)
    assert line.startswith(f"{root}/intents/greeting.yaml:4: YAML syntax error"), line
    assert "line 5" in line  # where parsing stopped is named too
