"""An @mention, from the event to its answer: the job the ack promises, and its work.

The work runs the turn, and in the same transaction removes the job and stores the
reply in the outbox (bot/storage/protocol.py `Completing`), then makes the reply's first
attempt. A worker killed at any point leaves either the job (leased again later) or the
reply (delivered by the outbox), never both and never neither.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from bot.engine import Completing, JobGone, StoreError
from bot.reply import Reply, ThreadMessage, Turn
from bot.slack.deps import Deps, Place
from bot.slack.intake import CLAIM_TTL_S, MAX_JOB_ATTEMPTS, Job
from bot.slack.keys import event_key
from bot.slack.last_recommendation import remember
from bot.slack.outbox_sender import Entry, backoff
from bot.slack.thread_answer import answer_from_thread
from bot.slack.turn_gate import TurnGate
from bot.slack.web_api import post_reply, reply_entry

log = logging.getLogger(__name__)
KIND = "app_mention"


def mention_job(
    body: dict[str, Any], token: str | None, now: float, bot_user: str | None = None
) -> Job | None:
    """The job for an app_mention event (None when it has no event id to claim).

    `bot_user` is the bot's user id (from Bolt's authorization; else the event's
    `authorizations`, which Slack sends with every event)."""
    event = body.get("event") or {}
    event_id = body.get("event_id")
    if not event_id or not isinstance(event, dict):
        return None
    authorizations = body.get("authorizations") or [{}]
    fields = {
        "team": str(body.get("team_id") or event.get("team") or ""),
        "channel": str(event.get("channel") or ""),
        "ts": str(event.get("ts") or ""),
        "thread_ts": str(event.get("thread_ts") or ""),
        "user": str(event.get("user") or ""),
        "text": str(event.get("text") or ""),
        "bot_user": str(bot_user or (authorizations[0] or {}).get("user_id") or ""),
    }
    return Job(event_key(str(event_id)), KIND, fields, now, token)


def place_of(job: Job) -> Place:
    """The mention's thread (the message itself starts one when it is not in a thread)."""
    fields = job.fields
    thread = fields["thread_ts"] or fields["ts"] or None
    return Place(fields["team"], fields["channel"], thread, job.token)


def in_a_thread(fields: dict[str, str]) -> bool:
    """A reply in a thread (not the thread's first message, nor a top-level message)."""
    return bool(fields["thread_ts"]) and fields["thread_ts"] != fields["ts"]


async def answer(deps: Deps, job: Job, durable: bool, gate: TurnGate | None = None) -> None:
    fields, place = job.fields, place_of(job)
    if gate is not None:
        await gate.turn()  # what follows is CPU on the loop, in its share (turn_gate.py)
    if in_a_thread(fields) and deps.engine.asks_for_recommendation(fields["text"]):
        await answer_from_thread_job(deps, job, place)
        return
    made: list[Entry] = []

    def reply_of(reply: Reply) -> Entry:
        made.append(reply_entry(deps, place, reply, job.key, user=fields["user"] or None))
        return made[-1]

    # A job held in memory only (the store did not take it) may or may not be recorded.
    completing = Completing(job.key, reply_of, required=durable, claim_ttl=CLAIM_TTL_S)
    reply = await deps.engine.handle(place.key, Turn(text=fields["text"]), completing)
    log.info("turn text: intent=%s question=%s", reply.intent, reply.question)  # never the text
    await deps.outbox.attempt(made[-1])
    await remember(deps, place, fields["user"], reply)  # for App Home


async def run_job(deps: Deps, job: Job, durable: bool, gate: TurnGate | None = None) -> None:
    """`answer`, with failures handled: the job is tried again later (with backoff), and
    after MAX_JOB_ATTEMPTS (or when it lives in memory only) the asker gets an apology."""
    try:
        await answer(deps, job, durable, gate)
        return
    except JobGone:
        log.info("a job was answered by another worker")
        return
    except Exception as exc:  # the store, or a bug of ours: one line, never a traceback
        log.error("job failed (attempt %d): %s", job.attempts + 1, type(exc).__name__)
    if durable and job.attempts + 1 < MAX_JOB_ATTEMPTS:
        due = time.time() + backoff(job.attempts, random.random())
        try:
            await deps.intake.inbox.retry(job, due)
        except StoreError as exc:
            log.error("could not reschedule a job (its lease runs out instead): %s", exc)
        return
    await apologise(deps, job)


async def answer_from_thread_job(deps: Deps, job: Job, place: Place) -> None:
    """Read the thread, then answer (bot/slack/thread_answer.py). Reading needs Web API
    calls, so the turn cannot share the job's transaction: the job is dropped after the
    answer is in the outbox (a kill in between reads the thread and answers again; the
    outbox keeps one reply per event while the first is pending)."""
    fields = job.fields
    asked = ThreadMessage(fields["user"], fields["text"])
    bot_user = fields["bot_user"] or None
    reply = await answer_from_thread(deps, place, asked, job.key, bot_user, fields["ts"])
    await deps.intake.inbox.drop(job.key)
    await remember(deps, place, fields["user"], reply)


async def apologise(deps: Deps, job: Job) -> None:
    place = place_of(job)
    sorry = Reply(text=deps.engine.kb.messages.text("store_sorry"))
    await post_reply(deps, place, sorry, job.key)
    try:
        await deps.intake.inbox.drop(job.key)
    except StoreError as exc:
        log.error("could not drop a job given up: %s", exc)
