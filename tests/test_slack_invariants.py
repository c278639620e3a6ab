"""Invariants over every surface, enumerated from the app itself.

Every reply each surface produces (channel thread, DM, DM thread, assistant thread,
/advisor, /compare, the message shortcut, App Home, modal) is read back from what the app
sent, every interactive element on it is clicked with a Slack-shaped payload, and so on
for what those clicks produce (breadth first, bounded). No list of buttons is kept here:
a new button is clicked as soon as the app renders it.

(a) Nothing from a private reply (ephemeral, App Home, the person's DM) becomes public
    unless a share control was used; a private "did you mean" under a public mention may
    answer in that mention's thread, where it was asked.
(b) Every click is answered by a listener that finds its state: never the catch-all's
    "older message" note, never "that advisor session has ended", never silence.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis

from bot.content.model import KnowledgeBase
from bot.slack.buttons import SHARE_COMPARE, SHARE_IN_THREAD, SHARE_RESULT
from tests import slack_payloads as sp
from tests import slack_requests as sr
from tests.conftest import UNSURE_QUESTION, Probable
from tests.fake_slack import Call
from tests.test_slack_e2e import FORM, RunningApp, app, deployed_env, running, slack

__all__ = ["app", "slack"]
DM = "DU0ALICE"  # the fake's conversations.open answers D + the user id
CHANNEL = "C0GENERAL"
SHARE_TARGET = "C0SHARED"
SHARE_CONTROLS = {SHARE_RESULT, SHARE_COMPARE, SHARE_IN_THREAD}  # the explicit ones
MAX_CLICKS = 150
QUESTIONS = ("is node faster than django?", "recommend")


@dataclass(frozen=True)
class Shown:
    """A reply as the person sees it, and where."""

    surface: str
    kind: str  # "ephemeral" | "message" | "view"
    blocks: tuple[dict[str, Any], ...]
    channel: str = ""
    thread_ts: str | None = None
    view: dict[str, Any] | None = None
    text: str = ""

    @property
    def private(self) -> bool:
        return self.kind in {"ephemeral", "view"} or self.channel.startswith("D")


@dataclass
class Crawl:
    app: RunningApp
    kb: KnowledgeBase
    queue: deque[Shown] = field(default_factory=deque)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    clicked: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    surfaces: set[str] = field(default_factory=set)
    ts: int = 0

    def next_ts(self) -> str:
        self.ts += 1
        return f"9{self.ts:04d}.000100"


def elements(blocks: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """Every interactive element: in actions and context_actions blocks, and accessories."""
    found: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("type") in {"actions", "context_actions"}:
            found += block.get("elements", [])
        accessory = block.get("accessory") or {}
        if accessory.get("action_id"):
            found.append(accessory)
    return found


def clicked_element(element: dict[str, Any]) -> dict[str, Any]:
    """What Slack sends in `actions` for a click on (or a pick in) `element`."""
    kind = element.get("type", "button")
    action_id = element["action_id"]
    if kind == "static_select":
        return sp.action(action_id, kind=kind, selected_option=element["options"][0])
    if kind == "conversations_select":
        return sp.conversation_pick(action_id, SHARE_TARGET)
    if kind == "feedback_buttons":
        return sp.action(action_id, element["positive_button"]["value"], kind=kind)
    label = (element.get("text") or {}).get("text", action_id)
    return sp.action(action_id, element.get("value"), label=label)


def shown_by(call: Call, origin: Shown | None) -> Shown | None:
    """The reply a Web API call (or response_url post) shows, if it has anything to click."""
    args = call.args
    surface = origin.surface if origin else "?"
    if call.method in {"views.publish", "views.open"}:
        view = dict(args.get("view") or {})
        return Shown(surface, "view", tuple(view.get("blocks", [])), view=view)
    blocks = tuple(args.get("blocks") or [])
    if call.method == "response_url" and origin is not None:
        kind = "message" if args.get("response_type") == "in_channel" else "ephemeral"
        return Shown(
            surface, kind, blocks, origin.channel, origin.thread_ts, text=args.get("text", "")
        )
    if call.method == "chat.postEphemeral":
        return Shown(surface, "ephemeral", blocks, args["channel"], args.get("thread_ts"))
    if call.method == "chat.postMessage":
        return Shown(surface, "message", blocks, args["channel"], args.get("thread_ts"),
                     text=args.get("text", ""))  # fmt: skip
    return None


async def click(crawl: Crawl, shown: Shown, element: dict[str, Any]) -> list[Call]:
    app = crawl.app
    action = clicked_element(element)
    url = f"{app.slack.url}/response/{len(crawl.clicked)}"
    if shown.kind == "view":
        payload = sp.block_actions_in_view(action, shown.view or {"type": "home"})
    else:
        message = None if shown.kind == "ephemeral" else {
            "ts": crawl.next_ts(), "text": shown.text, "blocks": list(shown.blocks),
            **({"thread_ts": shown.thread_ts} if shown.thread_ts else {})}  # fmt: skip
        payload = sp.block_actions_on_message(
            action, channel=shown.channel, message=message, response_url=url,
            message_ts=crawl.next_ts(), thread_ts=shown.thread_ts,
        )  # fmt: skip
    before = len(app.slack.calls)
    status, _ = await app.send(sp.as_form_body(payload), FORM)
    assert status == 200
    await app.slack.settle(0.15)
    crawl.clicked.append((shown.surface, action["action_id"]))
    return app.slack.calls[before:]


def check(crawl: Crawl, shown: Shown, action_id: str, calls: list[Call]) -> None:
    where = f"{shown.surface} ({shown.kind}) -> {action_id}"
    words = crawl.kb.messages
    said = json.dumps([c.args for c in calls])
    if not calls:
        crawl.problems.append(f"{where}: no answer at all")
    for gone in ("stale_button", "session_ended"):
        if json.dumps(words.text(gone))[1:-1] in said:
            crawl.problems.append(f"{where}: told '{gone}'")
    for call in calls:
        more = shown_by(call, shown)
        if more is not None and more.kind == "ephemeral":
            undocumented(crawl, where, more)
    if not shown.private or action_id in SHARE_CONTROLS:
        return
    for call in calls:
        public = (
            call.method in {"chat.postMessage", "chat.update"}
            and not str(call.args.get("channel", "")).startswith("D")
        ) or (call.method == "response_url" and call.args.get("response_type") == "in_channel")
        in_asked_thread = (
            shown.kind == "ephemeral" and shown.thread_ts is not None
            and call.args.get("channel") == shown.channel
            and call.args.get("thread_ts") == shown.thread_ts
        )  # fmt: skip
        if public and not in_asked_thread:
            crawl.problems.append(
                f"{where}: made public by {call.method} {call.args.get('channel')}"
            )


ADVISOR = re.compile(r"^(answer_\d+|control_\w+|change_answer)$")
# The advisor's buttons move one conversation on: on each message only one is clicked
# (a second click on the same message is rightly stale), in an order that reaches the
# result (an answer, then "decide") before the ones that step back or end the run.
LATER = ("control_back", "control_skip", "control_why", "control_cancel", "control_restart")


def kind_of(action_id: str) -> str:
    return re.sub(r"_\d+$", "_N", action_id)


def to_click(crawl: Crawl, shown: Shown) -> list[dict[str, Any]]:
    found = sorted(
        elements(shown.blocks),
        key=lambda e: LATER.index(e["action_id"]) + 1 if e["action_id"] in LATER else 0,
    )
    picked: list[dict[str, Any]] = []
    stateful = False
    for element in found:
        seen = (shown.surface, shown.kind, kind_of(element["action_id"]))
        if seen in crawl.seen or (stateful and ADVISOR.match(element["action_id"])):
            continue
        stateful = stateful or bool(ADVISOR.match(element["action_id"]))
        crawl.seen.add(seen)
        picked.append(element)
    return picked


def undocumented(crawl: Crawl, where: str, shown: Shown) -> None:
    """Ephemeral replies keep to blocks Slack documents for them (docs/slack.md)."""
    if any(b.get("type") == "context_actions" for b in shown.blocks):
        crawl.problems.append(f"{where}: feedback_buttons in an ephemeral reply")


async def explore(crawl: Crawl) -> None:
    """Depth first: what a click shows is clicked before the rest, so each chain of one
    conversation runs in order."""
    while crawl.queue and len(crawl.clicked) < MAX_CLICKS:
        shown = crawl.queue.pop()
        for element in to_click(crawl, shown):
            calls = await click(crawl, shown, element)
            check(crawl, shown, element["action_id"], calls)
            for call in calls:
                more = shown_by(call, shown)
                if more is not None and elements(more.blocks):
                    crawl.queue.append(more)


async def sent(crawl: Crawl, surface: str, body: str, form: bool = False) -> None:
    """Send a request; what it makes the app show joins the queue."""
    app = crawl.app
    before = len(app.slack.calls)
    status, text = await app.send(body, FORM if form else "application/json")
    assert status == 200, surface
    await app.slack.settle(0.15)
    origin = Shown(surface, "ephemeral", (), CHANNEL)
    if text and text.startswith("{"):  # a command's ack: an ephemeral reply
        ack = json.loads(text)
        if ack.get("blocks"):
            acked = Shown(surface, "ephemeral", tuple(ack["blocks"]), CHANNEL)
            undocumented(crawl, surface, acked)
            crawl.queue.append(acked)
    for call in app.slack.calls[before:]:
        shown = shown_by(call, origin)
        if shown is not None and shown.kind == "ephemeral":
            undocumented(crawl, surface, shown)
        if shown is not None and elements(shown.blocks):
            crawl.queue.append(shown)
    crawl.surfaces.add(surface)
    await explore(crawl)


@pytest.fixture(params=["sqlite", "redis"])
async def deployed(
    request: pytest.FixtureRequest, app: RunningApp, kb: KnowledgeBase, tmp_path: Path
) -> AsyncIterator[RunningApp]:
    """The app with the default store, and with Redis as several instances run it."""
    if request.param == "sqlite":
        yield app
        return
    url = request.getfixturevalue("redis_url")
    crawl_db = urlsplit(url)._replace(path="/7").geturl()  # its own database: no other keys
    client = redis.Redis.from_url(crawl_db)
    client.flushdb()
    client.close()
    async with running(kb, app.slack, deployed_env(app.slack, tmp_path, crawl_db)) as on_redis:
        yield on_redis


async def test_every_button_on_every_surface(
    deployed: RunningApp, kb: KnowledgeBase, probable: Probable
) -> None:
    app = deployed
    crawl = Crawl(app, kb)
    url = f"{app.slack.url}/response/start"
    asked = (*QUESTIONS, UNSURE_QUESTION, probable.question)
    for n, text in enumerate(asked):
        await sent(crawl, "channel thread", sr.mention(text, ts=f"10{n}.0"))
        await sent(crawl, "DM", sr.dm(text, ts=f"20{n}.0", channel=DM))
        await sent(crawl, "DM thread", sr.dm(text, ts=f"30{n}.5", channel=DM, thread_ts=f"30{n}.0"))
        await sent(crawl, "/advisor", sr.command("/advisor", text, url), form=True)
        await sent(crawl, "shortcut", sr.message_shortcut(text, f"40{n}.0", url), form=True)
    for n, text in enumerate(asked):
        await sent(crawl, "assistant thread", sr.assistant_thread_started(DM, f"50{n}.0"))
        await sent(crawl, "assistant thread", sr.dm(text, f"50{n}.5", DM, thread_ts=f"50{n}.0"))
    for text in ("", "help", "start", "form"):
        await sent(crawl, "/advisor", sr.command("/advisor", text, url), form=True)
    for text in ("", "performance", "no such thing"):
        await sent(crawl, "/compare", sr.command("/compare", text, url), form=True)
    await sent(crawl, "App Home", sr.event(sp.app_home_opened()))

    assert not crawl.problems, "\n".join(crawl.problems)
    assert len(crawl.clicked) < MAX_CLICKS, "the crawl did not finish"
    reached = {surface for surface, _ in crawl.clicked}
    assert reached == crawl.surfaces  # every surface's buttons were clicked
    kinds = {re.sub(r"_\d+$", "_N", a) for _, a in crawl.clicked}
    expected = {"answer_N", "intent_N", "suggest_N", "alt_N", "control_back", "change_answer",
                *SHARE_CONTROLS, "feedback", "feedback_up",
                "start_advisor",
                "open_advisor_form", "compare_N"}  # fmt: skip
    assert expected <= kinds, f"never rendered: {expected - kinds}"
