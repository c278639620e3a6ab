"""Who asks and where, read from Bolt's context as Bolt builds it from the payloads
Slack sends (tests/slack_payloads.py): the same person, channel, thread and workspace
the payload names, on every surface, in Enterprise Grid too."""

from __future__ import annotations

from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest

import tests.slack_payloads as sp
from bot.slack.keys import private_channel
from bot.slack.mention_work import mention_job
from bot.slack.reading import Asker, asker, click_place


def read(body: dict[str, Any]) -> Asker:
    """As a listener reads it: Bolt's own context for the body (no authorization here,
    so no token)."""
    return asker(body, AsyncBoltRequest(body=body, mode="socket_mode").context)


def test_a_dm_and_a_dm_thread_are_where_the_message_was() -> None:
    who = read(sp.envelope(sp.message_im("hi", "1.0", channel="D0ALICE")))
    assert (who.team, who.user, who.channel, who.thread_ts) == (sp.TEAM, sp.USER, "D0ALICE", None)
    threaded = read(sp.envelope(sp.message_im("and?", "2.0", thread_ts="1.0")))
    assert threaded.here.key == who.at("D0ALICE", "1.0").key


def test_assistant_threads_and_app_home_name_their_channel_and_thread() -> None:
    started = read(sp.envelope(sp.assistant_thread_started("D0ALICE", "500.0")))
    assert (started.team, started.channel, started.thread_ts) == (sp.TEAM, "D0ALICE", "500.0")
    home = read(sp.envelope(sp.app_home_opened(channel="DU0ALICE")))
    assert (home.team, home.user, home.channel) == (sp.TEAM, sp.USER, "DU0ALICE")


def test_a_click_in_a_thread_belongs_to_that_thread() -> None:
    message = {"ts": "7.0", "thread_ts": "6.0", "text": "q", "blocks": []}
    body = sp.block_actions_on_message(
        sp.action("x", "v"), channel="C0GENERAL", message=message, response_url="https://r"
    )
    who = read(body)
    assert (who.team, who.user) == (sp.TEAM, sp.USER)
    assert click_place(body, who) == who.at("C0GENERAL", "6.0")


def test_a_click_on_a_private_reply_is_the_persons_private_conversation() -> None:
    body = sp.block_actions_on_message(
        sp.action("x", "v"), channel="C0GENERAL", message=None, response_url="https://r",
        thread_ts="6.0",
    )  # fmt: skip
    who = read(body)
    assert click_place(body, who).channel == private_channel(sp.USER)
    # ...unless the button names the thread it was asked in.
    assert click_place(body, who, "6.0") == who.at("C0GENERAL", "6.0")


def test_app_home_modals_shortcuts_and_commands_name_the_person_and_workspace() -> None:
    home_click = read(sp.block_actions_in_view(sp.action("x", "v"), {"type": "home"}))
    assert (home_click.team, home_click.user, home_click.channel) == (sp.TEAM, sp.USER, "")
    submitted = read(sp.view_submission({"callback_id": "f"}, {}))
    assert (submitted.team, submitted.user) == (sp.TEAM, sp.USER)
    asked = {"ts": "9.0", "thread_ts": "8.0", "text": "node?"}
    shortcut = read(sp.message_shortcut("ask_advisor", asked, "https://r", channel="C0X"))
    assert (shortcut.team, shortcut.user, shortcut.channel, shortcut.thread_ts) == (
        sp.TEAM, sp.USER, "C0X", "8.0",
    )  # fmt: skip
    command = read(sp.slash_command("/advisor", "node?", "https://r", channel="C0X"))
    assert (command.team, command.user, command.channel) == (sp.TEAM, sp.USER, "C0X")
    assert command.private.key == command.at(private_channel(sp.USER)).key


def test_grid_workspaces_are_the_payloads_even_for_an_org_wide_install() -> None:
    body = sp.envelope(sp.app_mention("node?", "3.0"), enterprise="E0GRID")
    # An org-wide install: Slack names no team in `authorizations`, so Bolt's context
    # has none; the workspace is the payload's, as the edge keys mentions.
    body["authorizations"][0].update(team_id=None, is_enterprise_install=True)
    assert AsyncBoltRequest(body=body, mode="socket_mode").context.team_id is None
    job = mention_job(body, None, 0.0)
    assert job is not None
    assert read(body).team == job.fields["team"] == sp.TEAM
    click = sp.block_actions_in_view(sp.action("x", "v"), {"type": "home"}, enterprise="E0GRID")
    assert read(click).team == sp.TEAM
    # Interactivity in an org-wide install can come with no `team`: Bolt's (the person's).
    click["team"] = None
    assert read(click).team == sp.TEAM
