"""The texts of Slack's surfaces besides replies (knowledge/surfaces.yaml), typed once.

One frozen dataclass per section of the file, each text with the limit of where Slack
shows it: bot/content/surfaces.py reads the file into them (`kb check` holds each text
to its limit), the engine hands them on unchanged inside `Home` and `Form`
(bot/reply.py), and the renderers show them. A new text is one field here and one key
in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from bot.base.slack_limits import (
    SLACK_BUTTON_TEXT,
    SLACK_HEADER_TEXT,
    SLACK_MODAL_TEXT,
    SLACK_NOTE_TEXT,
    SLACK_SECTION_TEXT,
    SLACK_STATUS_TEXT,
)

_LIMIT, _KEY = "limit", "key"


def shown_in(limit: int, key: str = "") -> Any:
    """A text field: empty by default, at most `limit` characters, read from `key` of
    its section (the field's own name when not given)."""
    return field(default="", metadata={_LIMIT: limit, _KEY: key})


def text_fields(section: type[Any]) -> dict[str, tuple[str, int]]:
    """A section's texts: the key in the file -> (the field's name, its limit)."""
    return {
        f.metadata[_KEY] or f.name: (f.name, f.metadata[_LIMIT])
        for f in fields(section)
        if _LIMIT in f.metadata
    }


@dataclass(frozen=True)
class Prompt:
    title: str
    message: str


@dataclass(frozen=True)
class AssistantTexts:
    """The assistant panel."""

    greeting: str = shown_in(SLACK_SECTION_TEXT)
    viewing: str = shown_in(SLACK_SECTION_TEXT)  # "{channel}": the channel being looked at
    prompts_title: str = shown_in(SLACK_BUTTON_TEXT)
    status: str = shown_in(SLACK_STATUS_TEXT)
    prompts: tuple[Prompt, ...] = ()


@dataclass(frozen=True)
class FormTexts:
    """The one-screen advisor form, and what a submission that cannot be used is told."""

    title: str = shown_in(SLACK_MODAL_TEXT)
    submit: str = shown_in(SLACK_MODAL_TEXT)
    close: str = shown_in(SLACK_MODAL_TEXT)
    intro: str = shown_in(SLACK_SECTION_TEXT)
    placeholder: str = shown_in(SLACK_HEADER_TEXT)
    not_an_option: str = shown_in(SLACK_NOTE_TEXT)
    nothing_answered: str = shown_in(SLACK_NOTE_TEXT)
    not_opened: str = shown_in(SLACK_NOTE_TEXT)


@dataclass(frozen=True)
class ShortcutTexts:
    """The "Ask the advisor" message shortcut."""

    share: str = shown_in(SLACK_BUTTON_TEXT)
    shared: str = shown_in(SLACK_NOTE_TEXT)
    no_text: str = shown_in(SLACK_NOTE_TEXT)
    not_posted: str = shown_in(SLACK_NOTE_TEXT)


@dataclass(frozen=True)
class HomeTexts:
    """App Home."""

    heading: str = shown_in(SLACK_HEADER_TEXT)
    intro: str = shown_in(SLACK_SECTION_TEXT)
    advisor_text: str = shown_in(SLACK_SECTION_TEXT)  # "{count}": the advisor's questions
    start_advisor: str = shown_in(SLACK_BUTTON_TEXT)
    try_asking: str = shown_in(SLACK_HEADER_TEXT)
    compare_heading: str = shown_in(SLACK_HEADER_TEXT)
    all_criteria: str = shown_in(SLACK_BUTTON_TEXT)
    answer_all_text: str = shown_in(SLACK_SECTION_TEXT)
    answer_all: str = shown_in(SLACK_BUTTON_TEXT)
    last_heading: str = shown_in(SLACK_HEADER_TEXT)
    last_line: str = shown_in(SLACK_NOTE_TEXT)  # "{outcome}" and "{date}": the front end's
    continue_: str = shown_in(SLACK_BUTTON_TEXT, key="continue")
    start_over: str = shown_in(SLACK_BUTTON_TEXT)
