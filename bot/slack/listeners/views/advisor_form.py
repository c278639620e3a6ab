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
from bot.slack.deps import Deps, Place
from bot.slack.dm_channels import known_dm, remember_dm
from bot.slack.form_view import CALLBACK_ID, form_view, submitted_answers
from bot.slack.keys import view_key
from bot.slack.last_recommendation import remember
from bot.slack.turns import handle
from bot.slack.web_api import call, open_dm, post_reply


async def open_advisor_form(
    deps: Deps, team: str, user: str, trigger_id: str, token: str | None
) -> bool:
    """views.open with the form, pre-filled with the answers given in the person's DM;
    False when Slack did not open it (an expired trigger, say). No Web API call comes
    before views.open (the trigger lasts 3 s): the DM is the one last seen, if any."""
    channel = await known_dm(deps, team, user)
    form = await deps.engine.form(Place(team, channel).key if channel is not None else None)
    view = form_view(form, channel or "")
    opening = deps.web.views_open(token=token, trigger_id=trigger_id, view=view)
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
        team = str((body.get("team") or {}).get("id", "") or context.team_id or "")
        user = str((body.get("user") or {}).get("id", ""))
        channel = str(view.get("private_metadata") or "") or await open_dm(
            deps, user, context.bot_token
        )
        if not channel:
            return
        await remember_dm(deps, team, user, channel)
        place = Place(team, channel, token=context.bot_token)
        answers = tuple(submitted_answers(view).items())
        reply = await handle(deps, place, Turn(action="submit", answers=answers))
        key = view_key(str(view.get("id", "")), str(view.get("hash", "")))
        await post_reply(deps, place, reply, key)
        await remember(deps, place, user, reply)

    app.view(CALLBACK_ID)(ack=check, lazy=[recommend_in_dm])
