"""The pieces behind Slack's newer surfaces: their texts in the content (checked like the
rest), the form's answers read back, the assistant thread's stored context, the last
recommendation's record, and the assistant panel over Socket Mode."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.base.surface_texts import AssistantTexts, text_fields
from bot.content.loading import read_knowledge
from bot.content.model import KnowledgeBase
from bot.dialogue.views import form_content
from bot.reply import Reply
from bot.slack.config import read_config
from bot.slack.deps import Place
from bot.slack.form_view import form_view, submitted_answers
from bot.slack.last_recommendation import LastRecommendation, from_reply, parse
from bot.slack.listeners.assistant.thread_started import greeting
from bot.slack.serve import run
from bot.slack.shared_question import SharedQuestion, parse_shared
from bot.slack.thread_context import StoredThreadContexts
from bot.storage.memory_store import MemoryStore
from tests import slack_requests as sr
from tests.fake_slack import FakeSlack
from tests.said import answered


def test_the_shipped_surfaces_texts_are_read(kb: KnowledgeBase) -> None:
    texts = kb.surfaces
    shipped = yaml.safe_load((kb.root / "knowledge" / "surfaces.yaml").read_text("utf-8"))
    assert [(p.title, p.message) for p in texts.assistant.prompts] == [
        (p["title"], p["message"]) for p in shipped["assistant"]["prompts"]
    ]
    assert texts.home.answer_all == shipped["home"]["answer_all"] and texts.shortcut.share
    assert len(texts.form.title) <= 24


def test_every_declared_text_is_read_from_the_shipped_file(kb: KnowledgeBase) -> None:
    """Each text bot/base/surface_texts.py declares is read from its key (App Home's
    `continue` into `continue_` too): no surface shows an empty label."""
    sections = (kb.surfaces.assistant, kb.surfaces.form, kb.surfaces.shortcut, kb.surfaces.home)
    declared = [(s, name) for s in sections for name, _ in text_fields(type(s)).values()]
    assert (
        len(declared) > 25
        and ("continue", ("continue_", 75)) in text_fields(type(kb.surfaces.home)).items()
    )
    assert [name for s, name in declared if not getattr(s, name)] == []


def test_kb_check_reports_surfaces_beyond_slack_limits(make_kb: Callable[..., Path]) -> None:
    root = make_kb(
        knowledge__surfaces_yaml="""\
        form:
          title: A title far longer than a modal allows
          colour: green
        assistant:
          prompts:
            - {title: Only a title}
        """
    )
    kb, problems = read_knowledge(root)
    assert kb is None
    shown = [str(p) for p in problems]
    assert any("surfaces.yaml:2:" in p and "Slack allows 24" in p for p in shown), shown
    assert any("unknown key 'colour'" in p for p in shown), shown
    assert any("missing key 'message'" in p for p in shown), shown


def test_the_surfaces_file_is_required_and_complete(make_kb: Callable[..., Path]) -> None:
    root = make_kb()
    kb, problems = read_knowledge(root)
    assert problems == [] and kb is not None and kb.surfaces.form.submit
    (root / "knowledge/surfaces.yaml").unlink()
    kb, problems = read_knowledge(root)
    assert kb is None and any("surfaces.yaml" in str(p) and "missing" in str(p) for p in problems)
    (root / "knowledge/surfaces.yaml").write_text("assistant: {greeting: Hi}\n")
    _, problems = read_knowledge(root)
    assert any("missing key 'status'" in str(p) for p in problems)
    assert any("missing key 'form'" in str(p) for p in problems)


def test_the_greeting_names_the_channel_only_when_known() -> None:
    texts = AssistantTexts(greeting="Hi!", viewing="You're in <#{channel}>.")
    assert greeting(texts, "C1") == "Hi!\nYou're in <#C1>."
    assert greeting(texts, None) == "Hi!"


def test_form_answers_are_read_back_ignoring_empty_and_odd_state(kb: KnowledgeBase) -> None:
    view = form_view(form_content(kb, {"realtime": "some"}), "D1")
    assert view["private_metadata"] == "D1"
    state = {"values": {
        "realtime": {"realtime": {"type": "static_select", "selected_option": {"value": "no"}}},
        "admin_panel": {"admin_panel": {"type": "static_select", "selected_option": None}},
        "junk": "not a mapping",
    }}  # fmt: skip
    assert submitted_answers({**view, "state": state}) == {"realtime": "no"}
    assert submitted_answers({}) == {}


async def test_an_assistant_threads_context_is_stored_and_found() -> None:
    contexts = StoredThreadContexts(MemoryStore())
    assert await contexts.find(channel_id="D1", thread_ts="1.0") is None
    await contexts.save(channel_id="D1", thread_ts="1.0",
                        context={"channel_id": "C9", "team_id": "T1", "extra": "x"})  # fmt: skip
    found = await contexts.find(channel_id="D1", thread_ts="1.0")
    assert found is not None and found.channel_id == "C9" and "extra" not in found
    assert await contexts.find(channel_id="D1", thread_ts="2.0") is None


def test_the_last_recommendation_round_trips_and_ignores_other_replies() -> None:
    place = Place("T1", "D1", "5.0")
    reply = Reply(text="...", recommendation="both", reasons=("a", "b", "c"), clarity="leaning")
    last = from_reply(reply, place, 1700000000.0)
    assert last == LastRecommendation("both", ("a", "b"), 1700000000.0, "D1", "5.0", "leaning")
    assert parse(last.to_json()) == last
    assert from_reply(Reply(text="an answer", intent="performance"), place, 1.0) is None
    assert parse("{not json") is None and parse(json.dumps({"outcome": "node"})) is None


def test_a_shared_question_survives_its_button_value() -> None:
    shared = SharedQuestion("C1", "7.0", "performance", "x" * 5000)
    value = shared.to_value()
    assert len(value) <= 2000
    back = parse_shared(value)
    assert back is not None and back.channel == "C1" and back.intent == "performance"
    assert parse_shared("nonsense") is None and parse_shared(json.dumps({"c": "C1"})) is None


async def test_the_assistant_panel_works_over_socket_mode(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As deployed: the default store (a SQLite file under the home)."""
    slack = await FakeSlack().start()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.delenv("ADVISOR_STATE_URL", raising=False)
    env = {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_APP_TOKEN": "xapp-test-token",
           "SLACK_API_URL": f"{slack.url}/api/", "PORT": "0"}  # fmt: skip
    stop = asyncio.Event()
    server = asyncio.create_task(run(kb, env, read_config(env), stop=stop))
    try:
        await slack.wait_connected()
        bodies = [sr.assistant_thread_started("D0ALICE", "900.0"),
                  sr.dm("is node faster?", ts="901.0", thread_ts="900.0")]  # fmt: skip
        for n, body in enumerate(bodies):
            envelope = {"envelope_id": f"env-{n}", "type": "events_api",
                        "payload": json.loads(body), "accepts_response_payload": False,
                        "retry_attempt": 0}  # fmt: skip
            await slack.send_envelope(envelope)
            await slack.wait_ack(f"env-{n}")
            if n == 0:  # the thread is open (greeted, prompts set) before the question
                (prompts,) = await slack.wait_for("assistant.threads.setSuggestedPrompts")
                assert prompts.token == "xoxb-test-token"
                assert prompts.args["thread_ts"] == "900.0"
        await slack.wait_for("assistant.threads.setStatus")
        _, answer = await slack.wait_for("chat.postMessage", 2)
        assert answer.args["thread_ts"] == "900.0"
        assert answered(json.dumps(answer.args), "performance")
    finally:
        stop.set()
        await asyncio.wait_for(server, 10)
        await slack.stop()
