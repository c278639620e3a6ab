"""Slack's newer surfaces end to end: the assistant side panel, the one-screen advisor
form, the "Ask the advisor" message shortcut, App Home that remembers, and Slack's own
feedback buttons. Signed requests go to the running app; the fake Web API records what
it does."""

from __future__ import annotations

import json
from typing import Any

from bot.base.message_ids import CLARITY_WORD
from bot.content.model import KnowledgeBase
from tests import slack_requests as sr
from tests.said import advisor_option, advisor_question, answered, named, said, says
from tests.test_advisor import DJANGO_TEAM
from tests.test_slack_e2e import FORM, RunningApp, app, buttons, slack, texts

__all__ = ["app", "slack"]  # the running app and fake Slack fixtures, shared
DM = "DU0ALICE"  # the fake's conversations.open answers D + the user id


def home_event() -> str:
    return sr.event({"type": "app_home_opened", "user": "U0ALICE", "channel": DM, "tab": "home"})


def in_thread(text: str, ts: str, thread_ts: str = "500.0") -> str:
    return sr.dm(text, ts=ts, channel=DM, thread_ts=thread_ts)


def selects(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The form's input blocks by block id."""
    return {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}


async def open_form(app: RunningApp) -> dict[str, Any]:
    status, body = await app.send(
        sr.command("/advisor", "form", f"{app.slack.url}/response/1"), FORM
    )
    assert status == 200 and body == ""  # nothing said in the channel: the form opens
    (opened,) = await app.slack.wait_for("views.open")
    assert opened.args["trigger_id"] == "1.2.3"
    return dict(opened.args["view"])


async def submit(app: RunningApp, view: dict[str, Any], values: dict[str, str | None]) -> str:
    status, body = await app.send(sr.view_submission(view, values), FORM)
    assert status == 200
    return body


# --- the assistant side panel ------------------------------------------------------------


async def test_a_new_assistant_thread_gets_a_greeting_and_suggested_prompts(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    status, _ = await app.send(sr.assistant_thread_started(DM, "500.0", viewing="C0GENERAL"))
    assert status == 200
    (prompts,) = await app.slack.wait_for("assistant.threads.setSuggestedPrompts")
    assert prompts.args["channel_id"] == DM and prompts.args["thread_ts"] == "500.0"
    titles = [p["title"] for p in prompts.args["prompts"]]
    assert titles == [p.title for p in kb.surfaces.assistant.prompts]
    (greeting,) = await app.slack.wait_for("chat.postMessage")
    assert greeting.args["channel"] == DM and greeting.args["thread_ts"] == "500.0"
    assert kb.surfaces.assistant.greeting in greeting.args["text"]
    viewing = kb.surfaces.assistant.viewing.format(channel="C0GENERAL")
    assert viewing in greeting.args["text"]  # the channel the person is looking at


async def start_thread(app: RunningApp, thread_ts: str = "500.0") -> None:
    await app.send(sr.assistant_thread_started(DM, thread_ts))
    await app.slack.wait_for("assistant.threads.setSuggestedPrompts")
    await app.slack.settle(0.1)
    app.slack.calls.clear()  # the greeting and prompts: tested above


async def test_a_question_in_an_assistant_thread_sets_a_status_and_is_answered_there(
    app: RunningApp,
) -> None:
    await start_thread(app)
    await app.send(in_thread("is node faster than django?", ts="502.0"))
    (answer,) = await app.slack.wait_for("chat.postMessage")
    assert answer.args["channel"] == DM and answer.args["thread_ts"] == "500.0"
    assert answered(texts(answer.args), "performance")
    (status,) = app.slack.of("assistant.threads.setStatus")
    assert status.args["thread_ts"] == "500.0" and status.args["status"]
    (title,) = app.slack.of("assistant.threads.setTitle")
    assert title.args["title"] == "is node faster than django?"
    methods = [c.method for c in app.slack.calls]
    assert methods.index("assistant.threads.setStatus") < methods.index("chat.postMessage")
    # A follow-up keeps the thread's context; the title stays the first question's.
    await app.send(in_thread("and django?", ts="503.0"))
    _, follow_up = await app.slack.wait_for("chat.postMessage", 2)
    assert follow_up.args["thread_ts"] == "500.0"
    assert "Django" in texts(follow_up.args)
    assert len(await app.slack.wait_for("assistant.threads.setStatus", 2)) == 2
    assert len(app.slack.of("assistant.threads.setTitle")) == 1


async def test_the_advisor_runs_in_an_assistant_thread(app: RunningApp) -> None:
    await start_thread(app, "509.0")
    await app.send(in_thread("Recommend one for my project", ts="510.0", thread_ts="509.0"))
    (first,) = await app.slack.wait_for("chat.postMessage")
    assert first.args["thread_ts"] == "509.0"
    assert says(texts(first.args), "question_heading", number=1, total=9)
    await app.send(in_thread("python", ts="511.0", thread_ts="509.0"))
    _, second = await app.slack.wait_for("chat.postMessage", 2)
    assert says(texts(second.args), "question_heading", number=2, total=9)


async def test_a_plain_thread_in_a_dm_is_answered_without_panel_calls(app: RunningApp) -> None:
    await app.send(in_thread("is node faster than django?", ts="521.0", thread_ts="520.0"))
    (answer,) = await app.slack.wait_for("chat.postMessage")
    assert answer.args["thread_ts"] == "520.0" and answered(texts(answer.args), "performance")
    await app.slack.settle(0.1)
    assert not [c for c in app.slack.calls if c.method.startswith("assistant.threads.")]


async def test_a_context_change_is_acknowledged_and_says_nothing(app: RunningApp) -> None:
    status, _ = await app.send(sr.assistant_context_changed("C0RANDOM", DM, "500.0"))
    assert status == 200
    await app.slack.settle(0.2)
    assert not app.slack.of("chat.postMessage")


# --- the one-screen advisor ----------------------------------------------------------------


async def test_the_form_has_every_question_prefilled_from_the_dm(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    await app.send(sr.dm("help me choose", ts="600.0", channel=DM))
    await app.slack.wait_for("chat.postMessage")
    await app.send(sr.dm("python", ts="601.0", channel=DM))
    await app.slack.wait_for("chat.postMessage", 2)
    view = await open_form(app)
    assert view["callback_id"] == "advisor_form" and view["type"] == "modal"
    blocks = selects(view)
    assert list(blocks) == [q.id for q in kb.questionnaire.questions]
    for question in kb.questionnaire.questions:
        element = blocks[question.id]["element"]
        assert element["type"] == "static_select" and element["action_id"] == question.id
        assert [o["value"] for o in element["options"]] == [o.value for o in question.options]
        assert blocks[question.id]["optional"] is True
    assert blocks["team_language"]["element"]["initial_option"]["value"] == "python"
    assert [o["value"] for o in blocks["data_science"]["element"]["options"]] == ["yes", "no"]
    assert all(
        "initial_option" not in b["element"] for q, b in blocks.items() if q != "team_language"
    )


async def test_submitting_the_form_posts_the_recommendation_in_the_dm(app: RunningApp) -> None:
    view = await open_form(app)
    answers: dict[str, str | None] = {**DJANGO_TEAM, "concurrency": None}  # one left empty
    assert await submit(app, view, answers) == ""  # accepted: the modal closes
    (result,) = await app.slack.wait_for("chat.postMessage")
    assert result.args["channel"] == DM and not result.args.get("thread_ts")
    shown = texts(result.args)
    assert says(shown, "recommend", outcome=named("django"))
    assert says(shown, "would_change") or says(shown, "solid")
    assert "Django  " in shown and "%" in shown  # the bars
    assert says(shown, "why_heading")
    change = next(b for b in buttons(result.args) if b["action_id"] == "change_answer")
    # "change" in the DM lists the answers the form gave, an empty one as skipped.
    await app.send(sr.dm("change", ts="610.0", channel=DM))
    _, listed = await app.slack.wait_for("chat.postMessage", 2)
    team, python = (
        advisor_question("team_language").title,
        advisor_option("team_language", "python").label,
    )
    assert f"• {team}: {python}" in listed.args["text"]
    assert f"• {advisor_question('concurrency').title}: {said('skipped')}" in listed.args["text"]
    # "Change an answer" on the result asks one question again, showing the form's answer.
    label = {"type": "plain_text", "text": said("change_option", title=team)}
    pick = {**change, "selected_option": {"text": label, "value": "team_language"}}
    await app.click(pick, DM, {"ts": "611.0", "blocks": result.args["blocks"]})
    *_, asked = await app.slack.wait_for("chat.postMessage", 3)
    assert says(texts(asked.args), "changing_heading", title=team)
    assert says(texts(asked.args), "your_answer", answer=python)


async def test_a_form_with_no_answer_gets_an_error_on_the_form(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    view = await open_form(app)
    body = json.loads(await submit(app, view, {q.id: None for q in kb.questionnaire.questions}))
    assert body["response_action"] == "errors"
    assert body["errors"] == {"team_language": kb.surfaces.form.nothing_answered}
    tampered = json.loads(await submit(app, view, {"team_language": "cobol", "realtime": "yes"}))
    assert tampered["errors"] == {"team_language": kb.surfaces.form.not_an_option}
    await app.slack.settle(0.2)
    assert not app.slack.of("chat.postMessage")


# --- the message shortcut ------------------------------------------------------------------


async def test_the_shortcut_answers_privately_and_shares_in_the_thread(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    asked = "Is Node really faster than Django for our API?"
    body = sr.message_shortcut(asked, ts="700.0", response_url=f"{app.slack.url}/response/7")
    status, _ = await app.send(body, FORM)
    assert status == 200
    (private,) = await app.slack.wait_for("response_url")
    assert private.args["response_type"] == "ephemeral"
    assert answered(texts(private.args), "performance")
    assert not app.slack.of("chat.postMessage")  # nobody else saw anything
    share = next(b for b in buttons(private.args) if b["action_id"] == "share_in_thread")
    assert share["text"]["text"] == kb.surfaces.shortcut.share
    await app.click(share, "C0GENERAL", None, ephemeral=True)
    (shared,) = await app.slack.wait_for("chat.postMessage")
    assert shared.args["channel"] == "C0GENERAL" and shared.args["thread_ts"] == "700.0"
    assert answered(texts(shared.args), "performance")
    assert says(texts(shared.args), "shared_by", user="U0ALICE")
    _, done = await app.slack.wait_for("response_url", 2)
    assert done.args.get("replace_original") is True


async def test_the_shortcut_on_a_message_without_text_says_so(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    body = sr.message_shortcut("", ts="710.0", response_url=f"{app.slack.url}/response/7")
    assert (await app.send(body, FORM))[0] == 200
    (private,) = await app.slack.wait_for("response_url")
    assert private.args["text"] == kb.surfaces.shortcut.no_text


# --- App Home that remembers ---------------------------------------------------------------


def last_recommendation(kb: KnowledgeBase, home: str, outcome: str) -> bool:
    """Whether App Home (its view as JSON) shows `outcome` as the last recommendation."""
    shown = [json.dumps(text)[1:-1] for text in (kb.surfaces.home.last_heading, f"*{outcome}*")]
    return all(text in home for text in shown)


async def test_app_home_shows_the_last_recommendation_and_continues_it(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    await app.send(home_event())
    (before,) = await app.slack.wait_for("views.publish")
    assert kb.surfaces.home.last_heading not in json.dumps(before.args["view"])
    view = await open_form(app)
    await submit(app, view, dict(DJANGO_TEAM))
    (result,) = await app.slack.wait_for("chat.postMessage")
    await app.send(home_event())
    _, after = await app.slack.wait_for("views.publish", 2)
    home = json.dumps(after.args["view"])
    clear = f"{named('django')} ({said(CLARITY_WORD['clear'])})"
    assert last_recommendation(kb, home, clear)  # with its clarity
    assert "<!date^" in home
    reasons = [line[2:] for line in result.args["text"].splitlines() if line.startswith("• ")]
    assert reasons[0] in home and reasons[1] in home and reasons[2] not in home
    actions = [e for b in after.args["view"]["blocks"] if b["type"] == "actions"
               for e in b["elements"]]  # fmt: skip
    ids = [e["action_id"] for e in actions]
    assert "home_continue" in ids and "home_start_over" in ids
    cont = next(e for e in actions if e["action_id"] == "home_continue")
    await app.click(cont, DM)
    _, continued = await app.slack.wait_for("chat.postMessage", 2)
    assert continued.args["channel"] == DM
    assert says(texts(continued.args), "recommend", outcome=named("django"))


async def test_app_home_opens_the_form(app: RunningApp, kb: KnowledgeBase) -> None:
    await app.send(home_event())
    (published,) = await app.slack.wait_for("views.publish")
    button = next(
        b["accessory"] for b in published.args["view"]["blocks"]
        if b.get("accessory", {}).get("action_id") == "open_advisor_form"
    )  # fmt: skip
    assert button["text"]["text"] == kb.surfaces.home.answer_all
    await app.click(button, DM)
    (opened,) = await app.slack.wait_for("views.open")
    assert opened.args["view"]["callback_id"] == "advisor_form"


# --- feedback ------------------------------------------------------------------------------


async def test_feedback_buttons_and_the_older_buttons_count_once_per_person(
    app: RunningApp,
) -> None:
    await app.send(sr.mention("is node faster than django?", ts="800.0"))
    (answer,) = await app.slack.wait_for("chat.postMessage")
    (element,) = [
        e for b in answer.args["blocks"] if b["type"] == "context_actions" for e in b["elements"]
    ]
    up = {"type": "feedback_buttons", "action_id": element["action_id"],
          "value": element["positive_button"]["value"]}  # fmt: skip
    message = {"ts": "800.5", "blocks": answer.args["blocks"]}
    for _ in range(2):
        assert await app.click(up, "C0GENERAL", message) == 200
    thanks = await app.slack.wait_for("response_url")
    await app.slack.settle(0.2)
    assert len(app.slack.of("response_url")) == len(thanks) == 1
    older = {"type": "button", "action_id": "feedback_down", "value": "performance"}
    assert await app.click(older, "C0GENERAL", {"ts": "801.0", "blocks": []}) == 200
    assert len(await app.slack.wait_for("response_url", 2)) == 2


async def test_app_home_remembers_a_recommendation_given_in_the_dm(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    for n, text in enumerate(["help me choose", "python", "decide"]):
        await app.send(sr.dm(text, ts=f"90{n}.0", channel=DM))
        await app.slack.wait_for("chat.postMessage", n + 1)
    (result,) = [c for c in app.slack.of("chat.postMessage") if says(texts(c.args), "recommend")]
    await app.send(home_event())
    (published,) = await app.slack.wait_for("views.publish")
    home = json.dumps(published.args["view"])
    # One answer and "decide": provisional, and App Home says so.
    provisional = f"{named('django')} ({said(CLARITY_WORD['provisional'])})"
    assert last_recommendation(kb, home, provisional)
    reason = next(ln[2:] for ln in result.args["text"].splitlines() if ln.startswith("• "))
    assert reason in home


async def test_a_form_slack_would_not_open_gets_a_private_note(
    app: RunningApp, kb: KnowledgeBase
) -> None:
    app.slack.fail_next("views.open", 500, times=3)  # the first try and both retries
    body = sr.command("/advisor", "form", f"{app.slack.url}/response/1")
    assert (await app.send(body, FORM))[0] == 200
    (note,) = await app.slack.wait_for("response_url")
    assert note.args == {**note.args, "response_type": "ephemeral",
                         "text": kb.surfaces.form.not_opened}  # fmt: skip
