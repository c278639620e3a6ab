"""Reading what listeners need from Slack's payloads: who, where, and which click."""

from __future__ import annotations

from typing import Any

from bot.slack import keys
from bot.slack.deps import Place
from bot.slack.keys import private_channel


def team_and_user(body: dict[str, Any]) -> tuple[str, str]:
    """The workspace and person of an interaction (button, shortcut, view)."""
    return str((body.get("team") or {}).get("id", "")), str((body.get("user") or {}).get("id", ""))


def is_private_click(body: dict[str, Any]) -> bool:
    """A click on an ephemeral message: only the person sees it, and Slack sends no
    `message` back, only the container's `is_ephemeral`."""
    return bool((body.get("container") or {}).get("is_ephemeral"))


def place_of(body: dict[str, Any], thread_ts: str | None = None, token: str | None = None) -> Place:
    """Where a click's conversation is: its channel and thread (or `thread_ts`); for a
    click on a private reply with no thread named, the person's private conversation."""
    team, user = team_and_user(body)
    container = body.get("container") or {}
    if is_private_click(body) and not thread_ts:
        return Place(team, private_channel(user), None, token)
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
    thread = thread_ts or (body.get("message") or {}).get("thread_ts") or None
    return Place(team, str(channel), thread, token)


def message_ts(body: dict[str, Any]) -> str:
    container = body.get("container") or {}
    return str(container.get("message_ts") or (body.get("message") or {}).get("ts", ""))


def click_key(body: dict[str, Any], action: dict[str, Any]) -> str:
    """One click on one message's button (or choice): for deduplication and the outbox."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
    # A share pick names its conversation: a second pick (another channel, a corrected
    # one) is another click.
    picked = (
        action.get("value")
        or (action.get("selected_option") or {}).get("value")
        or action.get("selected_conversation")
        or ""
    )
    return keys.click_key(str(channel), message_ts(body), str(action.get("action_id")), picked)


def event_key(body: dict[str, Any], event: dict[str, Any]) -> str:
    """The event answered (Slack's event id; the message's ts when there is none)."""
    return keys.event_key(str(body.get("event_id") or event.get("ts")))
