"""Prometheus metrics: what the bot did, as an observer of the engine (every way in
counts the same way), and what the Slack edge saw (requests, Web API errors).

Each running app owns its registry, so tests and several apps in one process do not
share counters. Labels never carry user ids or message text.
"""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.events import (
    AlternativeClicked,
    Compared,
    Event,
    HelpShown,
    SuggestionClicked,
    TurnHandled,
    Voted,
)
from bot.ops.metrics_merge import SampleKey
from bot.ops.metrics_merge import exposition as merged_exposition
from bot.reply import Reply

CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter(
            "advisor_requests", "HTTP requests from Slack by kind and status", ["kind", "status"],
            registry=r,
        )  # fmt: skip
        self.answers = Counter(
            "advisor_answers", "Questions answered, by intent", ["intent"], registry=r
        )
        self.fallbacks = Counter(
            "advisor_fallbacks", "Questions declined as out of scope", registry=r
        )
        self.suggested = Counter("advisor_did_you_mean_shown", "'Did you mean' offered", registry=r)
        self.clicked = Counter("advisor_did_you_mean_clicked", "'Did you mean' clicked", registry=r)
        self.alternative_clicked = Counter(
            "advisor_alternative_clicked", "'Not quite?' alternative clicked", registry=r
        )
        self.runs_started = Counter("advisor_runs_started", "Advisor runs started", registry=r)
        self.runs_completed = Counter(
            "advisor_runs_completed", "Advisor runs completed, by outcome", ["outcome"], registry=r
        )
        self.compared = Counter(
            "advisor_compare_shown", "Side-by-side tables shown, by criterion", ["criterion"],
            registry=r,
        )  # fmt: skip
        self.votes = Counter("advisor_votes", "Answers rated, by vote", ["vote"], registry=r)
        self.slack_errors = Counter(
            "advisor_slack_api_errors", "Slack Web API failures", ["method", "code"], registry=r
        )
        self.turn_seconds = Histogram(
            "advisor_turn_seconds", "Time to handle one conversation turn", registry=r,
            buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
        )  # fmt: skip

    async def observe(self, event: Event, now: float) -> None:
        if isinstance(event, TurnHandled):
            self.turn_seconds.observe(event.seconds)
            self.count_reply(event.reply)
        elif isinstance(event, HelpShown):
            self.count_reply(event.reply)
        elif isinstance(event, Compared):
            self.compared.labels(event.criterion or "unknown").inc()
        elif isinstance(event, SuggestionClicked):
            self.clicked.inc()
        elif isinstance(event, AlternativeClicked):
            self.alternative_clicked.inc()
        elif isinstance(event, Voted):
            self.votes.labels("up" if event.up else "down").inc()

    def count_reply(self, reply: Reply) -> None:
        if reply.intent:
            self.answers.labels(reply.intent).inc()
        elif reply.is_fallback:
            self.fallbacks.inc()
        if reply.suggestions:
            self.suggested.inc()
        if "advisor_started" in reply.events:
            self.runs_started.inc()
        if "advisor_completed" in reply.events and reply.recommendation:
            self.runs_completed.labels(reply.recommendation).inc()

    def exposition(self, others: Mapping[SampleKey, float] | None = None) -> bytes:
        """The text format; with `others`, the answering processes' counts added."""
        if others is None:
            return bytes(generate_latest(self.registry))
        return merged_exposition(self.registry, others)
