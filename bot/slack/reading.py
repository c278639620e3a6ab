"""Reading who asks and where from a request: Bolt's context, and the payload where
Bolt's context would name another workspace; click keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.slack import keys
from bot.slack.deps import Place
from bot.slack.keys import private_channel


@dataclass(frozen=True)
class Asker:
    """The person a request comes from, where they are, and the bot's token and user id
    for the workspace (what every listener starts with)."""

    team: str
    user: str
    channel: str  # "" in App Home and modals
    thread_ts: str | None  # the thread asked or clicked in; None at the top level
    token: str | None
    bot_user: str | None

    @property
    def here(self) -> Place:
        """The conversation where the request was made."""
        return Place(self.team, self.channel, self.thread_ts, self.token)

    @property
    def private(self) -> Place:
        """The person's private conversation (ephemeral answers, /advisor questions)."""
        return Place(self.team, private_channel(self.user), None, self.token)

    def at(self, channel: str, thread_ts: str | None = None) -> Place:
        return Place(self.team, channel, thread_ts, self.token)


def asker(body: dict[str, Any], context: AsyncBoltContext) -> Asker:
    """Bolt's context carries the person, channel, thread, token and bot user as Slack's
    payloads name them (events, clicks, views, shortcuts, commands, assistant threads);
    the workspace is read as `workspace` says."""
    return Asker(
        workspace(body, context),
        context.user_id or "",
        context.channel_id or "",
        context.thread_ts or None,
        context.bot_token,
        context.bot_user_id,
    )


def workspace(body: dict[str, Any], context: AsyncBoltContext) -> str:
    """The workspace the request happened in, as the payload names it (`team_id`, or
    `team.id` for interactivity), else Bolt's. Not Bolt's first: for events Bolt takes
    the installation's team from `authorizations` (null for an org-wide install), and
    for views `app_installed_team_id`; the mentions the edge accepts before Bolt are
    keyed by the payload's, so every conversation key is."""
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team:
        team = (body.get("event") or {}).get("team")
    return str(team or context.team_id or "")


def is_private_click(body: dict[str, Any]) -> bool:
    """A click on an ephemeral message: only the person sees it, and Slack sends no
    `message` back, only the container's `is_ephemeral`."""
    return bool((body.get("container") or {}).get("is_ephemeral"))


def click_place(body: dict[str, Any], who: Asker, thread_ts: str | None = None) -> Place:
    """Where a click's conversation is: its channel and thread (or `thread_ts`); for a
    click on a private reply with no thread named, the person's private conversation."""
    if is_private_click(body) and not thread_ts:
        return who.private
    return who.at(who.channel, thread_ts or who.thread_ts)


def channel_of(body: dict[str, Any]) -> str:
    """The channel of a click's message (what `click_key` and a vote's key name)."""
    container = body.get("container") or {}
    return str(container.get("channel_id") or (body.get("channel") or {}).get("id", ""))


def message_ts(body: dict[str, Any]) -> str:
    container = body.get("container") or {}
    return str(container.get("message_ts") or (body.get("message") or {}).get("ts", ""))


def click_key(body: dict[str, Any], action: dict[str, Any]) -> str:
    """One click on one message's button (or choice): for deduplication and the outbox."""
    # A share pick names its conversation: a second pick (another channel, a corrected
    # one) is another click.
    picked = (
        action.get("value")
        or (action.get("selected_option") or {}).get("value")
        or action.get("selected_conversation")
        or ""
    )
    return keys.click_key(channel_of(body), message_ts(body), str(action.get("action_id")), picked)


def event_key(body: dict[str, Any], event: dict[str, Any]) -> str:
    """The event answered (Slack's event id; the message's ts when there is none)."""
    return keys.event_key(str(body.get("event_id") or event.get("ts")))
