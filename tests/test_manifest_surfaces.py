"""The manifests declare what the code relies on: the scopes of the Web API methods it
calls, the events it listens to (each one answered by the running app), the message
shortcut's callback id and the assistant view; and they keep to the manifest schema's
shape and limits as far as they can be checked offline."""

from __future__ import annotations

import ast
import logging
import re
from typing import Any

import pytest

from bot.slack.form_view import CALLBACK_ID as FORM_CALLBACK_ID
from bot.slack.listeners.shortcuts.ask_advisor import CALLBACK_ID as SHORTCUT_CALLBACK_ID
from tests import slack_payloads as sp
from tests import slack_requests as sr
from tests.conftest import REPO
from tests.test_slack_e2e import FORM, RunningApp, app, slack
from tests.test_slack_packaging import manifest

__all__ = ["app", "slack"]
MANIFESTS = ["manifest.yml", "manifest.socket-mode.yml"]
# The bot scope each Web API method and event needs (Slack's method and event reference).
METHOD_SCOPES = {
    "chat_postMessage": "chat:write", "chat_postEphemeral": "chat:write",
    "chat_update": "chat:write", "conversations_open": "im:write", "views_publish": None,
    "views_open": None, "assistant_threads_setStatus": "assistant:write",
    "assistant_threads_setTitle": "assistant:write",
    "assistant_threads_setSuggestedPrompts": "assistant:write",
    "conversations_replies": "channels:history",
}  # fmt: skip
# Bolt's assistant utilities call the assistant.threads methods for us.
BOLT_UTILITIES = {"set_status": "assistant_threads_setStatus",
                  "set_title": "assistant_threads_setTitle",
                  "set_suggested_prompts": "assistant_threads_setSuggestedPrompts"}  # fmt: skip
EVENT_SCOPES = {"app_mention": "app_mentions:read", "message.im": "im:history",
                "app_home_opened": None, "assistant_thread_started": "assistant:write",
                "assistant_thread_context_changed": "assistant:write",
                "app_uninstalled": None, "tokens_revoked": None}  # fmt: skip
TOP_LEVEL = {"_metadata", "display_information", "features", "oauth_config", "settings",
             "functions", "workflows", "outgoing_domains"}  # fmt: skip
FEATURES = {"app_home", "bot_user", "shortcuts", "slash_commands", "unfurl_domains",
            "workflow_steps", "assistant_view"}  # fmt: skip


def methods_called() -> set[str]:
    """Every Web API method the bot's code calls: directly, by name through the outbox or
    `call`, or through Bolt's utilities."""
    source = "\n".join(p.read_text() for p in (REPO / "bot").rglob("*.py"))
    called = set(re.findall(r"\.web\.(\w+)\(", source))
    called |= {method for name, method in BOLT_UTILITIES.items() if f"{name}(" in source}
    for path in (REPO / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            named = node.args[1]
            if (
                name in {"send", "call", "prepare"}  # the outbox's send or prepare, `call`
                and isinstance(named, ast.Constant)
                and isinstance(named.value, str)
                and named.value != "response_url"
            ):
                called.add(named.value.replace(".", "_"))
    return called


def events_listened() -> set[str]:
    """Every event type a listener of the app's own claims (the catch-all's pattern is
    not a name), as the manifest names them: a message listener is `message.im`."""
    events: set[str] = set()
    for path in (REPO / "bot/slack").rglob("*.py"):
        tree = ast.parse(path.read_text())
        loops = {
            n.target.id: [e.value for e in n.iter.elts if isinstance(e, ast.Constant)]
            for n in ast.walk(tree)
            if isinstance(n, ast.For) and isinstance(n.target, ast.Name)
            and isinstance(n.iter, ast.Tuple)
        }  # fmt: skip
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr == "assistant" and node.args:  # app.assistant(AsyncAssistant)
                events |= {"assistant_thread_started", "assistant_thread_context_changed",
                           "message.im"}  # fmt: skip
            if node.func.attr != "event" or not node.args:
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                events.add(first.value)
            elif isinstance(first, ast.Name):
                events |= {str(v) for v in loops.get(first.id, [])}
    return {"message.im" if e == "message" else e for e in events}


@pytest.mark.parametrize("name", MANIFESTS)
def test_every_event_listened_for_is_subscribed(name: str) -> None:
    listened = events_listened()
    assert {"app_mention", "app_uninstalled", "tokens_revoked", "message.im"} <= listened
    subscribed = set(manifest(name)["settings"]["event_subscriptions"]["bot_events"])
    assert listened <= subscribed, f"subscribe to {listened - subscribed}"


@pytest.mark.parametrize("name", MANIFESTS)
def test_every_method_and_event_has_its_scope(name: str) -> None:
    m = manifest(name)
    scopes = set(m["oauth_config"]["scopes"]["bot"])
    called = methods_called()
    assert {"views_open", "assistant_threads_setStatus", "chat_postMessage", "chat_postEphemeral",
            "views_publish", "conversations_open"} <= called  # fmt: skip
    unknown = called - set(METHOD_SCOPES)
    assert not unknown, f"add the scope of {unknown} to METHOD_SCOPES"
    needed = {METHOD_SCOPES[m] for m in called} | {
        EVENT_SCOPES[e] for e in m["settings"]["event_subscriptions"]["bot_events"]
    }
    assert needed - {None} <= scopes


@pytest.mark.parametrize("name", MANIFESTS)
def test_the_assistant_view_and_shortcut_are_declared(name: str) -> None:
    m = manifest(name)
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert {"assistant_thread_started", "assistant_thread_context_changed", "message.im"} <= events
    assert "assistant:write" in m["oauth_config"]["scopes"]["bot"]
    description = m["features"]["assistant_view"]["assistant_description"]
    assert isinstance(description, str) and description.strip()
    (shortcut,) = m["features"]["shortcuts"]
    assert shortcut == {**shortcut, "type": "message", "callback_id": SHORTCUT_CALLBACK_ID}
    assert SHORTCUT_CALLBACK_ID == "ask_advisor" and FORM_CALLBACK_ID == "advisor_form"
    (advisor,) = [c for c in m["features"]["slash_commands"] if c["command"] == "/advisor"]
    assert "form" in advisor["usage_hint"]


@pytest.mark.parametrize("name", MANIFESTS)
def test_the_manifest_keeps_to_the_schema(name: str) -> None:
    m = manifest(name)
    assert set(m) <= TOP_LEVEL and set(m["features"]) <= FEATURES
    info = m["display_information"]
    assert 0 < len(info["name"]) <= 35 and 0 < len(info["description"]) <= 140
    assert len(info["long_description"]) <= 4000
    assert 0 < len(m["features"]["bot_user"]["display_name"]) <= 80
    for shortcut in m["features"]["shortcuts"]:
        assert set(shortcut) == {"name", "type", "callback_id", "description"}
        assert shortcut["type"] in {"message", "global"}
        assert 0 < len(shortcut["callback_id"]) <= 255
    commands = [c["command"] for c in m["features"]["slash_commands"]]
    assert len(commands) == len(set(commands)) and all(c.startswith("/") for c in commands)
    events = m["settings"]["event_subscriptions"]["bot_events"]
    assert len(events) == len(set(events)) and set(events) <= set(EVENT_SCOPES)


def test_both_manifests_declare_the_same_app() -> None:
    def without_urls(m: dict[str, Any]) -> dict[str, Any]:
        commands = [
            {k: v for k, v in c.items() if k != "url"} for c in m["features"]["slash_commands"]
        ]
        return {"features": {**m["features"], "slash_commands": commands},
                "scopes": m["oauth_config"]["scopes"],
                "events": m["settings"]["event_subscriptions"]["bot_events"]}  # fmt: skip

    http, socket = (manifest(name) for name in MANIFESTS)
    assert without_urls(http) == without_urls(socket)


async def test_the_app_answers_every_declared_event_and_shortcut(
    app: RunningApp, caplog: pytest.LogCaptureFixture
) -> None:
    """Each declared event and shortcut has a listener of its own: none reaches the
    catch-all, which acknowledges what nothing claims with one debug line."""
    caplog.set_level(logging.DEBUG, logger="bot.slack.listeners.catch_all")
    m = manifest("manifest.yml")
    samples = {
        "app_mention": sr.mention("hi", ts="1.0"),
        "app_home_opened": sr.event({"type": "app_home_opened", "user": "U0ALICE",
                                     "channel": "D0ALICE", "tab": "home"}),
        "message.im": sr.dm("hi", ts="2.0"),
        "assistant_thread_started": sr.assistant_thread_started(),
        "assistant_thread_context_changed": sr.assistant_context_changed("C0RANDOM"),
        "tokens_revoked": sr.event(sp.tokens_revoked(bot=False, users=("U0GONE",))),
        "app_uninstalled": sr.event(sp.app_uninstalled()),
    }  # fmt: skip
    unlistened = sr.event({"type": "reaction_added", "user": "U0ALICE", "reaction": "tada"})
    assert (await app.send(unlistened))[0] == 200
    assert "unclaimed event reaction_added" in caplog.text  # what no listener claims
    caplog.clear()
    for event in m["settings"]["event_subscriptions"]["bot_events"]:
        status, _ = await app.send(samples[event])
        assert status == 200, event
    assert "unclaimed" not in caplog.text
    for shortcut in m["features"]["shortcuts"]:
        assert shortcut["callback_id"] == SHORTCUT_CALLBACK_ID
        body = sr.message_shortcut("is node faster?", "3.0", f"{app.slack.url}/response/1")
        status, _ = await app.send(body, FORM)
        assert status == 200
    assert "unclaimed" not in caplog.text
