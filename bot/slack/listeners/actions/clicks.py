"""Reading block_actions payloads: where the click happened, and was it seen before."""

from __future__ import annotations

from typing import Any

from bot.slack.replying import Deps, Place, first_time


def place_of(body: dict[str, Any], thread_ts: str | None = None, token: str | None = None) -> Place:
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
    return f"click:{place.channel}:{message_ts(body)}:{action.get('action_id')}:{picked}"


async def first_click(deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> bool:
    """A button counts once per message, across double clicks, retries and instances."""
    return await first_time(deps, click_key(body, action))
