"""Is this request from Slack? The signature and timestamp, on the raw bytes.

Checked before anything reads the body, so a forged or replayed request is never parsed.
The same computation as slack_sdk's SignatureVerifier (HMAC-SHA256 of
`v0:{timestamp}:{body}`, compared in constant time), but on bytes: that verifier decodes
the body as UTF-8 first and raises on invalid bytes or a timestamp that is not a number.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping

MAX_SKEW_S = 300  # Slack's advice: reject requests older (or newer) than five minutes


class RequestVerifier:
    def __init__(self, signing_secret: str, clock: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode()
        self._clock = clock

    def problem(self, raw: bytes, headers: Mapping[str, str]) -> str | None:
        """None when Slack signed these bytes recently; else a short reason."""
        timestamp = headers.get("X-Slack-Request-Timestamp")
        signature = headers.get("X-Slack-Signature")
        if not timestamp or not signature:
            return "unsigned"
        if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
            return "bad timestamp header"
        if abs(self._clock() - int(timestamp)) > MAX_SKEW_S:
            return "stale timestamp"
        base = b"v0:" + timestamp.encode() + b":" + raw
        expected = b"v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest().encode()
        given = signature.encode("utf-8", "replace")
        return None if hmac.compare_digest(expected, given) else "bad signature"
