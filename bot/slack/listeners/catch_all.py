"""Everything no other listener claims: acknowledged, so Slack never shows an error.

Registered last. A click on a button nothing handles (a message left from older
content, say) gets a private note; submissions, closed modals, shortcuts and options
requests are acknowledged; events we did not subscribe to are acknowledged quietly.
Each logs one line (kind, team, what), never the payload.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck

from bot.slack.deps import Deps
from bot.slack.keys import stale_key
from bot.slack.listeners.acks import ack_now
from bot.slack.payload import team_of
from bot.slack.reading import click_key
from bot.slack.web_api import note_privately

log = logging.getLogger(__name__)
ANYTHING = re.compile(".*")


async def tell_stale(deps: Deps, body: dict[str, Any], action: dict[str, Any]) -> None:
    """A button no listener can act on (another version's): say so, privately."""
    log.info("unknown click (team %s): told the person it is stale", team_of(body))
    key = stale_key(click_key(body, action), str(action.get("action_ts")))
    await note_privately(deps, body, key, "stale_button")


def register(app: AsyncApp, deps: Deps) -> None:
    async def stale_click(body: dict[str, Any], action: dict[str, Any]) -> None:
        await tell_stale(deps, body, action)

    async def ack_quietly(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        log.info("unclaimed %s (team %s): acknowledged", body.get("type"), team_of(body))

    async def no_options(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack(options=[])
        log.info("options request with no source (team %s): none offered", team_of(body))

    app.action(ANYTHING)(ack=ack_now, lazy=[stale_click])
    app.view(ANYTHING)(ack_quietly)
    app.view_closed(ANYTHING)(ack_quietly)
    app.shortcut(ANYTHING)(ack_quietly)
    app.options(ANYTHING)(no_options)

    async def ack_event(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()  # unsubscribed or unneeded event types: quietly (a debug line only)
        event = body.get("event") or {}
        log.debug("unclaimed event %s (team %s): acknowledged", event.get("type"), team_of(body))

    app.event(ANYTHING)(ack_event)
