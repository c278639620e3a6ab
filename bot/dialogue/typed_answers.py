"""A line typed while an advisor question is pending: a control ("skip", "back"), one of
the question's options (by number, label, alias, or close enough), or nothing known."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, process

from bot.base.text import clean_slack_text, fold
from bot.content.questionnaire import Question, Questionnaire


@dataclass(frozen=True)
class Typed:
    """What a typed line means while a question is pending."""

    kind: Literal["answer", "control", "none"]
    value: str = ""


def interpret(questionnaire: Questionnaire, question: Question, text: str) -> Typed:
    """A typed line as a control, an option of `question`, or nothing recognisable."""
    said = fold(clean_slack_text(text))
    if not said:
        return Typed("none")
    for control, words in questionnaire.controls.items():
        if said in words:
            return Typed("control", control)
    if said.isdigit() and 1 <= int(said) <= len(question.options):
        return Typed("answer", question.options[int(said) - 1].value)
    phrases = question.phrases
    if said in phrases:
        return Typed("answer", phrases[said])
    found = process.extractOne(
        said, list(phrases), scorer=fuzz.ratio, score_cutoff=questionnaire.typed_option_cutoff
    )
    if found is not None:
        return Typed("answer", phrases[found[0]])
    # "mostly js, some python": the first option phrase said as whole words wins.
    padded = f" {said} "
    hits = sorted(
        (padded.find(f" {p} "), -len(p), value)
        for p, value in phrases.items()
        if len(p) > 1 and f" {p} " in padded
    )
    return Typed("answer", hits[0][2]) if hits else Typed("none")
