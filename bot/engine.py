"""The engine: the one way in for every front end.

`Engine.handle(key, turn) -> Reply` loads a conversation's state, runs the pure dialogue
step and stores the new state, atomically per conversation key. Everything else a person
can ask goes through here too (a comparison, help, App Home, the advisor form, votes,
clicks on "did you mean" and "Not quite?"), and what happened is reported to the
observers (metrics, analytics), so every path counts the same way.

Front ends import the core only from here and from bot.reply; what else they need
(the store's error, the surfaces' texts) is re-exported below.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import lru_cache

from bot.base.intents import HELP
from bot.base.surface_texts import AssistantTexts as AssistantTexts
from bot.content.messages import Messages as Messages
from bot.content.model import KnowledgeBase
from bot.content.surfaces import Surfaces as Surfaces
from bot.dialogue import advisor, advisor_replies
from bot.dialogue.answers import answer_intent
from bot.dialogue.compare import compare_reply
from bot.dialogue.conversation import ConversationState, step
from bot.dialogue.discussion import advise_from_thread
from bot.dialogue.state_codec import encode_state, load_state
from bot.dialogue.views import form_content, form_errors, home_content
from bot.events import (
    AlternativeClicked,
    Compared,
    Event,
    HelpShown,
    Observer,
    SuggestionClicked,
    TurnHandled,
    Voted,
)
from bot.reply import Form, Home, Reply, Thread, Turn
from bot.storage.protocol import Completing as Completing
from bot.storage.protocol import JobGone as JobGone
from bot.storage.protocol import StateStore as StateStore
from bot.storage.protocol import StoreError as StoreError
from bot.understanding.matcher import IntentMatcher
from bot.understanding.recommendation import GENERIC_INTENTS

log = logging.getLogger(__name__)


@lru_cache(maxsize=1024)  # pure: one entry per content version and argument
def _comparison(kb: KnowledgeBase, asked: str) -> tuple[Reply, str | None]:
    return compare_reply(kb, asked)


@lru_cache(maxsize=4)
def _help(kb: KnowledgeBase) -> Reply:
    return answer_intent(kb, HELP)


class Engine:
    def __init__(
        self,
        kb: KnowledgeBase,
        store: StateStore,
        matcher: IntentMatcher | None = None,
        observers: Sequence[Observer] = (),
        clock: Callable[[], float] = time.perf_counter,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.kb = kb
        self.matcher = matcher or IntentMatcher(kb)
        self.store = store
        self._observers = tuple(observers)  # metrics and analytics
        self._clock = clock  # durations
        self._wall_clock = wall_clock  # when things happened, for analytics

    def swap(self, kb: KnowledgeBase, matcher: IntentMatcher) -> None:
        """Serve new content from the next turn on (no await: atomic for asyncio)."""
        self.kb, self.matcher = kb, matcher

    async def _report(self, event: Event) -> None:
        for observer in self._observers:
            await observer.observe(event, self._wall_clock())

    @property
    def texts(self) -> Surfaces:
        """The words of the surfaces (assistant panel, form, shortcut, App Home)."""
        return self.kb.surfaces

    async def handle(self, key: str, turn: Turn, completing: Completing | None = None) -> Reply:
        kb, matcher = self.kb, self.matcher  # one consistent version, even across a reload
        started = self._clock()

        def change(raw: str | None) -> tuple[str | None, Reply]:
            state = load_state(key, raw)
            new, reply = step(kb, matcher, state, turn)
            return encode_state(new), reply

        # `completing`: the job this turn answers leaves the inbox, and its reply enters
        # the outbox, in the same transaction as the new state (front ends' work queue).
        reply = await self.store.update(key, change, completing)
        await self._report(TurnHandled(turn, reply, self._clock() - started))
        return reply

    def asks_for_recommendation(self, text: str) -> bool:
        """Does `text` ask which to choose? The matcher's rule (a request for a pick
        that names no aspect, or the generic verdict and advisor intents), the same the
        conversation routes a described project by. A mention in a thread reads the
        thread only then."""
        matcher = self.matcher
        if matcher.requests.asks_for_recommendation(text):
            return True
        return matcher.match(text).intent in GENERIC_INTENTS

    async def handle_thread(self, key: str, turn: Turn, thread: Thread, ask: bool = True) -> Reply:
        """A recommendation from a channel thread's discussion (`turn` asked for it;
        `ask`: questions may follow, as buttons anyone there may press). Only the answers
        it derives are stored, never the messages. An unreadable thread (no history
        scope) gets today's answer to `turn`, and how to let the assistant read threads."""
        words = self.kb.messages
        outcome = advise_from_thread(self.kb, thread, ask) if thread.readable else None
        if outcome is None:
            reply = await self.handle(key, turn)
            if not thread.readable:
                notice = words.text("thread_no_access")
            else:
                read = words.text("thread_read", count=len(thread.messages))
                notice = f"{read}\n{words.text('thread_nothing_private')}"
            return replace(reply, text=f"{notice}\n\n{reply.text}")
        run, reply = outcome
        started = self._clock()

        def change(raw: str | None) -> tuple[str | None, Reply]:
            state: ConversationState = replace(load_state(key, raw), advisor=run, offered=())
            return encode_state(state), reply

        reply = await self.store.update(key, change)
        await self._report(TurnHandled(turn, reply, self._clock() - started))
        return reply

    async def compare(self, asked: str) -> tuple[Reply, str | None]:
        """A comparison ("", "all", or a criterion, fuzzily), with the criterion id it
        resolved to ("all" for the summary, None when unknown)."""
        reply, resolved = _comparison(self.kb, asked)
        await self._report(Compared(resolved))
        return reply, resolved

    async def help(self) -> Reply:
        reply = _help(self.kb)
        await self._report(HelpShown(reply))
        return reply

    def home(self) -> Home:
        """What App Home shows (the person's last recommendation is the front end's)."""
        return home_content(self.kb)

    async def form(self, key: str | None) -> Form:
        """The advisor form, pre-filled with the answers of the conversation `key`."""
        answers: dict[str, str] = {}
        if key is not None:
            try:
                answers = dict(await self.answers(key))
            except StoreError as exc:
                log.error("could not read the answers to pre-fill the form: %s", exc)
        return form_content(self.kb, answers)

    def form_errors(self, given: Mapping[str, str]) -> dict[str, str]:
        """What to say under each question a submitted form got wrong (empty: nothing)."""
        return form_errors(self.kb, given)

    async def vote(self, intent: str, up: bool) -> bool:
        """Record a thumbs up or down on an answer; False when it could not be kept."""
        try:
            await self._report(Voted(intent, up))
        except StoreError:
            return False
        return True

    async def suggestion_clicked(self) -> None:
        await self._report(SuggestionClicked())

    async def alternative_clicked(self, answered: str, wanted: str) -> None:
        await self._report(AlternativeClicked(answered, wanted))

    async def is_new(self, key: str) -> bool:
        """True when nothing is stored for this conversation yet (False if unsure)."""
        try:
            return await self.store.get(key) is None
        except StoreError:
            return False

    async def answers(self, key: str) -> tuple[tuple[str, str], ...]:
        """The advisor answers a stored conversation holds (skips left out)."""
        state = load_state(key, await self.store.get(key))
        return advisor.known_answers(state.advisor)

    async def standing(self, key: str) -> Reply | None:
        """A stored conversation's advisor: its pending question or its result, if any."""
        state = load_state(key, await self.store.get(key))
        return advisor_replies.standing(self.kb.questionnaire, state.advisor)

    async def resume(self, key: str, picking_up: bool = True) -> Reply | None:
        """Where a stored conversation stands: the pending advisor question, if any
        (`picking_up`: said to be picked up, as after a restart)."""
        state = load_state(key, await self.store.get(key))
        run = state.advisor
        if run is None or advisor.pending(self.kb.questionnaire, run) is None:
            return None
        notice = self.kb.messages.text("picking_up") if picking_up else ""
        return advisor_replies.ask(self.kb.questionnaire, run, notice)
