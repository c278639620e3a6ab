"""The baseline: a minimal Bolt AsyncApp that only acknowledges.

python benchmarks/minimal_bolt_app.py PORT [--process-before-response]
"""

from __future__ import annotations

import os
import sys
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient


def main() -> None:
    port = int(sys.argv[1])
    app = AsyncApp(
        client=AsyncWebClient(token="xoxb-bench", base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        process_before_response="--process-before-response" in sys.argv,
    )

    @app.command("/compare")
    async def compare(ack: Any) -> None:
        await ack()

    @app.event("app_mention")
    async def mention(ack: Any) -> None:
        await ack()

    app.start(port=port, path="/slack/events", host="127.0.0.1")


if __name__ == "__main__":
    main()
