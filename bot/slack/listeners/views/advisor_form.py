"""The one-screen advisor: open the form (from `/advisor form` or App Home), and on
submit post the recommendation in the person's DM, where "Change an answer" goes on.

Answers that are not options, or none at all, come back as errors on the form itself.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext

from bot.reply import Turn
from bot.slack.deps import Deps
from bot.slack.dm_channels import known_dm, remember_dm
from bot.slack.form_view import CALLBACK_ID, form_view, submitted_answers
from bot.slack.keys import view_key
from bot.slack.reading import Asker, asker
from bot.slack.turns import answer
from bot.slack.web_api import call, open_dm


async def open_advisor_form(deps: Deps, who: Asker, trigger_id: str) -> bool:
    """views.open with the form, pre-filled with the answers given in the person's DM;
    False when Slack did not open it (an expired trigger, say). No Web API call comes
    before views.open (the trigger lasts 3 s): the DM is the one last seen, if any."""
    channel = await known_dm(deps, who.team, who.user)
    form = await deps.engine.form(who.at(channel).key if channel is not None else None)
    view = form_view(form, channel or "")
    opening = deps.web.views_open(token=who.token, trigger_id=trigger_id, view=view)
    return await call(deps, "views.open", opening) is not None


def register(app: AsyncApp, deps: Deps) -> None:
    async def check(ack: AsyncAck, view: dict[str, Any]) -> None:
        errors = deps.engine.form_errors(submitted_answers(view))
        if errors:
            await ack(response_action="errors", errors=errors)
        else:
            await ack()

    async def recommend_in_dm(
        body: dict[str, Any], view: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if deps.engine.form_errors(submitted_answers(view)):
            return
        who = asker(body, context)
        channel = str(view.get("private_metadata") or "") or await open_dm(
            deps, who.user, who.token
        )
        if not channel:
            return
        await remember_dm(deps, who.team, who.user, channel)
        answers = tuple(submitted_answers(view).items())
        key = view_key(str(view.get("id", "")), str(view.get("hash", "")))
        await answer(deps, who.at(channel), Turn(action="submit", answers=answers), key, who.user)

    app.view(CALLBACK_ID)(ack=check, lazy=[recommend_in_dm])
