"""The tables of the SQLite state file and the statements more than one module runs.

One file holds the conversations, the claims, the logs, the outbox and the inbox, so a
turn, the reply it produces and the job it completes commit in one transaction.
"""

from __future__ import annotations

import sqlite3
from typing import Literal

from bot.storage.outbox import Entry

SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS state_expiry ON state (expires_at);
CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, expires_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS logs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, item TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS logs_stream ON logs (stream, id);
CREATE TABLE IF NOT EXISTS outbox (
    key TEXT PRIMARY KEY, entry TEXT NOT NULL, due REAL NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (due);
CREATE TABLE IF NOT EXISTS jobs (
    key TEXT PRIMARY KEY, job TEXT NOT NULL, due REAL NOT NULL, created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS jobs_due ON jobs (due);
"""


def add_reply(db: sqlite3.Connection, entry: Entry) -> bool:
    """Store an outbox entry unless one with its key is pending; True when stored."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO outbox (key, entry, due, created) VALUES (?, ?, ?, ?)",
        (entry.key, entry.to_json(), entry.due, entry.created),
    )
    return cursor.rowcount == 1


def claim(db: sqlite3.Connection, key: str, now: float, ttl: float) -> bool:
    """True for the first claim of `key` (until `ttl` passes): one statement, a new
    claim or an expired one taken over."""
    cursor = db.execute(
        "INSERT INTO claims (key, expires_at) VALUES (?, ?) ON CONFLICT (key) "
        "DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?",
        (key, now + ttl, now),
    )
    return cursor.rowcount == 1


def finish_job(db: sqlite3.Connection, key: str) -> bool:
    """Remove a job; False when it was not there."""
    return db.execute("DELETE FROM jobs WHERE key = ?", (key,)).rowcount == 1


Queue = Literal["outbox", "jobs"]  # the tables of the outbox and the inbox


def queue_stats(db: sqlite3.Connection, table: Queue) -> tuple[int, float | None]:
    """How many rows a queue (the outbox, the inbox's jobs) holds, and when its oldest
    was created (None when empty)."""
    number, oldest = db.execute(f"SELECT COUNT(*), MIN(created) FROM {table}").fetchone()
    return int(number), None if oldest is None else float(oldest)
