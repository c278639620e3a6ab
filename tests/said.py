"""What the assistant says, read from the shipped content when the tests run.

Code tests check which message was said (its id and the values filled in), never its
wording: `said("recommend", outcome=..., clarity=...)` is the sentence as the content
has it today, and `says(shown, "recommend", outcome=...)` finds a message in what was
shown with any placeholder left out matching anything. Editing a sentence in
knowledge/messages.yaml therefore breaks no code test; saying the wrong message does.
tests/test_wording.py keeps literal sentences from creeping back."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Callable, Mapping
from functools import cache

from bot.base.message_ids import RECOMMENDATION_NAME, MessageId
from bot.base.sides import Recommendation
from bot.content.loading import load_knowledge, packaged_root
from bot.content.messages import Messages
from bot.content.model import KnowledgeBase
from bot.content.questionnaire import AnswerOption, Question
from bot.reply import plain_text


@cache
def shipped() -> KnowledgeBase:
    return load_knowledge(packaged_root())


def messages() -> Messages:
    return shipped().messages


def advisor_question(question_id: str) -> Question:
    """An advisor question as the content has it (its title, text, why and options)."""
    found = shipped().questionnaire.question(question_id)
    assert found is not None, f"no advisor question {question_id!r}"
    return found


def advisor_option(question_id: str, value: str) -> AnswerOption:
    """An advisor answer as the content has it (its label, how it is understood)."""
    found = advisor_question(question_id).option(value)
    assert found is not None, f"no answer {value!r} to {question_id!r}"
    return found


def named(outcome: Recommendation) -> str:
    """How a recommendation's outcome is named ("Node.js", "Django", ...)."""
    return said(RECOMMENDATION_NAME[outcome])


def said(message: MessageId, **values: object) -> str:
    """The message as the assistant says it (Slack mrkdwn), with its values filled in."""
    return messages().text(message, **values)


def plain(message: MessageId, **values: object) -> str:
    """The message as plain text (the terminal's words, a notification's fallback)."""
    return plain_text(said(message, **values))


def pattern(message: MessageId, **known: object) -> re.Pattern[str]:
    """The message as a pattern: the values given filled in, any other placeholder
    matching anything on its line. It matches the message as mrkdwn or as plain text,
    written out or escaped inside a JSON string (a rendered Block Kit payload)."""
    template = messages().texts[message]
    forms = []
    for form in dict.fromkeys((template, plain_text(template))):
        for encode in (_as_is, _in_json):
            forms.append(_form(form, encode, known))
    return re.compile("|".join(f"(?:{form})" for form in dict.fromkeys(forms)))


def says(shown: str, message: MessageId, **known: object) -> bool:
    """Whether `shown` (a reply's text, a terminal's output, a Slack payload) says the
    message, with the values given (the others may be anything)."""
    return pattern(message, **known).search(shown) is not None


def _as_is(text: str) -> str:
    return text


def _in_json(text: str) -> str:
    return json.dumps(text)[1:-1]


def _form(template: str, encode: Callable[[str], str], known: dict[str, object]) -> str:
    parts: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(encode(literal)))
        if name is not None:
            parts.append(re.escape(encode(str(known[name]))) if name in known else ".*?")
    return "".join(parts)


def echoes(shown: str, answers: Mapping[str, str]) -> bool:
    """Whether `shown` says it understood these advisor answers (each as the content
    words it, e.g. "admin needed"), in the `understood` message."""
    return says(shown, "understood") and all(
        advisor_option(question_id, value).understood in shown
        for question_id, value in answers.items()
    )


def understood(*answers: tuple[str, str]) -> str:
    """The `understood` line for these advisor answers, in the order given."""
    parts = ", ".join(advisor_option(question, value).understood for question, value in answers)
    return said("understood", parts=parts)


def after(shown: str, message: MessageId, **known: object) -> str:
    """What `shown` says after the message (its first time); fails if it is not said."""
    found = pattern(message, **known).search(shown)
    assert found is not None, f"{message!r} is not said in {shown[:200]!r}"
    return shown[found.end() :]


def answered(shown: str, intent: str) -> bool:
    """Whether `shown` holds the intent's answer (its first line, as mrkdwn or plain
    text, written out or escaped in JSON): which answer, not which words."""
    first = shipped().intent(intent).answer.strip().splitlines()[0]
    forms = {first, plain_text(first)}
    return any(form in shown or _in_json(form) in shown for form in forms)


def marked(yaml_text: str, intent: str, mark: str) -> str:
    """An intent's file with `mark` put at the start of its answer, whatever it says."""
    first = shipped().intent(intent).answer.splitlines()[0]
    assert first in yaml_text, f"{intent}'s answer does not start on a line of its own"
    return yaml_text.replace(first, f"{mark} {first}", 1)
