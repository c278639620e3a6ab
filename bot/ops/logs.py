"""Logging: one JSON object per line (LOG_FORMAT=text for humans), with a request id.

The request id is set per HTTP request and flows into the work started from it
(asyncio tasks copy the context). Nothing here logs message text, tokens or secrets,
and Bolt's and the SDK's payload-dumping debug output stays off at every level.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from contextvars import ContextVar
from datetime import UTC, datetime

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="-")


def new_request_id() -> str:
    request_id = os.urandom(6).hex()  # 12 hex digits, as before, for less per request
    REQUEST_ID.set(request_id)
    return request_id


def where_raised(error: BaseException) -> str:
    """file:line of the innermost frame that raised `error`: enough to find it, where a
    traceback would quote source lines (and, in some, the data they handled)."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return "?"
    return f"{tb.tb_frame.f_code.co_filename.rsplit('/', 1)[-1]}:{tb.tb_lineno}"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


# Bolt log lines that quote payloads after this text; we keep the text, drop the rest.
PAYLOAD_QUOTING_PREFIXES = (
    "Unhandled request",
    "Invalid request signature",
    "A global middleware",
)


class NoPayloadFilter(logging.Filter):
    """A safety net under our own request lines: Bolt's payload-quoting warnings lose
    their payload (at every level), whichever path produced them."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "aiohttp.server" and record.exc_info:
            # A request HTTP itself rejects (a bad header, say): aiohttp logs a traceback
            # quoting the offending bytes. The error's name says enough.
            error = record.exc_info[1]
            record.msg, record.args = f"bad HTTP request: {type(error).__name__}", None
            record.exc_info, record.exc_text = None, None
        if record.name.startswith("slack_bolt") and isinstance(record.msg, str):
            for prefix in PAYLOAD_QUOTING_PREFIXES:
                if record.msg.startswith(prefix):
                    record.msg, record.args = f"{prefix} (payload not logged)", None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(env: Mapping[str, str]) -> None:
    level = getattr(logging, env.get("LOG_LEVEL", "INFO").strip().upper(), logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RequestIdFilter())
    handler.addFilter(NoPayloadFilter())
    if env.get("LOG_FORMAT", "json").strip().lower() == "text":
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    else:
        handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Bolt and the SDK log whole payloads (and headers) at DEBUG: never let them.
    for name in ("slack_bolt", "slack_sdk", "aiohttp.access"):
        logging.getLogger(name).setLevel(max(level, logging.INFO))
