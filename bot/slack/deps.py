"""What the listeners need, passed in at start-up, and where a conversation happens."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.engine import Engine, StateStore
from bot.ops.metrics import Metrics
from bot.slack.intake import Intake
from bot.slack.keys import conversation_key
from bot.slack.outbox_sender import OutboxSender


@dataclass(frozen=True)
class Deps:
    engine: Engine  # the one way into the core
    store: StateStore  # the Slack layer's own records: dedup, thread contexts, App Home
    web: AsyncWebClient  # the Web API, over one keep-alive HTTP session
    metrics: Metrics  # the edge's counts (Web API errors); the engine reports the rest
    outbox: OutboxSender  # every reply to an acknowledged request goes through it
    intake: Intake  # work accepted before its ack (mentions), answered by the workers


@dataclass(frozen=True)
class Place:
    """Where a conversation happens: a channel thread, or a DM."""

    team: str
    channel: str
    thread_ts: str | None = None
    token: str | None = None  # the workspace's bot token (from Bolt's authorization)

    @property
    def key(self) -> str:
        return conversation_key(self.team, self.channel, self.thread_ts)
