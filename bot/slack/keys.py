"""Every key the Slack app keeps in the state store or the outbox, built in one place.

Conversations: one per thread in a channel, one per DM. Claims (deduplication): an
event, a click, a vote, a form submission. Outbox entries: the event or click answered
plus which delivery (`Delivery`), so each is sent once. The formats are what earlier
versions wrote, so entries made before an upgrade are still found.
"""

from __future__ import annotations

from typing import Literal

# Which Web API delivery answers an event or a click, appended to its key.
Delivery = Literal[
    "reply",
    "ephemeral",
    "private",
    "update",
    "delete",
    "share",
    "stale",
    "compare",
    "home",
    "form_not_opened",
]


def conversation_key(team: str, channel: str, thread_ts: str | None = None) -> str:
    return f"slack:{team}:{channel}:{thread_ts}" if thread_ts else f"slack:{team}:{channel}"


def workspace_prefix(team: str) -> str:
    """The prefix every conversation key of one workspace starts with."""
    return f"slack:{team}:"


def home_record_key(team: str, user: str) -> str:
    """A person's last recommendation, for App Home (removed with the workspace's keys)."""
    return conversation_key(team, f"home:{user}")


def dm_record_key(team: str, user: str) -> str:
    """The DM channel last seen for a person (removed with the workspace's keys)."""
    return conversation_key(team, f"dm-of:{user}")


def event_key(event_id: str) -> str:
    """An event: the same for Slack's retries of it."""
    return f"event:{event_id}"


def click_key(channel: str, message_ts: str, action_id: str, picked: str) -> str:
    """One click on one message's button (or choice): double clicks and retries count once."""
    return f"click:{channel}:{message_ts}:{action_id}:{picked}"


def vote_key(channel: str, message_ts: str, user: str) -> str:
    """One vote per person and message (the user id only counts it, then expires)."""
    return f"vote:{channel}:{message_ts}:{user}"


def view_key(view_id: str, view_hash: str) -> str:
    """One submission of one form: Slack's view id and hash name it."""
    return f"view:{view_id}:{view_hash}"


def home_click_key(team: str, user: str, trigger_id: str) -> str:
    """An App Home button: its trigger id is new for every click."""
    return f"home:{team}:{user}:{trigger_id}"


def command_key(team: str, user: str, trigger_id: str) -> str:
    """A slash command: its trigger id is new for every use."""
    return f"command:{team}:{user}:{trigger_id}"


def oauth_state_key(nonce: str) -> str:
    """An install's state, claimed once so a link cannot be replayed."""
    return f"oauth-state:{nonce}"


def delivery(key: str, what: Delivery) -> str:
    """The outbox key of one delivery answering the event or click `key`."""
    return f"{key}:{what}"


def stale_key(click: str, action_ts: str) -> str:
    """The note on a button nothing handles: once per press (a press has its own ts)."""
    return f"{click}:{action_ts}:stale"


def assistant_context_key(channel: str, thread_ts: str) -> str:
    return f"assistant-context:{channel}:{thread_ts}"


def assistant_thread_key(channel: str, thread_ts: str) -> str:
    return f"assistant-thread:{channel}:{thread_ts}"


def private_channel(user: str) -> str:
    """Where a person's private conversation lives (/advisor, the message shortcut, and
    every button on their private replies): keyed by the person, posted nowhere."""
    return f"private-{user}"


def is_private_channel(channel: str) -> bool:
    return channel.startswith("private-")
