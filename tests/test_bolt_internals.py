"""Bolt's private API, as bot/slack/bolt_internals.py uses it: still there, still doing
what we rely on. A failure here after a slack-bolt upgrade names what moved; fix
bolt_internals.py (and only it), then widen the pin in pyproject.toml."""

from __future__ import annotations

import ast
import inspect
import json
import logging
import os
import tomllib
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.internals import _set_response
from slack_bolt.lazy_listener.async_internals import to_runnable_function
from slack_bolt.lazy_listener.async_runner import AsyncLazyListenerRunner
from slack_bolt.middleware.authorization.async_single_team_authorization import (
    AsyncSingleTeamAuthorization,
)
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack import bolt_internals as bi

REPO = Path(__file__).resolve().parent.parent


def params(function: Any) -> list[str]:
    return list(inspect.signature(function).parameters)


def test_the_installed_bolt_is_the_tested_range_and_the_pin_says_so() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    (pin,) = [Requirement(d) for d in project["dependencies"] if d.startswith("slack-bolt")]
    assert str(pin.specifier) == str(Requirement(f"slack-bolt{bi.TESTED_BOLT}").specifier)
    assert pin.specifier.contains(version("slack-bolt")), "slack-bolt outside the tested range"
    assert not list(pin.specifier.filter(["1.31.0", "2.0.0"])), "no upper bound"


def test_the_private_names_keep_their_signatures() -> None:
    assert params(AsyncApp._handle_unmatched_requests) == ["self", "req", "resp"]
    assert params(to_runnable_function) == ["internal_func", "logger", "request"]
    used = {"self", "text_or_whole_response", "blocks", "response_type", "options", "errors",
            "response_action", "view"}  # fmt: skip
    assert used <= set(params(_set_response))
    assert "auth_test_result" in vars(AsyncSingleTeamAuthorization())
    assert params(AsyncLazyListenerRunner.start) == ["self", "function", "request"]


def app() -> bi.AppWithUnmatchedHook:
    return bi.AppWithUnmatchedHook(
        token="xoxb-test", signing_secret="s", request_verification_enabled=False,
        process_before_response=True,
    )  # fmt: skip


async def test_the_unmatched_hook_answers_what_no_listener_claims() -> None:
    seen: list[str] = []
    bolt = app()

    def unmatched(req: AsyncBoltRequest) -> BoltResponse:
        seen.append(str(req.body.get("type")))
        return BoltResponse(status=200, body="ours")

    bolt.on_unmatched = unmatched
    bi.replace_middleware(bolt, AsyncSingleTeamAuthorization, PassThrough)
    body = {"type": "event_callback", "team_id": "T1", "event": {"type": "reaction_added"}}
    response = await bolt.async_dispatch(AsyncBoltRequest(body=json.dumps(body)))
    assert (response.status, response.body, seen) == (200, "ours", ["event_callback"])


class PassThrough(AsyncSingleTeamAuthorization):
    async def async_process(self, *, req: Any, resp: Any, next: Any) -> BoltResponse:
        return await next()  # type: ignore[no-any-return]


def test_the_middleware_surgery_swaps_bolts_one_authorization() -> None:
    bolt = app()
    assert bi.replace_middleware(bolt, AsyncSingleTeamAuthorization, PassThrough) == 1
    kinds = [type(m) for m in bolt._async_middleware_list]
    assert PassThrough in kinds and AsyncSingleTeamAuthorization not in kinds


async def test_the_lazy_runner_is_ours_and_fills_a_lazy_listeners_arguments() -> None:
    ran: list[tuple[str, str]] = []

    class Recording(AsyncLazyListenerRunner):
        def __init__(self) -> None:
            self.logger = logging.getLogger("test")

        def start(self, function: Any, request: AsyncBoltRequest) -> None:
            ran.append(("started", function.__name__))
            self.awaitable = bi.runnable_lazy(function, self.logger, request)

    bolt = app()
    runner = Recording()
    bi.set_lazy_runner(bolt, runner)
    bi.replace_middleware(bolt, AsyncSingleTeamAuthorization, PassThrough)

    async def later(event: dict[str, Any]) -> None:
        ran.append(("ran", str(event["text"])))

    async def ack_now(ack: Any) -> None:
        await ack()

    bolt.event("app_mention")(ack=ack_now, lazy=[later])
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": "Ev1",
        "event": {"type": "app_mention", "text": "hi", "user": "U1", "channel": "C1"},
    }
    response = await bolt.async_dispatch(AsyncBoltRequest(body=json.dumps(body)))
    assert response.status == 200
    await runner.awaitable
    assert ran == [("started", "later"), ("ran", "hi")]


def test_ack_responses_are_bolts_own() -> None:
    response = bi.ack_response({"response_type": "ephemeral", "text": "hi"})
    assert response.status == 200
    assert json.loads(response.body) == {"text": "hi", "response_type": "ephemeral"}
    errors = bi.ack_response({"response_action": "errors", "errors": {"q": "pick one"}})
    assert json.loads(errors.body) == {"response_action": "errors", "errors": {"q": "pick one"}}


@pytest.mark.parametrize(
    ("body", "no_auth", "no_auth_test"),
    [
        ({"type": "url_verification", "challenge": "x"}, True, False),
        ({"type": "event_callback", "event": {"type": "app_uninstalled"}}, False, True),
        ({"type": "event_callback", "event": {"type": "tokens_revoked"}}, False, True),
        ({"type": "event_callback", "event": {"type": "app_mention"}}, False, False),
    ],
)
def test_requests_bolt_authorizes_without_auth_test(
    body: dict[str, Any], no_auth: bool, no_auth_test: bool
) -> None:
    req = AsyncBoltRequest(body=json.dumps(body))
    assert (bi.needs_no_auth(req), bi.needs_no_auth_test(req)) == (no_auth, no_auth_test)


def test_no_other_module_touches_bolts_private_api() -> None:
    """Private names (leading underscore) from slack_bolt, or private attributes of its
    objects, appear only in bot/slack/bolt_internals.py."""
    offenders = []
    for path in (REPO / "bot").rglob("*.py"):
        if path.name == "bolt_internals.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("slack_bolt"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private or "internals" in (node.module or ""):
                    offenders.append(f"{path.name}: from {node.module} import {private}")
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_async_")) or (
                isinstance(node, ast.FunctionDef) and node.name == "_handle_unmatched_requests"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_an_app_given_a_client_does_not_warn_about_the_environments_token(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-env")
    caplog.set_level(logging.WARNING)
    bolt = bi.AppWithUnmatchedHook(
        client=AsyncWebClient(token="xoxb-env"), signing_secret="s",
        request_verification_enabled=False, logger=logging.getLogger("slack_bolt"),
    )  # fmt: skip
    assert [r.name for r in caplog.records if r.name.startswith("slack_bolt")] == []
    assert bolt.client.token == "xoxb-env"
    assert os.environ["SLACK_BOT_TOKEN"] == "xoxb-env"  # the environment is left as it was
