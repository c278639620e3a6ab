"""Reading what listeners need from Slack's payloads: who, where, and which click."""

from __future__ import annotations

from typing import Any

from bot.slack import keys
from bot.slack.deps import Place


def team_and_user(body: dict[str, Any]) -> tuple[str, str]:
    """The workspace and person of an interaction (button, shortcut, view)."""
    return str((body.get("team") or {}).get("id", "")), str((body.get("user") or {}).get("id", ""))


def place_of(body: dict[str, Any], thread_ts: str | None = None, token: str | None = None) -> Place:
    """Where a click happened: its channel and thread (or `thread_ts`)."""
    container = body.get("container") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id", "")
    thread = thread_ts or (body.get("message") or {}).get("thread_ts") or None
    return Place(str((body.get("team") or {}).get("id", "")), str(channel), thread, token)


def message_ts(body: dict[str, Any]) -> str:
    container = body.get("container") or {}
    return str(container.get("message_ts") or (body.get("message") or {}).get("ts", ""))


def click_key(body: dict[str, Any], action: dict[str, Any]) -> str:
    """One click on one message's button (or choice): for deduplication and the outbox."""
    place = place_of(body)
    picked = action.get("value") or (action.get("selected_option") or {}).get("value", "")
    return keys.click_key(place.channel, message_ts(body), str(action.get("action_id")), picked)


def event_key(body: dict[str, Any], event: dict[str, Any]) -> str:
    """The event answered (Slack's event id; the message's ts when there is none)."""
    return keys.event_key(str(body.get("event_id") or event.get("ts")))
