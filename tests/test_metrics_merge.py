"""One /metrics for a serving process and its answering processes, and the setting that
starts them (ADVISOR_ANSWERERS)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.parser import text_string_to_metric_families

from bot.ops.metrics_merge import exposition, snapshot, total
from bot.slack import config
from bot.slack.config import SlackConfigError, read_answerers
from tests.conftest import REPO


def instruments(registry: CollectorRegistry) -> tuple[Counter, Histogram, Gauge]:
    answers = Counter("t_answers", "answers", ["intent"], registry=registry)
    seconds = Histogram("t_seconds", "turns", buckets=(0.1, 1.0), registry=registry)
    backlog = Gauge("t_backlog", "backlog", registry=registry)
    return answers, seconds, backlog


def samples(text: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text.decode())
        for s in family.samples
        if not s.name.endswith("_created")
    }


def test_counts_from_other_processes_are_added_to_this_ones() -> None:
    serving, answering = CollectorRegistry(), CollectorRegistry()
    answers, seconds, backlog = instruments(serving)
    other_answers, other_seconds, other_backlog = instruments(answering)
    answers.labels("what_is_node").inc()
    seconds.observe(0.05)
    backlog.set(7)
    other_answers.labels("what_is_node").inc(2)
    other_answers.labels("performance").inc()  # an intent only the other process answered
    other_seconds.observe(0.5)
    other_backlog.set(99)  # gauges describe shared things: the serving process's own

    merged = samples(exposition(serving, total([snapshot(answering)])))

    assert merged[("t_answers_total", (("intent", "what_is_node"),))] == 3
    assert merged[("t_answers_total", (("intent", "performance"),))] == 1
    assert merged[("t_seconds_count", ())] == 2
    assert merged[("t_seconds_bucket", (("le", "0.1"),))] == 1
    assert merged[("t_seconds_bucket", (("le", "1.0"),))] == 2
    assert merged[("t_backlog", ())] == 7


def test_a_snapshot_leaves_out_gauges_and_creation_times() -> None:
    registry = CollectorRegistry()
    answers, _seconds, backlog = instruments(registry)
    answers.labels("x").inc()
    backlog.set(3)
    names = {name for name, _labels, _value in snapshot(registry)}
    assert "t_answers_total" in names
    assert "t_backlog" not in names
    assert not [n for n in names if n.endswith("_created")]


def test_answering_processes_by_default_only_with_a_shared_store_and_two_cores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(config, "usable_cores", lambda: 4)
    assert read_answerers({}) == 1  # the default SQLite file
    assert read_answerers({"ADVISOR_STATE_URL": "redis://127.0.0.1:1/0"}) == 1
    assert read_answerers({"ADVISOR_STATE_URL": "memory://"}) == 0
    assert read_answerers({"ADVISOR_ANSWERERS": "3"}) == 3
    assert read_answerers({"ADVISOR_ANSWERERS": "0"}) == 0
    monkeypatch.setattr(config, "usable_cores", lambda: 1)
    assert read_answerers({}) == 0  # one core: the serving process answers alone
    assert read_answerers({"ADVISOR_ANSWERERS": "2"}) == 2


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"ADVISOR_ANSWERERS": "two"}, "ADVISOR_ANSWERERS must be a whole number"),
        ({"ADVISOR_ANSWERERS": "-1"}, "ADVISOR_ANSWERERS must be between"),
        ({"ADVISOR_ANSWERERS": "1", "ADVISOR_STATE_URL": "memory://"}, "not memory://"),
    ],
)
def test_a_bad_answerers_setting_names_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SlackConfigError, match=named):
        read_answerers(env)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "ADVISOR_"))}
    tokens = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=REPO, env={**clean, **tokens, **env},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr
