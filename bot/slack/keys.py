"""Conversation keys: one conversation per thread in a channel, one per DM."""

from __future__ import annotations


def conversation_key(team: str, channel: str, thread_ts: str | None = None) -> str:
    return f"slack:{team}:{channel}:{thread_ts}" if thread_ts else f"slack:{team}:{channel}"


def workspace_prefix(team: str) -> str:
    """The prefix every conversation key of one workspace starts with."""
    return f"slack:{team}:"


def private_channel(user: str) -> str:
    """Where a person's private conversation lives (/advisor, the message shortcut, and
    every button on their private replies): keyed by the person, posted nowhere."""
    return f"private-{user}"


def is_private_channel(channel: str) -> bool:
    return channel.startswith("private-")
