"""Many workspaces: the OAuth install flow, installations that survive a restart, and
uninstalls that forget the workspace."""

from __future__ import annotations

import base64
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
import yaml

from bot.content.model import KnowledgeBase
from bot.slack.config import SlackConfigError, read_config
from bot.slack.oauth import BOT_SCOPES
from bot.slack.serve import Runtime, start_http
from tests import slack_payloads as sp
from tests import slack_requests as sr
from tests.conftest import REPO
from tests.fake_slack import FakeSlack


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


def oauth_env(slack: FakeSlack, tmp_path: Path) -> dict[str, str]:
    return {
        "SLACK_CLIENT_ID": "111.222", "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_STATE_SECRET": "state-secret", "SLACK_SIGNING_SECRET": sr.SECRET,
        "SLACK_API_URL": f"{slack.url}/api/",
        "ADVISOR_STATE_URL": f"sqlite:///{tmp_path / 'state.sqlite3'}",
        "ADVISOR_INSTALLATIONS_URL": f"sqlite:///{tmp_path / 'installations.sqlite3'}",
    }  # fmt: skip


class App:
    def __init__(self, runtime: Runtime, url: str) -> None:
        self.runtime, self.url = runtime, url

    async def event(self, http: aiohttp.ClientSession, body: str) -> int:
        return await sr.post_signed(http, self.url, body)


async def start(kb: KnowledgeBase, env: dict[str, str]) -> tuple[App, object]:
    runtime = Runtime(kb, env, read_config(env))
    runner = await start_http(runtime, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    return App(runtime, f"http://{host}:{port}"), runner


async def stop(app: App, runner: object) -> None:
    await runner.cleanup()  # type: ignore[attr-defined]
    await app.runtime.close()


async def install(http: aiohttp.ClientSession, url: str, code: str) -> tuple[int, str]:
    """Start at /slack/install and come back with a code, as the browser would."""
    async with http.get(f"{url}/slack/install") as page:
        assert page.status == 200
        html = await page.text()
        # The state cookie is Secure (HTTPS in production); return it like the browser.
        cookie = page.cookies["slack-app-oauth-state"]
    link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', html)
    assert link, html[:500]
    state = re.search(r"state=([^&]+)", link.group(1).replace("&amp;", "&"))
    assert state and "client_id=111.222" in link.group(1)
    redirect = f"{url}/slack/oauth_redirect?code={code}&state={state.group(1)}"
    headers = {"Cookie": f"slack-app-oauth-state={cookie.value}"}
    async with http.get(redirect, headers=headers) as done:
        return done.status, state.group(1)


def mention(team: str, text: str, ts: str) -> str:
    return sp.as_event_body(sp.envelope(sp.app_mention(text, ts, team=team), team=team))


async def test_install_answer_restart_uninstall(
    kb: KnowledgeBase, slack: FakeSlack, tmp_path: Path
) -> None:
    env = oauth_env(slack, tmp_path)
    app, runner = await start(kb, env)
    async with aiohttp.ClientSession() as http:  # keeps the state cookie, as a browser would
        status, state = await install(http, app.url, "two")
        assert status == 200
        (exchange,) = slack.of("oauth.v2.access")
        assert exchange.args["code"] == "two"
        credentials = base64.b64encode(b"111.222:client-secret").decode()
        assert exchange.token == f"Basic {credentials}"  # client id and secret, as Basic auth
        assert await app.event(http, mention("TTWO", "who uses django", "1.0")) == 200
        (post,) = await slack.wait_for("chat.postMessage")
        assert post.token == "xoxb-ttwo"  # the workspace's own token
        # A replayed state is refused, even with its cookie: each is used once.
        replay = f"{app.url}/slack/oauth_redirect?code=two&state={state}"
        cookie = {"Cookie": f"slack-app-oauth-state={state}"}
        async with http.get(replay, headers=cookie) as again:
            assert again.status >= 400
    await stop(app, runner)

    app, runner = await start(kb, env)  # a restart: the installation is still known
    async with aiohttp.ClientSession() as http:
        assert await app.event(http, mention("TTWO", "who uses node", "1.1")) == 200
        posts = await slack.wait_for("chat.postMessage", 2)
        assert posts[-1].token == "xoxb-ttwo"
        key = "slack:TTWO:C0GENERAL:1.1"
        assert await app.runtime.store.get(key) is not None
        uninstall = sp.as_event_body(sp.envelope(sp.app_uninstalled(), team="TTWO"))
        assert await app.event(http, uninstall) == 200
        await slack.settle(0.5)
        assert await app.runtime.store.get(key) is None  # its conversations are gone
        installations = app.runtime.installations
        assert installations is not None
        assert await installations.async_find_bot(enterprise_id=None, team_id="TTWO") is None
        await app.event(http, mention("TTWO", "is node faster?", "1.2"))
        await slack.settle(0.5)
        assert len(slack.of("chat.postMessage")) == 2  # no longer answered
    await stop(app, runner)


async def test_two_workspaces_get_their_own_tokens(
    kb: KnowledgeBase, slack: FakeSlack, tmp_path: Path
) -> None:
    app, runner = await start(kb, oauth_env(slack, tmp_path))
    async with aiohttp.ClientSession() as http:
        assert (await install(http, app.url, "one"))[0] == 200
        assert (await install(http, app.url, "two"))[0] == 200
        await app.event(http, mention("TONE", "hi", "2.0"))
        await app.event(http, mention("TTWO", "hi", "2.1"))
        posts = await slack.wait_for("chat.postMessage", 2)
        assert {p.token for p in posts} == {"xoxb-tone", "xoxb-ttwo"}
    await stop(app, runner)


def test_oauth_configuration() -> None:
    full = {"SLACK_CLIENT_ID": "1", "SLACK_CLIENT_SECRET": "2", "SLACK_STATE_SECRET": "3",
            "SLACK_SIGNING_SECRET": "s"}  # fmt: skip
    config = read_config(full)
    assert config.oauth is not None and config.bot_token is None and config.mode == "http"
    with pytest.raises(SlackConfigError, match="SLACK_STATE_SECRET is not set"):
        read_config({k: v for k, v in full.items() if k != "SLACK_STATE_SECRET"})
    with pytest.raises(SlackConfigError, match="needs HTTP mode"):
        read_config({**full, "SLACK_APP_TOKEN": "xapp-1"})
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET"):
        read_config({k: v for k, v in full.items() if k != "SLACK_SIGNING_SECRET"})


def test_requested_scopes_match_the_manifest() -> None:
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text())
    assert set(BOT_SCOPES) == set(manifest["oauth_config"]["scopes"]["bot"])


async def test_installations_in_a_sql_database_through_sqlalchemy(
    kb: KnowledgeBase, slack: FakeSlack, tmp_path: Path
) -> None:
    env = {**oauth_env(slack, tmp_path),
           "ADVISOR_INSTALLATIONS_URL": f"sqlite+aiosqlite:///{tmp_path / 'sql.db'}"}  # fmt: skip
    app, runner = await start(kb, env)
    async with aiohttp.ClientSession() as http:
        assert (await install(http, app.url, "sql"))[0] == 200
    await stop(app, runner)
    app, runner = await start(kb, env)  # persisted in that database
    async with aiohttp.ClientSession() as http:
        await app.event(http, mention("TSQL", "is django secure?", "3.0"))
        (post,) = await slack.wait_for("chat.postMessage")
        assert post.token == "xoxb-tsql"
    await stop(app, runner)


def test_a_bad_installations_url_is_a_configuration_error() -> None:
    from bot.slack.config import OAuthConfig
    from bot.slack.oauth import installation_store

    with pytest.raises(SlackConfigError, match="ADVISOR_INSTALLATIONS_URL"):
        installation_store(OAuthConfig("1", "2", "3", "nosuchdb+nodriver://x"))


async def test_revoked_bot_tokens_forget_the_workspace(
    kb: KnowledgeBase, slack: FakeSlack, tmp_path: Path
) -> None:
    app, runner = await start(kb, oauth_env(slack, tmp_path))
    async with aiohttp.ClientSession() as http:
        assert (await install(http, app.url, "rev"))[0] == 200
        await app.event(http, mention("TREV", "what is node", "4.0"))
        await slack.wait_for("chat.postMessage")
        key = "slack:TREV:C0GENERAL:4.0"
        assert await app.runtime.store.get(key) is not None
        revoked = sp.as_event_body(sp.envelope(sp.tokens_revoked(), team="TREV"))
        assert await app.event(http, revoked) == 200
        await slack.settle(0.5)
        assert await app.runtime.store.get(key) is None
        installations = app.runtime.installations
        assert installations is not None
        assert await installations.async_find_bot(enterprise_id=None, team_id="TREV") is None
    await stop(app, runner)


async def test_acks_never_wait_on_auth_test_with_many_workspaces(
    kb: KnowledgeBase, slack: FakeSlack, tmp_path: Path
) -> None:
    """Authorization reads the installation: a hanging auth.test holds no ack."""
    app, runner = await start(kb, oauth_env(slack, tmp_path))
    async with aiohttp.ClientSession() as http:
        assert (await install(http, app.url, "one"))[0] == 200
        slack.delays["auth.test"] = 5.0
        started = time.monotonic()
        assert await app.event(http, mention("TONE", "is node faster?", "3.0")) == 200
        took = time.monotonic() - started
        assert took < 1.0, f"acknowledged after {took:.1f} s"
        (post,) = await slack.wait_for("chat.postMessage")
        assert post.token == "xoxb-tone" and post.args["thread_ts"] == "3.0"
    await stop(app, runner)
