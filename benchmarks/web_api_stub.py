"""A tiny stand-in for Slack's Web API on loopback: every method answers ok.

Used by the HTTP benchmark so the bot's posts land somewhere fast, and to count them:
GET /stats says how many chat.postMessage calls arrived (in all, and between `since`
and `until` when given), for how many distinct threads, and when the last one came;
GET /times gives, per thread, when its first reply came (for answer latency). Run:
    python benchmarks/web_api_stub.py PORT
"""

from __future__ import annotations

import bisect
import json
import sys
import time

from aiohttp import web

OK = (
    b'{"ok": true, "ts": "1700000000.000100", "channel": "C0",'
    b' "user_id": "UBOT", "bot_id": "B0", "team_id": "T0"}'
)
THREAD = b'"thread_ts"'


class Posts:
    def __init__(self) -> None:
        self.arrivals: list[float] = []  # in order
        self.first: dict[str, float] = {}  # thread -> when its first reply came
        self.last = 0.0

    async def answer(self, request: web.Request) -> web.Response:
        if request.match_info["method"] in ("chat.postMessage", "chat.postEphemeral"):
            now = time.time()
            body = await request.read()
            thread = str(json.loads(body).get("thread_ts")) if THREAD in body else "-"
            self.arrivals.append(now)
            self.first.setdefault(thread, now)
            self.last = now
        return web.Response(body=OK, content_type="application/json")

    async def stats(self, request: web.Request) -> web.Response:
        since = float(request.query.get("since", 0))
        until = float(request.query.get("until", "inf"))
        window = bisect.bisect_right(self.arrivals, until) - bisect.bisect_left(
            self.arrivals, since
        )
        return web.json_response({"posts": len(self.arrivals), "in_window": window,
                                  "threads": len(self.first), "last": self.last})  # fmt: skip

    async def times(self, _request: web.Request) -> web.Response:
        return web.json_response(self.first)


def main() -> None:
    posts = Posts()
    app = web.Application()
    app.router.add_post("/api/{method}", posts.answer)
    app.router.add_get("/stats", posts.stats)
    app.router.add_get("/times", posts.times)
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
