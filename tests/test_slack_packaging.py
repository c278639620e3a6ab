"""The manifests, Dockerfile and compose file agree with what the app does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

EVENTS = {"app_mention", "app_home_opened", "message.im", "assistant_thread_started",
          "assistant_thread_context_changed", "app_uninstalled", "tokens_revoked"}  # fmt: skip
COMMANDS = {"/compare", "/advisor"}
SCOPES = {"app_mentions:read", "assistant:write", "chat:write", "chat:write.public", "commands",
          "im:history", "im:read", "im:write",
          # reading a channel thread when asked in it (public, private, group DMs)
          "channels:history", "groups:history", "mpim:history"}  # fmt: skip


def manifest(name: str) -> dict[str, Any]:
    return dict(yaml.safe_load((REPO / name).read_text()))


@pytest.mark.parametrize("name", ["manifest.yml", "manifest.socket-mode.yml"])
def test_manifest_declares_what_the_app_listens_to(name: str) -> None:
    m = manifest(name)
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == EVENTS
    assert {c["command"] for c in m["features"]["slash_commands"]} == COMMANDS
    assert set(m["oauth_config"]["scopes"]["bot"]) == SCOPES
    assert m["settings"]["interactivity"]["is_enabled"] is True
    assert m["features"]["app_home"]["home_tab_enabled"] is True
    assert m["features"]["app_home"]["messages_tab_enabled"] is True


def test_http_manifest_points_everything_at_one_url() -> None:
    m = manifest("manifest.yml")
    urls = {m["settings"]["event_subscriptions"]["request_url"],
            m["settings"]["interactivity"]["request_url"],
            *(c["url"] for c in m["features"]["slash_commands"])}  # fmt: skip
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    assert m["settings"]["socket_mode_enabled"] is False


def test_socket_mode_manifest_has_no_urls() -> None:
    m = manifest("manifest.socket-mode.yml")
    assert m["settings"]["socket_mode_enabled"] is True
    assert "request_url" not in m["settings"]["event_subscriptions"]
    assert all("url" not in c for c in m["features"]["slash_commands"])


def test_dockerfile_runs_serve_as_a_non_root_user_with_a_health_check() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert text.startswith("# ") and "FROM python:3.11-slim" in text
    assert "\nUSER advisor\n" in text
    assert 'ENTRYPOINT ["advisor"]' in text and 'CMD ["serve"]' in text
    assert "HEALTHCHECK" in text and "/healthz" in text
    assert 'VOLUME ["/data"]' in text and "sqlite:////data/state.sqlite3" in text
    ignored = (REPO / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored


def test_compose_runs_the_bot_with_redis() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    bot, redis = compose["services"]["advisor"], compose["services"]["redis"]
    assert bot["environment"]["ADVISOR_STATE_URL"] == "redis://redis:6379/0"
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"} <= set(bot["environment"])
    assert bot["depends_on"]["redis"]["condition"] == "service_healthy"
    assert "redis-cli" in redis["healthcheck"]["test"]


def test_docs_match_the_files(tmp_path: Path) -> None:
    docs = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    readme = "\n".join(path.read_text() for path in docs)
    for name in ("manifest.yml", "manifest.socket-mode.yml", "compose.yaml", "Dockerfile"):
        assert name in readme, name
