"""The names of everything the app keeps in Redis (one prefix, shared by all instances)."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class QueueKeys:
    """Where a queue keeps its items: two sorted sets (when each is due, when each was
    created) and the items, in one hash or in a key each (`item_prefix` + its key)."""

    due: str
    created: str
    items_hash: str = ""
    item_prefix: str = ""


OUTBOX = QueueKeys(OUTBOX_DUE, OUTBOX_CREATED, items_hash=OUTBOX_ITEMS)
INBOX = QueueKeys(JOBS_DUE, JOBS_CREATED, item_prefix=JOB)


def state(key: str) -> str:
    return f"{PREFIX}state:{key}"


def claim(key: str) -> str:
    return f"{PREFIX}claim:{key}"


def job(key: str) -> str:
    return f"{JOB}{key}"
