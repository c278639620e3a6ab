"""A tiny stand-in for Slack's Web API on loopback: every method answers ok.

Used by the HTTP benchmark so the bot's posts land somewhere fast. Run:
    python benchmarks/web_api_stub.py PORT
"""

from __future__ import annotations

import sys

from aiohttp import web

OK = (
    b'{"ok": true, "ts": "1700000000.000100", "channel": "C0",'
    b' "user_id": "UBOT", "bot_id": "B0", "team_id": "T0"}'
)


async def answer(_request: web.Request) -> web.Response:
    return web.Response(body=OK, content_type="application/json")


def main() -> None:
    app = web.Application()
    app.router.add_post("/api/{method}", answer)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
