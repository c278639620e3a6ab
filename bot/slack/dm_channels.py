"""Each person's DM with the bot, as last seen (a DM event, App Home, conversations.open).

The one-screen form must be opened within Slack's 3 s trigger window, so it cannot wait
on conversations.open to learn which DM's answers to pre-fill: it reads the DM from here
(the state store, bounded), and the DM is opened at submission when it was not known.
Kept under the workspace's prefix, so an uninstall forgets it too.
"""

from __future__ import annotations

import asyncio
import logging

from bot.engine import StoreError
from bot.slack.deps import Deps
from bot.slack.keys import dm_record_key

log = logging.getLogger(__name__)
READ_WAIT_S = 0.3  # the form's trigger expires 3 s after the click: a slow store is skipped


async def remember_dm(deps: Deps, team: str, user: str, channel: str) -> None:
    if not (team and user and channel.startswith("D")):
        return
    try:
        await deps.store.update(dm_record_key(team, user), lambda old: (channel, None))
    except StoreError as exc:
        log.error("could not keep a DM channel: %s", exc)


async def known_dm(deps: Deps, team: str, user: str) -> str | None:
    """The person's DM if it was seen before; None when unknown or the store is slow."""
    try:
        return await asyncio.wait_for(deps.store.get(dm_record_key(team, user)), READ_WAIT_S)
    except (StoreError, TimeoutError) as exc:
        log.warning("DM channel unknown for now: %s", type(exc).__name__)
        return None
