"""The names of everything the app keeps in Redis (one prefix, shared by all instances)."""

from __future__ import annotations

PREFIX = "advisor:"
# The outbox: entries (key -> JSON) with when each is due and when each was created.
OUTBOX_ITEMS = f"{PREFIX}outbox:items"
OUTBOX_DUE = f"{PREFIX}outbox:due"
OUTBOX_CREATED = f"{PREFIX}outbox:created"
# The inbox: one key per job (so a turn can WATCH its own job), when each is due, and
# when each was accepted.
JOB = f"{PREFIX}job:"
JOBS_DUE = f"{PREFIX}jobs:due"
JOBS_CREATED = f"{PREFIX}jobs:created"


def state(key: str) -> str:
    return f"{PREFIX}state:{key}"


def claim(key: str) -> str:
    return f"{PREFIX}claim:{key}"


def job(key: str) -> str:
    return f"{JOB}{key}"
