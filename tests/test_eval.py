"""`advisor eval` measures matching in docs/contracts.md's words, the shipped content meets the
product's floors on both measuring sets, and `--calibrate` refits the decision."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, UNSURE_QUESTION, run_advisor

PARAPHRASES = REPO / "tests/data/paraphrases.yaml"
REALWORLD = REPO / "tests/data/realworld-dev.yaml"


def evaluated(path: Path, *floors: str) -> tuple[int, dict[str, object]]:
    result = run_advisor("eval", str(path), "--json", *floors)
    return result.returncode, json.loads(result.stdout)


# The floors follow the honest figures (docs/content.md#accuracy): no
# measuring set is in the calibration's pool, so these sets measure a model that never
# saw them (the real-world direct floor was 85% while both sets were in the pool).
def test_slack_style_questions_meet_the_floors() -> None:
    code, report = evaluated(
        PARAPHRASES, "--min-direct", "0.93", "--max-wrong", "0.02", "--min-declined", "0.92"
    )
    assert code == 0, json.dumps(report["misses"], indent=1)
    assert report["in_scope"] + report["out_of_scope"] >= 200  # type: ignore[operator]


def test_real_world_questions_meet_the_floors() -> None:
    code, report = evaluated(
        REALWORLD, "--min-direct", "0.75", "--max-wrong", "0.05", "--min-declined", "0.85"
    )
    assert code == 0, json.dumps(report["misses"], indent=1)
    assert report["in_scope"] + report["out_of_scope"] == 74  # type: ignore[operator]


def test_the_floors_fail_the_command_when_missed() -> None:
    code, report = evaluated(PARAPHRASES, "--min-direct", "1.0")
    assert code == 1 and report["passed"] is False


def test_text_report_uses_the_design_words_and_lists_misses(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {text: is node faster than django, intent: performance}\n"
        "- {text: who uses django, intent: who_uses_node}\n"
        "- {text: 'who uses django', intent: who_uses_node, also: [who_uses_django]}\n"
        "- {text: what is the weather, intent: out_of_scope, source: 'https://example.org'}\n"
    )
    result = run_advisor("eval", str(cases))
    assert "direct:       66.7%  (2/3)" in result.stdout
    assert "wrong:        33.3%  (1/3)" in result.stdout
    assert "declined:    100.0%  (1/1)" in result.stdout
    assert "first-shown:" in result.stdout
    assert "[who_uses_node] 'who uses django' -> who_uses_django" in result.stdout
    assert re.search(r"confidence of the wrong answers: [01]\.\d\d\n", result.stdout)
    assert result.returncode == 1 and "FAIL" in result.stdout  # 33% wrong is over 5%
    report = json.loads(run_advisor("eval", str(cases), "--json").stdout)
    assert len(report["wrong_confidence"]) == 1 and 0.5 < report["wrong_confidence"][0] <= 1


def test_eval_measures_the_engine_s_path(tmp_path: Path) -> None:
    """A described project asking for a pick starts the advisor: `start_advisor` in eval
    as in `ask` and the chat; a specific question that starts it would count as wrong."""
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {text: 'our team writes python and we need an admin with lots of relational data,"
        " which would you pick?', intent: start_advisor}\n"
    )
    report = json.loads(run_advisor("eval", str(cases), "--json").stdout)
    assert report["direct"] == 1.0, report["misses"]


def test_did_you_mean_is_never_a_direct_answer(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(f"- {{text: '{UNSURE_QUESTION}', intent: performance}}\n")
    report = json.loads(run_advisor("eval", str(cases), "--json").stdout)
    assert report["counts"]["did_you_mean"] == 1
    assert report["direct"] == 0.0 and report["wrong"] == 0.0


def test_cross_validation_is_nested_over_the_examples_and_the_negative_set() -> None:
    """Every example and negative line is held out once, and answered by models fitted
    without it (so the figures are honest, and lower than on the training lines)."""
    result = run_advisor("eval", "--cross-validate", "3", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["in_scope"] >= 35 * 12
    assert report["out_of_scope"] >= 500
    assert 0.4 < report["direct"] < 0.95 and report["declined"] > 0.9


def test_a_bad_evaluation_file_is_reported_with_its_line(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {text: hi, intent: greeting}\n- {text: x, intent: no_such_intent}\n")
    result = run_advisor("eval", str(cases))
    assert result.returncode == 2
    assert f"{cases}:2: unknown intent 'no_such_intent'" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run_advisor("eval").returncode == 2
    assert run_advisor("eval", "--cross-validate", "1").returncode == 2
    assert run_advisor("no-such-command").returncode == 2


def test_the_shipped_calibration_fits_the_shipped_content() -> None:
    result = run_advisor("kb", "check", str(REPO))
    assert result.returncode == 0
    assert "calibration" not in result.stderr, result.stderr


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(REPO / "intents", root / "intents")
    shutil.copytree(REPO / "knowledge", root / "knowledge")
    return root


def test_a_content_change_makes_the_calibration_stale_until_refitted(content: Path) -> None:
    verdict = content / "intents/verdict.yaml"
    verdict.write_text(verdict.read_text().replace("examples:\n", "examples:\n  - pick for us\n"))
    stale = run_advisor("kb", "check", str(content))
    assert stale.returncode == 0  # a warning, not a failure
    assert "stale calibration" in stale.stderr and "advisor eval --calibrate" in stale.stderr

    env = {"ADVISOR_KB_DIR": str(content)}
    refit = run_advisor("eval", "--calibrate", env=env)
    assert refit.returncode == 0, refit.stderr
    assert "calibration.yaml" in refit.stdout and "out-of-scope model" in refit.stdout
    fresh = run_advisor("kb", "check", str(content))
    assert fresh.returncode == 0 and "calibration" not in fresh.stderr
    # The refitted decision still answers plain questions.
    answer = json.loads(run_advisor("ask", "is node faster?", "--json", env=env).stdout)
    assert answer["intent"] == "performance"


def test_without_a_calibration_matching_still_works_and_says_so(content: Path) -> None:
    (content / "knowledge/calibration.yaml").unlink()
    check = run_advisor("kb", "check", str(content))
    assert check.returncode == 0 and "no calibration" in check.stderr
    env = {"ADVISOR_KB_DIR": str(content)}
    answer = json.loads(run_advisor("ask", "is node faster than django?", "--json", env=env).stdout)
    assert answer["intent"] == "performance"


def test_a_broken_calibration_is_reported_with_file_and_line(content: Path) -> None:
    path = content / "knowledge/calibration.yaml"
    path.write_text(path.read_text().replace("intercept:", "intercept: high\nslope:"))
    result = run_advisor("kb", "check", str(content))
    assert result.returncode == 1
    assert "knowledge/calibration.yaml:" in result.stdout
    assert "'intercept' must be a number" in result.stdout
    assert "unknown key 'slope'" in result.stdout
    # Refitting still works: it replaces the broken file.
    env = {"ADVISOR_KB_DIR": str(content)}
    refit = run_advisor("eval", "--calibrate", env=env)
    assert refit.returncode == 0, refit.stderr
    assert run_advisor("kb", "check", str(content)).returncode == 0


def test_a_calibration_without_a_signal_is_not_used_and_says_so(content: Path) -> None:
    path = content / "knowledge/calibration.yaml"
    path.write_text("".join(line for line in path.read_text().splitlines(True)
                            if not line.startswith("  lead:")))  # fmt: skip
    result = run_advisor("kb", "check", str(content))
    assert result.returncode == 0
    assert "fitted without the signals lead, so it is not used" in result.stderr


def test_no_measuring_set_goes_into_the_calibration(content: Path) -> None:
    env = {"ADVISOR_KB_DIR": str(content)}
    result = run_advisor("eval", "--calibrate", str(PARAPHRASES), env=env)
    assert result.returncode == 2 and "content alone" in result.stderr
    assert "measured_on" not in (REPO / "knowledge/calibration.yaml").read_text()


def test_a_broken_out_of_scope_model_is_reported_and_refitting_replaces_it(
    content: Path,
) -> None:
    (content / "knowledge/scope_model.json").write_text('{"weights": [1, 2]')
    result = run_advisor("kb", "check", str(content))
    assert result.returncode == 1
    assert "knowledge/scope_model.json:1: cannot read the out-of-scope model" in result.stdout
    env = {"ADVISOR_KB_DIR": str(content)}
    assert run_advisor("eval", "--calibrate", env=env).returncode == 0
    assert run_advisor("kb", "check", str(content)).returncode == 0


def test_a_new_negative_line_makes_the_models_stale(content: Path) -> None:
    negatives = content / "knowledge/out_of_scope.yaml"
    negatives.write_text(
        negatives.read_text().replace("  how_to:\n", "  how_to:\n    - how do i tile a bathroom\n")
    )
    stale = run_advisor("kb", "check", str(content))
    assert stale.returncode == 0 and "advisor eval --calibrate" in stale.stderr


def test_bare_eval_names_every_way_to_run_it_and_help_names_the_out_of_scope_label() -> None:
    bare = run_advisor("eval")
    assert bare.returncode == 2
    assert all(flag in bare.stderr for flag in ("--cross-validate", "--calibrate", "--advisor"))
    assert "intent: out_of_scope" in run_advisor("eval", "--help").stdout
