"""Reading a verified request body, defensively: Slack's shapes or a reason why not.

Runs after the signature check and before Bolt sees anything. Parsing follows Bolt's own
rules (JSON when the content type says so or the body starts with "{", else a form, with
interactivity in its `payload` field), so what passes here parses the same way in Bolt.
The shape check covers every field Bolt's matchers and context builders, and our
listeners, read: a body that passes cannot make them raise. Pure functions, no I/O.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

MAX_DEPTH = 48  # Slack's deepest payloads (modal state, rich text) nest about 15 levels
TYPE_NAME = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")


@dataclass(frozen=True)
class Rejected:
    """Why a body is not one Slack sends (a short reason, never any of its content)."""

    reason: str


def parse(raw: bytes, content_type: str | None) -> dict[str, Any] | Rejected:
    """The body as Bolt will read it, or why it cannot be one of Slack's."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return Rejected("body is not UTF-8")
    if not text:
        return Rejected("empty body")
    try:
        if content_type == "application/json" or text.startswith("{"):
            body = json.loads(text)
        elif "payload" in text:  # interactivity: a form whose `payload` field is JSON
            payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
            if payload is None:
                return Rejected("form without a payload field")
            body = json.loads(payload)
        else:  # slash commands and ssl_check: a plain form (flat: nothing nests)
            form = dict(parse_qsl(text, keep_blank_values=True))
            problem = shape_problem(form)
            return Rejected(problem) if problem else form
    except RecursionError:
        return Rejected("nested too deeply")
    except ValueError:  # JSONDecodeError is a ValueError
        return Rejected("not valid JSON")
    if not isinstance(body, dict):
        return Rejected(f"top level is {type(body).__name__}, not an object")
    if too_deep(body, MAX_DEPTH):
        return Rejected("nested too deeply")
    problem = shape_problem(body)
    return Rejected(problem) if problem else body


def too_deep(value: Any, limit: int) -> bool:
    """True when containers nest deeper than `limit` (iterative: no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(current, dict):
            stack.extend((v, depth + 1) for v in current.values() if isinstance(v, dict | list))
        elif isinstance(current, list):
            stack.extend((v, depth + 1) for v in current if isinstance(v, dict | list))
    return False


# --- shapes ---------------------------------------------------------------------------

Check = Callable[[Any], bool]


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _maybe_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _maybe_object(value: Any) -> bool:
    return value is None or isinstance(value, dict)


def _ref(value: Any) -> bool:
    """team, user, channel, enterprise: an id, an object with a text id, or null."""
    if isinstance(value, dict):
        return _maybe_text(value.get("id")) and _maybe_text(value.get("team_id"))
    return _maybe_text(value)


def _objects(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


# Fields read by Bolt (context, matchers) or our listeners, wherever they appear.
FIELDS: dict[str, Check] = {
    "type": _text,
    "subtype": _maybe_text,
    "token": _maybe_text,
    "team_id": _maybe_text,
    "user_id": _maybe_text,
    "channel_id": _maybe_text,
    "enterprise_id": _maybe_text,
    "api_app_id": _maybe_text,
    "event_id": _maybe_text,
    "callback_id": _maybe_text,
    "trigger_id": _maybe_text,
    "response_url": _maybe_text,
    "command": _text,
    "text": _maybe_text,
    "ts": _maybe_text,
    "thread_ts": _maybe_text,
    "channel_type": _maybe_text,
    "bot_id": _maybe_text,
    "user_team": _maybe_text,
    "action_id": _maybe_text,
    "block_id": _maybe_text,
    "function_execution_id": _maybe_text,
    "app_installed_team_id": _maybe_text,
    "bot_access_token": _maybe_text,
    "team": _ref,
    "user": _ref,
    "channel": _ref,
    "enterprise": _ref,
    "container": _maybe_object,
    "message": _maybe_object,
    "previous_message": _maybe_object,
    "item": _maybe_object,
    "assistant_thread": _maybe_object,
    "function_data": _maybe_object,
    "view": _maybe_object,
    "state": _maybe_object,
    "authorizations": _objects,
    "response_urls": _objects,
    "actions": _objects,
    "is_ext_shared_channel": lambda v: isinstance(v, bool),
}
ACTION_FIELDS: dict[str, Check] = {
    "action_id": _text,
    "block_id": _maybe_text,
    "value": _maybe_text,
    "selected_conversation": _maybe_text,
    "selected_option": _maybe_object,
    "text": _maybe_object,
}
# What each kind of request must carry for Bolt to route it.
REQUIRED: dict[str, dict[str, Check]] = {
    "event_callback": {"event": lambda v: isinstance(v, dict)},
    "url_verification": {"challenge": _text},
    "block_actions": {"actions": lambda v: _objects(v) and bool(v)},
    "block_suggestion": {"action_id": _text},
    "view_submission": {"view": lambda v: isinstance(v, dict)},
    "view_closed": {"view": lambda v: isinstance(v, dict)},
    "shortcut": {"callback_id": _text},
    "message_action": {"callback_id": _text},
    "interactive_message": {"callback_id": _text},
    "dialog_submission": {"callback_id": _text},
    "dialog_cancellation": {"callback_id": _text},
    "dialog_suggestion": {"callback_id": _text},
    "workflow_step_edit": {"callback_id": _text},
}
# Events our listeners answer read these fields without defaults.
EVENT_REQUIRED: dict[str, dict[str, Check]] = {
    "app_mention": {"channel": _text, "ts": _text},
    "message": {"channel": _text},
    "app_home_opened": {"user": _text},
}


def _fields_problem(obj: dict[str, Any], checks: dict[str, Check], where: str) -> str | None:
    for name, value in obj.items():  # the body's few fields, not every known one
        ok = checks.get(name)
        if ok is not None and not ok(value):
            return f"{where}{name} has the wrong type"
    return None


def _required_problem(obj: dict[str, Any], checks: dict[str, Check], where: str) -> str | None:
    for name, ok in checks.items():
        if name not in obj or not ok(obj[name]):
            return f"{where}{name} missing or of the wrong type"
    return None


def shape_problem(body: dict[str, Any]) -> str | None:
    """None when `body` has the shape of something Slack sends; else what is wrong."""
    if "command" in body and "type" not in body:  # a slash command (a form)
        return _fields_problem(body, FIELDS, "")
    if "ssl_check" in body and "type" not in body:
        return None
    kind = body.get("type")
    if not isinstance(kind, str) or not TYPE_NAME.match(kind):
        return "no request type"
    problem = _fields_problem(body, FIELDS, "") or _required_problem(
        body, REQUIRED.get(kind, {}), ""
    )
    if problem:
        return problem
    for nested in ("event", "message", "view", "container", "previous_message", "item"):
        inner = body.get(nested)
        if isinstance(inner, dict):
            problem = _fields_problem(inner, FIELDS, f"{nested}.")
            if problem:
                return problem
    for entry in body.get("authorizations") or []:
        problem = _fields_problem(entry, FIELDS, "authorizations.")
        if problem:
            return problem
    for action in body.get("actions") or []:
        problem = _fields_problem(action, ACTION_FIELDS, "action.")
        if problem:
            return problem
    if kind in {"view_submission", "view_closed"}:
        return _required_problem(body["view"], {"callback_id": _text, "type": _text}, "view.")
    if kind == "event_callback":
        return _event_problem(body["event"])
    message = body.get("message")
    if isinstance(message, dict) and "blocks" in message and not _objects(message["blocks"]):
        return "message.blocks has the wrong type"
    return None


def _event_problem(event: dict[str, Any]) -> str | None:
    event_type = event.get("type")
    if not isinstance(event_type, str):
        return "event.type missing or of the wrong type"
    return _required_problem(event, EVENT_REQUIRED.get(event_type, {}), "event.")


def kind_of(body: dict[str, Any]) -> str:
    """A label for logs and metrics: command, event, action, view, shortcut, ..."""
    if "command" in body and "type" not in body:
        return "command"
    kinds = {
        "event_callback": "event",
        "block_actions": "action",
        "url_verification": "verify",
        "view_submission": "view",
        "view_closed": "view",
        "shortcut": "shortcut",
        "message_action": "shortcut",
        "block_suggestion": "options",
    }
    return kinds.get(str(body.get("type")), "other")


def team_of(body: dict[str, Any]) -> str:
    """The workspace id for a log line ("-" when the body names none)."""
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    return team if isinstance(team, str) and team else "-"
