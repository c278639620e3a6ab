"""`advisor eval` measures matching, and the shipped content meets the product's floors."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, run_advisor

PARAPHRASES = REPO / "tests/data/paraphrases.yaml"


def test_paraphrase_set_meets_the_accuracy_floors() -> None:
    result = run_advisor(
        "eval", str(PARAPHRASES), "--json", "--min-accuracy", "0.95", "--min-rejection", "0.90"
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0, json.dumps(report["misses"], indent=1)
    assert report["top1_accuracy"] >= 0.95
    assert report["out_of_scope_rejection"] >= 0.90
    assert report["top3_accuracy"] >= report["top1_accuracy"]
    assert report["in_scope"] + report["out_of_scope"] >= 200
    # Answering the wrong question is the worst failure: keep it rare.
    assert report["wrong_answers"] <= 0.02 * report["in_scope"]


def test_text_report_lists_the_measures_and_misses(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {text: is node faster than django, intent: performance}\n"
        "- {text: who uses django, intent: who_uses_node}\n"
        "- {text: what is the weather, intent: out_of_scope}\n"
    )
    result = run_advisor("eval", str(cases))
    assert result.returncode == 1  # 50% top-1 is under the default floor
    assert "in-scope top-1 accuracy:    50.0%  (1/2)" in result.stdout
    assert "out-of-scope rejection:    100.0%  (1/1)" in result.stdout
    assert "who_uses_node -> who_uses_django" in result.stdout
    assert "[who_uses_node] 'who uses django' -> who_uses_django" in result.stdout
    assert "FAIL" in result.stdout


def test_floors_can_be_set(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {text: who uses django, intent: who_uses_node}\n")
    assert run_advisor("eval", str(cases), "--min-accuracy", "0").returncode == 0


def test_cross_validation_reports_over_the_examples() -> None:
    result = run_advisor("eval", "--cross-validate", "3", "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert report["in_scope"] >= 31 * 12  # every example is held out once
    assert 0.5 < report["top1_accuracy"] <= 1.0


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
