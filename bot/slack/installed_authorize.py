"""Many workspaces: each request authorized from its installation, with no Web API call.

Bolt's installation-store authorization calls auth.test for every request (it keeps no
cache by default), so while the Web API is slow every ack waits on it, past Slack's 3 s.
The installation already holds what auth.test would say (the bot's user and bot ids, its
token and scopes), so this reads it from the installation store only. A token revoked
since is refused by the Web API when a reply is sent, and `tokens_revoked` removes it.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore


class InstalledBotAuthorize(AsyncAuthorize):
    def __init__(self, installations: AsyncInstallationStore) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._installations = installations

    async def __call__(
        self,
        *,
        context: AsyncBoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        bot = await self._installations.async_find_bot(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=context.is_enterprise_install,
        )
        if bot is None or not bot.bot_token:
            return None
        return AuthorizeResult(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            team=bot.team_name,
            bot_user_id=bot.bot_user_id,
            bot_id=bot.bot_id,
            bot_token=bot.bot_token,
            bot_scopes=bot.bot_scopes,
            user_id=user_id,
        )
