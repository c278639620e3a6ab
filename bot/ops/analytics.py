"""Content analytics: which questions go unanswered, and which answers people dislike.

Recorded at the edge (the Slack layer) into the state store, with a retention limit and
no user ids: the question's text (Slack mentions removed), when, and what the matcher
considered. `advisor kb gaps` clusters the unanswered questions by similarity and lists
the intents with the worst feedback, so an author knows what to write next.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.base.text import Normaliser, clean_slack_text
from bot.reply import Reply
from bot.storage.protocol import StateStore

UNANSWERED = "analytics:unanswered"
VOTES = "analytics:votes"
CONFUSIONS = "analytics:confusions"  # an answer given, and the alternative clicked instead
KEEP = 10_000  # newest items kept per log


@dataclass(frozen=True)
class Unanswered:
    text: str
    at: float
    outcome: str  # "unsure" or "out_of_scope"
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class Cluster:
    example: str  # the first question of the cluster, as asked
    count: int
    candidates: tuple[str, ...]  # the intents most often suggested for it


@dataclass(frozen=True)
class Feedback:
    intent: str
    up: int
    down: int


def unanswered_item(text: str, reply: Reply, now: float) -> str | None:
    """The log entry for a question the bot could not answer, or None if it could."""
    if not (reply.is_fallback or reply.suggestions):
        return None
    said = clean_slack_text(text)
    if not said:
        return None
    outcome = "unsure" if reply.suggestions else "out_of_scope"
    return json.dumps(
        {
            "text": said,
            "at": now,
            "outcome": outcome,
            "candidates": [o.value for o in reply.suggestions],
        }
    )


async def record_unanswered(store: StateStore, text: str, reply: Reply, now: float) -> None:
    item = unanswered_item(text, reply, now)
    if item is not None:
        await store.append(UNANSWERED, item, KEEP)


async def record_vote(store: StateStore, intent: str, up: bool, now: float) -> None:
    await store.append(VOTES, json.dumps({"intent": intent, "up": up, "at": now}), KEEP)


async def record_confusion(store: StateStore, answered: str, wanted: str, now: float) -> None:
    item = json.dumps({"answered": answered, "wanted": wanted, "at": now})
    await store.append(CONFUSIONS, item, KEEP)


def confusions(items: Iterable[str], since: float) -> list[tuple[str, str, int]]:
    """(answered, wanted instead, clicks), most frequent first."""
    counted: Counter[tuple[str, str]] = Counter()
    for d in _parse(items):
        at, answered, wanted = d.get("at"), d.get("answered"), d.get("wanted")
        recent = isinstance(at, int | float) and at >= since
        if recent and isinstance(answered, str) and isinstance(wanted, str):
            counted[(answered, wanted)] += 1
    return [(a, w, n) for (a, w), n in counted.most_common()]


def _parse(items: Iterable[str]) -> list[dict[str, object]]:
    parsed = []
    for item in items:
        try:
            data = json.loads(item)
        except ValueError:
            continue  # a damaged entry is skipped, not fatal
        if isinstance(data, dict):
            parsed.append(data)
    return parsed


def unanswered_since(items: Iterable[str], since: float) -> list[Unanswered]:
    found = []
    for d in _parse(items):
        at = d.get("at")
        if isinstance(at, int | float) and at >= since and isinstance(d.get("text"), str):
            candidates = d.get("candidates")
            found.append(
                Unanswered(
                    str(d["text"]),
                    float(at),
                    str(d.get("outcome", "")),
                    tuple(map(str, candidates)) if isinstance(candidates, list) else (),
                )
            )
    return found


def cluster(questions: list[Unanswered], normaliser: Normaliser, similar: int) -> list[Cluster]:
    """Group similar questions (greedy, in order asked); biggest groups first."""
    groups: list[tuple[str, list[Unanswered]]] = []  # (normalised representative, members)
    for question in questions:
        key = normaliser.normalise(question.text).text or question.text.casefold()
        for representative, members in groups:
            if fuzz.token_set_ratio(key, representative) >= similar:
                members.append(question)
                break
        else:
            groups.append((key, [question]))
    clusters = []
    for _key, members in groups:
        suggested = Counter(c for m in members for c in m.candidates)
        top = tuple(intent for intent, _n in suggested.most_common(3))
        clusters.append(Cluster(members[0].text, len(members), top))
    return sorted(clusters, key=lambda c: -c.count)


def feedback(items: Iterable[str], since: float) -> list[Feedback]:
    """Votes per intent, the most disliked first."""
    up: Counter[str] = Counter()
    down: Counter[str] = Counter()
    for d in _parse(items):
        at, intent = d.get("at"), d.get("intent")
        if isinstance(at, int | float) and at >= since and isinstance(intent, str):
            (up if d.get("up") is True else down)[intent] += 1
    intents = set(up) | set(down)
    ranked = sorted(intents, key=lambda i: (-(down[i] - up[i]), -down[i], i))
    return [Feedback(i, up[i], down[i]) for i in ranked]


def format_gaps(
    clusters: list[Cluster],
    votes: list[Feedback],
    days: float,
    most: int = 20,
    confused: list[tuple[str, str, int]] | None = None,
) -> str:
    lines = [f"Unanswered questions in the last {days:g} day(s), most frequent first:"]
    if not clusters:
        lines.append("  (none)")
    for c in clusters[:most]:
        hint = f"  [closest: {', '.join(c.candidates)}]" if c.candidates else ""
        lines.append(f"  {c.count:4d}  {c.example}{hint}")
    lines += ["", "Answers with the worst feedback (down / up):"]
    if not votes:
        lines.append("  (no votes)")
    for v in votes[:most]:
        lines.append(f"  {v.down:4d} / {v.up:<4d} {v.intent}")
    lines += ["", "Answers people corrected with 'Not quite?' (answered -> wanted):"]
    if not confused:
        lines.append("  (none)")
    for answered, wanted, n in (confused or [])[:most]:
        lines.append(f"  {n:4d}  {answered} -> {wanted}")
    return "\n".join(lines)
