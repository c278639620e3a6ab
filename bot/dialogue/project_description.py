"""Read a project described in one message: the advisor answers it gives, and whether
it is a description at all (rather than a question for the FAQ). Pure functions.

"We're a 12 person startup, mostly react devs, an ops dashboard, realtime notifications
later: what would you pick?" is read clause by clause. A clause speaks of a question
when it holds one of the question's `topic` phrases; the answer is the option phrase
(the same values, labels and aliases a typed answer is read with) nearest to that
topic phrase, else the topic phrase's own option, else the question's `when_mentioned`.
The first clause that answers a question wins, as the first phrase does in a typed answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.base.text import clean_slack_text, fold
from bot.content.questionnaire import DescriptionCues, Question, Questionnaire

# Clauses end at punctuation and at words that join two separate thoughts.
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?()\[\]\n]+|\s[-\u2013\u2014]\s"
    r"|\s+(?:but|with|plus|while|whereas|although|though|however|also)\s+",
    re.IGNORECASE,
)

Span = tuple[int, int]  # word positions [start, end) in a clause
FEW_WORDS = 4  # shorter messages are answers or questions, never a whole project


@dataclass(frozen=True)
class ProjectDescription:
    """What one message says about a project."""

    answers: tuple[tuple[str, str], ...]  # (question id, option value), questionnaire order
    asks_for_pick: bool  # "what would you pick?", "which should we use?"
    own_project: bool  # "we're building", "our team"
    words: int


def clauses(text: str) -> list[tuple[str, ...]]:
    """The message's clauses as tuples of folded words."""
    parts = (fold(part) for part in _CLAUSE_BREAK.split(clean_slack_text(text)))
    return [tuple(part.split()) for part in parts if part]


class Clause:
    """A clause's words, indexed by word so phrases are found without scanning."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.words = words
        self.at: dict[str, list[int]] = {}
        for index, word in enumerate(words):
            self.at.setdefault(word, []).append(index)

    def spans(self, phrase: str) -> list[Span]:
        """Where `phrase` is said in the clause (most phrases: nowhere, found at once)."""
        wanted = _words_of(phrase)
        starts = self.at.get(wanted[0]) if wanted else None
        if not starts:
            return []
        size = len(wanted)
        return [(start, start + size) for start in starts
                if self.words[start : start + size] == wanted]  # fmt: skip

    def find(self, phrases: tuple[str, ...]) -> list[Span]:
        """Where any of `phrases` is said: looked up by the clause's words, not by each
        phrase (a question has dozens of phrases, a clause a few words)."""
        index = _by_first_word(phrases)
        found: list[Span] = []
        for word, starts in self.at.items():
            for wanted in index.get(word, ()):
                size = len(wanted)
                found += [(start, start + size) for start in starts
                          if self.words[start : start + size] == wanted]  # fmt: skip
        return found


@lru_cache(maxsize=4096)  # content phrases: split once, not on every message
def _words_of(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.split())


@lru_cache(maxsize=1024)  # one entry per phrase list of the content
def _by_first_word(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        if words := _words_of(phrase):
            index.setdefault(words[0], []).append(words)
    return {word: tuple(wanted) for word, wanted in index.items()}


def _gap(a: Span, b: Span) -> int:
    """Words between two spans (0 when they touch or overlap)."""
    return max(0, b[0] - a[1], a[0] - b[1])


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def answer_in_clause(question: Question, clause: Clause) -> str | None:
    """The option a clause gives for `question`, or None when it does not speak of it."""
    topics = clause.find(question.topic)
    if not topics:  # most clauses, for most questions
        return None
    elsewhere = clause.find(question.not_when)
    topics = [span for span in topics if not any(_overlaps(span, other) for other in elsewhere)]
    if not topics:  # "go live", "email notifications": the topic word means something else
        return None
    hits = [
        (span, value) for phrase, value in question.phrases.items() for span in clause.spans(phrase)
    ]
    # "no admin panel": a qualifier beside the topic decides; "an ops dashboard": the
    # topic phrase itself may be an option phrase; otherwise what naming it means.
    beside = [(min(_gap(span, t) for t in topics), span[0], value) for span, value in hits
              if not any(_overlaps(span, t) for t in topics)]  # fmt: skip
    if beside:
        return min(beside)[2]
    itself = sorted((span[0], -(span[1] - span[0]), value) for span, value in hits)
    if itself:
        return itself[0][2]
    return question.when_mentioned


def _mixed(question: Question, value: str, near: list[Clause]) -> str:
    """'half Python, half TypeScript': the options of a mix said together (in the clause
    that answered and the next) mean the mix, unless one is said to dominate."""
    mix = question.mixed
    if mix is None or value not in mix.of or _says(near[0], mix.unless_said):
        return value
    said = {
        option
        for clause in near
        for phrase, option in question.phrases.items()
        if option in mix.of and _says(clause, (phrase,))
    }
    return mix.value if said >= set(mix.of) else value


def _says(clause: Clause, phrases: tuple[str, ...]) -> bool:
    return bool(clause.find(phrases))


def read_description(questionnaire: Questionnaire, text: str) -> ProjectDescription:
    """Every advisor answer a message gives, and the signs that it describes a project."""
    said = clean_slack_text(text)
    if len(said.split(maxsplit=FEW_WORDS)) < FEW_WORDS:  # "yes", "mostly js": an answer
        return ProjectDescription((), False, False, len(said.split()))
    parts = [Clause(words) for words in clauses(said)]
    found: dict[str, str] = {}
    for at, clause in enumerate(parts):
        for question in questionnaire.questions:
            if question.id not in found:
                value = answer_in_clause(question, clause)
                if value is not None:
                    found[question.id] = _mixed(question, value, parts[at : at + 2])
    everything = Clause(tuple(word for clause in parts for word in clause.words))
    cues = questionnaire.description
    return ProjectDescription(
        answers=tuple((q.id, found[q.id]) for q in questionnaire.questions if q.id in found),
        asks_for_pick=_says(everything, cues.pick_requests),
        own_project=_says(everything, cues.own_project),
        words=len(everything.words),
    )


def is_project_description(description: ProjectDescription, cues: DescriptionCues) -> bool:
    """Several advisor answers and a request for a pick, or a long descriptive message.

    A message that describes the team's own project and asks for a pick counts even when
    nothing in it can be read: it gets the normal advisor.
    """
    read = len(description.answers)
    long_enough = description.words >= cues.min_words
    if read >= 2 and description.asks_for_pick:
        return True
    if read >= 3 and long_enough:
        return True
    return description.own_project and description.asks_for_pick and long_enough


@dataclass(frozen=True)
class MergedDescription:
    """What several messages (a thread) say about one project, read together."""

    answers: tuple[tuple[str, str], ...]  # (question id, option value), questionnaire order
    disputed: tuple[str, ...]  # question ids the messages clearly disagree on: ask them


def _lean(question: Question, value: str) -> str:
    """The side an option's points favour: "node", "django" or "" (neither)."""
    option = question.option(value)
    if option is None or option.node == option.django:
        return ""
    return "node" if option.node > option.django else "django"


def clearly_disagree(question: Question, a: str, b: str) -> bool:
    """'yes' against 'no', or two answers that pull toward opposite sides."""
    if {a, b} == {"yes", "no"}:
        return True
    leans = {_lean(question, a), _lean(question, b)}
    return leans == {"node", "django"}


def merge_descriptions(
    questionnaire: Questionnaire, descriptions: Sequence[ProjectDescription]
) -> MergedDescription:
    """Answers from several messages, oldest first: a later answer wins ("some real-time"
    then "real-time is core"), but two messages that clearly disagree ("Python team",
    later "we're all JavaScript") leave the question open, to be asked."""
    said: dict[str, list[str]] = {}
    for description in descriptions:
        for question_id, value in description.answers:
            said.setdefault(question_id, []).append(value)
    answers: list[tuple[str, str]] = []
    disputed: list[str] = []
    for question in questionnaire.questions:
        values = said.get(question.id)
        if not values:
            continue
        latest = values[-1]
        if any(clearly_disagree(question, v, latest) for v in values[:-1]):
            disputed.append(question.id)
        else:
            answers.append((question.id, latest))
    return MergedDescription(tuple(answers), tuple(disputed))
