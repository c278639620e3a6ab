"""'change' alone lists the answers that can be revised, in Slack as in the terminal."""

from __future__ import annotations

from tests import slack_requests as sr
from tests.said import advisor_option, advisor_question, named, says
from tests.test_slack_e2e import RunningApp, app, slack, texts  # noqa: F401 - fixtures

TYPED_RUN = ["recommend", "python", "no", "yes", "yes", "complex", "monolith", "moderate", "yes",
             "no"]  # fmt: skip


async def test_change_alone_in_a_dm_lists_the_answers_to_revise(app: RunningApp) -> None:  # noqa: F811
    for n, text in enumerate([*TYPED_RUN, "change"]):
        await app.send(sr.dm(text, ts=f"7{n}.0"))
        await app.slack.wait_for("chat.postMessage", n + 1)
    posted = app.slack.of("chat.postMessage")
    assert says(texts(posted[-2].args), "recommend", outcome=named("django"))
    listing = texts(posted[-1].args)
    assert says(listing, "change_which")
    for question, answer in (("team_language", "python"), ("admin_panel", "yes")):
        title, label = advisor_question(question).title, advisor_option(question, answer).label
        assert f"{title}: {label}" in listing
    for question in ("team_language", "realtime", "time_to_market"):
        assert f'"value": "{question}"' in listing  # offered as choices to change
