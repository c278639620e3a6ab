"""Payloads shaped exactly as Slack sends them, for every listener test.

Written from Slack's documented shapes (docs.slack.dev: the Events API envelope, the
block_actions, view_submission and message_action payloads, slash commands, the
assistant thread events) and bolt-python's own test fixtures. What tests tend to leave
out, and real Slack never does, is here on purpose:

- every Events API body carries `authorizations`, `event_context`, `context_team_id`
  and `context_enterprise_id` (null outside Enterprise Grid), `is_ext_shared_channel`;
- a click on an ephemeral message has a container with `is_ephemeral: true` and NO
  `message` (Slack does not send ephemeral messages back), and a response_url;
- a click in App Home or a modal has a `view` container, a `view`, and no response_url;
- a conversations_select pick carries `selected_conversation` and no `value`;
- enterprise fields (`enterprise`, `is_enterprise_install`) are present, null when not
  on Grid.

Builders return dicts; `as_event_body`/`as_form_body` serialise them as Slack posts them.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

TEAM = "T0TEAM"
APP = "A0APP"
BOT_USER = "UBOT"  # the fake Web API's auth.test bot user
USER = "U0ALICE"
_ids = itertools.count(1)


def _enterprise(enterprise: str | None) -> dict[str, Any] | None:
    return {"id": enterprise, "name": "Grid"} if enterprise else None


# --- the Events API ------------------------------------------------------------------------


def envelope(
    event: dict[str, Any],
    *,
    team: str = TEAM,
    enterprise: str | None = None,
    event_id: str | None = None,
) -> dict[str, Any]:
    """The event_callback body around one event, as Slack posts it to the Request URL."""
    return {
        "token": "legacy-verification-token",
        "team_id": team,
        "enterprise_id": enterprise,
        "context_team_id": team,
        "context_enterprise_id": enterprise,
        "api_app_id": APP,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_ids):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": enterprise,
                "team_id": team,
                "user_id": BOT_USER,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-eyJldCI6ImV2ZW50IiwidGlkIjoi{next(_ids):06d}",
    }


def _rich_text(text: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "rich_text",
            "block_id": "rt1",
            "elements": [
                {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
            ],
        }
    ]


def app_mention(
    text: str,
    ts: str,
    channel: str = "C0GENERAL",
    thread_ts: str | None = None,
    user: str = USER,
    team: str = TEAM,
) -> dict[str, Any]:
    """`text` after the mention; an empty `text` is a bare `@advisor`."""
    full = f"<@{BOT_USER}> {text}".rstrip()
    event = {
        "type": "app_mention",
        "client_msg_id": f"m{next(_ids)}",
        "user": user,
        "text": full,
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
        "team": team,
        "blocks": _rich_text(full),
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message_im(
    text: str,
    ts: str,
    channel: str = "D0ALICE",
    user: str = USER,
    team: str = TEAM,
    **extra: Any,
) -> dict[str, Any]:
    """A person's message in a DM (`thread_ts` in `extra` for a reply in a DM thread)."""
    event = {
        "type": "message",
        "channel_type": "im",
        "client_msg_id": f"m{next(_ids)}",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
        "team": team,
        "blocks": _rich_text(text) if text else [],
    }
    if extra.get("thread_ts"):
        event["parent_user_id"] = user
    return {**event, **extra}


def _assistant_thread(
    channel: str, thread_ts: str, viewing: str | None, user: str, team: str
) -> dict[str, Any]:
    context = {"channel_id": viewing, "team_id": team, "enterprise_id": None} if viewing else {}
    return {"user_id": user, "context": context, "channel_id": channel, "thread_ts": thread_ts}


def assistant_thread_started(
    channel: str = "D0ALICE",
    thread_ts: str = "500.0",
    viewing: str | None = "C0GENERAL",
    user: str = USER,
    team: str = TEAM,
) -> dict[str, Any]:
    return {
        "type": "assistant_thread_started",
        "event_ts": thread_ts,
        "assistant_thread": _assistant_thread(channel, thread_ts, viewing, user, team),
    }


def assistant_thread_context_changed(
    viewing: str,
    channel: str = "D0ALICE",
    thread_ts: str = "500.0",
    user: str = USER,
    team: str = TEAM,
) -> dict[str, Any]:
    return {
        "type": "assistant_thread_context_changed",
        "event_ts": f"{thread_ts}1",
        "assistant_thread": _assistant_thread(channel, thread_ts, viewing, user, team),
    }


def app_home_opened(
    user: str = USER, channel: str = "DU0ALICE", tab: str = "home"
) -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": channel,
        "tab": tab,
        "event_ts": f"{time.time():.6f}",
    }


def app_uninstalled() -> dict[str, Any]:
    return {"type": "app_uninstalled"}


def tokens_revoked(bot: bool = True, users: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "tokens_revoked",
        "tokens": {"oauth": list(users), "bot": [BOT_USER] if bot else []},
    }


# --- interactivity ---------------------------------------------------------------------------


def _who(team: str, enterprise: str | None, user: str) -> dict[str, Any]:
    team_info: dict[str, Any] = {"id": team, "domain": "test"}
    if enterprise:
        team_info.update(enterprise_id=enterprise, enterprise_name="Grid")
    return {
        "team": team_info,
        "user": {"id": user, "username": "alice", "name": "alice", "team_id": team},
        "api_app_id": APP,
        "token": "legacy-verification-token",
        "enterprise": _enterprise(enterprise),
        "is_enterprise_install": False,
    }


def action(
    action_id: str, value: str | None = None, kind: str = "button", **fields: Any
) -> dict[str, Any]:
    """One element of `actions`: a button (with `value`), or any element's fields."""
    element: dict[str, Any] = {
        "action_id": action_id,
        "block_id": f"b{next(_ids)}",
        "type": kind,
        "action_ts": f"{time.time():.6f}",
    }
    if kind == "button":
        element["text"] = {
            "type": "plain_text",
            "text": fields.pop("label", action_id),
            "emoji": True,
        }
    if value is not None:
        element["value"] = value
    return {**element, **fields}


def conversation_pick(action_id: str, channel: str) -> dict[str, Any]:
    """A conversations_select choice: `selected_conversation`, no `value`."""
    return action(action_id, kind="conversations_select", selected_conversation=channel)


def block_actions_on_message(
    element: dict[str, Any],
    *,
    channel: str,
    message: dict[str, Any] | None,
    response_url: str,
    message_ts: str | None = None,
    thread_ts: str | None = None,
    team: str = TEAM,
    enterprise: str | None = None,
    user: str = USER,
) -> dict[str, Any]:
    """A click on a message's button. `message` None: the message was ephemeral, so
    Slack sends `is_ephemeral: true` and no `message` (only its ts in the container)."""
    ts = message_ts or (message or {}).get("ts") or f"{time.time():.6f}"
    container: dict[str, Any] = {
        "type": "message",
        "message_ts": ts,
        "channel_id": channel,
        "is_ephemeral": message is None,
    }
    thread = thread_ts or (message or {}).get("thread_ts")
    if thread:
        container["thread_ts"] = thread
    payload = {
        "type": "block_actions",
        **_who(team, enterprise, user),
        "container": container,
        "trigger_id": f"{next(_ids)}.{next(_ids)}.trigger",
        "channel": {
            "id": channel,
            "name": "general" if channel.startswith("C") else "directmessage",
        },
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [element],
    }
    if message is not None:
        payload["message"] = {"type": "message", "user": BOT_USER, "bot_id": "BBOT", **message}
    return payload


def block_actions_in_view(
    element: dict[str, Any],
    view: dict[str, Any],
    *,
    team: str = TEAM,
    enterprise: str | None = None,
    user: str = USER,
) -> dict[str, Any]:
    """A click in App Home or a modal: a view container, the view, no response_url."""
    view_id = str(view.get("id") or f"V{next(_ids):06d}")
    full_view = {
        "id": view_id,
        "team_id": team,
        "hash": f"{next(_ids)}.h",
        "private_metadata": "",
        "state": {"values": {}},
        **view,
    }
    return {
        "type": "block_actions",
        **_who(team, enterprise, user),
        "container": {"type": "view", "view_id": view_id},
        "trigger_id": f"{next(_ids)}.{next(_ids)}.trigger",
        "view": full_view,
        "actions": [element],
    }


def view_submission(
    view: dict[str, Any],
    values: dict[str, str | None],
    *,
    team: str = TEAM,
    enterprise: str | None = None,
    user: str = USER,
) -> dict[str, Any]:
    """The modal `view` submitted with a static select picked (or left empty) per block."""
    state = {
        block: {
            block: {
                "type": "static_select",
                "selected_option": None
                if value is None
                else {"text": {"type": "plain_text", "text": value}, "value": value},
            }
        }
        for block, value in values.items()
    }
    full_view = {
        "id": "V1",
        "team_id": team,
        "type": "modal",
        "hash": "1.hash",
        "private_metadata": "",
        **view,
        "state": {"values": state},
    }
    return {
        "type": "view_submission",
        **_who(team, enterprise, user),
        "trigger_id": f"{next(_ids)}.trigger",
        "view": full_view,
        "response_urls": [],
    }


def message_shortcut(
    callback_id: str,
    message: dict[str, Any],
    response_url: str,
    channel: str = "C0GENERAL",
    team: str = TEAM,
    enterprise: str | None = None,
    user: str = USER,
) -> dict[str, Any]:
    """A message shortcut on `message` (someone's message in `channel`)."""
    return {
        "type": "message_action",
        **_who(team, enterprise, user),
        "callback_id": callback_id,
        "trigger_id": f"{next(_ids)}.trigger",
        "channel": {"id": channel, "name": "general"},
        "message_ts": message.get("ts"),
        "message": {"type": "message", **message},
        "response_url": response_url,
        "action_ts": f"{time.time():.6f}",
    }


def slash_command(
    command: str,
    text: str,
    response_url: str,
    channel: str = "C0GENERAL",
    team: str = TEAM,
    enterprise: str | None = None,
    user: str = USER,
) -> dict[str, str]:
    """A slash command's form fields (Slack posts them url-encoded, all strings)."""
    fields = {
        "token": "legacy-verification-token",
        "team_id": team,
        "team_domain": "test",
        "channel_id": channel,
        "channel_name": "general",
        "user_id": user,
        "user_name": "alice",
        "command": command,
        "text": text,
        "api_app_id": APP,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": f"{next(_ids)}.{next(_ids)}.trigger",
    }
    if enterprise:
        fields.update(enterprise_id=enterprise, enterprise_name="Grid")
    return fields


def as_event_body(body: dict[str, Any]) -> str:
    return json.dumps(body)


def as_form_body(payload: dict[str, Any]) -> str:
    """Interactivity: one form field, `payload`, holding the JSON."""
    return urlencode({"payload": json.dumps(payload)})
