"""A workspace uninstalls the app or revokes its tokens: forget it.

Its installation leaves the installation store and its conversations the state store.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

from bot.slack.dedup import once_per_event
from bot.slack.deps import Deps
from bot.slack.keys import workspace_prefix
from bot.slack.listeners.acks import ack_now

log = logging.getLogger(__name__)


def register(app: AsyncApp, deps: Deps, installations: AsyncInstallationStore | None) -> None:
    async def forget_workspace(body: dict[str, Any], event: dict[str, Any]) -> None:
        team = str(body.get("team_id") or "")
        enterprise = body.get("enterprise_id")
        if installations is not None:
            if event.get("type") == "app_uninstalled":
                await installations.async_delete_all(enterprise_id=enterprise, team_id=team)
            else:  # tokens_revoked: the bot's and/or some users' tokens
                tokens = event.get("tokens") or {}
                if tokens.get("bot"):
                    await installations.async_delete_bot(enterprise_id=enterprise, team_id=team)
                for user in tokens.get("oauth") or []:
                    await installations.async_delete_installation(
                        enterprise_id=enterprise, team_id=team, user_id=user
                    )
        if event.get("type") == "app_uninstalled" or (event.get("tokens") or {}).get("bot"):
            forgotten = await deps.store.forget(workspace_prefix(team))
            log.info("workspace %s removed: %d conversation(s) forgotten", team, forgotten)

    for event in ("app_uninstalled", "tokens_revoked"):
        app.event(event, middleware=[once_per_event(deps)])(ack=ack_now, lazy=[forget_workspace])
