"""The sentences around the answers on Slack's surfaces (knowledge/surfaces.yaml).

The assistant panel's greeting and suggested prompts, the one-screen advisor form, the
"Ask the advisor" message shortcut and App Home. Read with the rest of the content and
checked by `advisor kb check` against Slack's limits. A content root without the file
(an author's small test base) gets these short defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.base.slack_limits import (
    SLACK_BUTTON_TEXT,
    SLACK_HEADER_TEXT,
    SLACK_MODAL_TEXT,
    SLACK_NOTE_TEXT,
    SLACK_SECTION_TEXT,
    SLACK_STATUS_TEXT,
)
from bot.content.fields import FieldReader
from bot.content.yaml_source import LocatedMap, Problem, read_yaml

MAX_PROMPTS = 4  # assistant.threads.setSuggestedPrompts takes up to four
# Each text and the Slack limit of where it is shown.
SECTION, BUTTON, HEADER = SLACK_SECTION_TEXT, SLACK_BUTTON_TEXT, SLACK_HEADER_TEXT
NOTE, MODAL, STATUS = SLACK_NOTE_TEXT, SLACK_MODAL_TEXT, SLACK_STATUS_TEXT
LIMITS: dict[str, dict[str, int]] = {
    "assistant": {"greeting": SECTION, "viewing": SECTION, "prompts_title": BUTTON,
                  "status": STATUS},
    "form": {"title": MODAL, "submit": MODAL, "close": MODAL, "intro": SECTION,
             "placeholder": HEADER, "not_an_option": NOTE, "nothing_answered": NOTE,
             "not_opened": NOTE},
    "shortcut": {"share": BUTTON, "shared": NOTE, "no_text": NOTE, "not_posted": NOTE},
    "home": {"answer_all_text": SECTION, "answer_all": BUTTON, "last_heading": HEADER,
             "last_line": NOTE, "continue": BUTTON, "start_over": BUTTON, "heading": HEADER,
             "intro": SECTION, "advisor_text": SECTION, "try_asking": HEADER,
             "start_advisor": BUTTON, "compare_heading": HEADER, "all_criteria": BUTTON},
}  # fmt: skip


@dataclass(frozen=True)
class Prompt:
    title: str
    message: str


@dataclass(frozen=True)
class AssistantTexts:
    greeting: str = ""
    viewing: str = ""  # "{channel}" is the channel the person is looking at
    prompts_title: str = ""
    prompts: tuple[Prompt, ...] = ()
    status: str = ""


@dataclass(frozen=True)
class FormTexts:
    title: str = ""
    submit: str = ""
    close: str = ""
    intro: str = ""
    placeholder: str = ""
    not_an_option: str = ""
    nothing_answered: str = ""
    not_opened: str = ""


@dataclass(frozen=True)
class ShortcutTexts:
    share: str = ""
    shared: str = ""
    no_text: str = ""
    not_posted: str = ""


@dataclass(frozen=True)
class HomeTexts:
    heading: str = ""
    intro: str = ""
    advisor_text: str = ""  # "{count}" is the number of advisor questions
    start_advisor: str = ""
    try_asking: str = ""
    compare_heading: str = ""
    all_criteria: str = ""
    answer_all_text: str = ""
    answer_all: str = ""
    last_heading: str = ""
    last_line: str = ""
    continue_: str = ""
    start_over: str = ""


@dataclass(frozen=True)
class Surfaces:
    assistant: AssistantTexts = AssistantTexts()
    form: FormTexts = FormTexts()
    shortcut: ShortcutTexts = ShortcutTexts()
    home: HomeTexts = HomeTexts()
    home_examples: tuple[str, ...] = ()  # intent ids whose titles App Home shows as examples
    home_comparisons: tuple[str, ...] = ()  # criterion ids App Home offers as buttons


def _section(
    top: FieldReader, key: str, fields: dict[str, int], others: tuple[str, ...] = ()
) -> dict[str, str]:
    """The text fields of one section; `fields` maps each to its length limit."""
    section = top.mapping(key)
    if not isinstance(section, LocatedMap) or key not in top.data:
        return {}
    # Every text is required: the words live in the file, not in code.
    reader = FieldReader(top.path, section, tuple(fields), others, what=key)
    texts = {name: reader.text(name, max_chars=limit) for name, limit in fields.items()}
    top.problems += reader.problems
    return {name: text for name, text in texts.items() if text}


def _prompts(top: FieldReader) -> tuple[Prompt, ...]:
    reader = FieldReader(top.path, top.mapping("assistant"), (), ("prompts",))
    reader.problems.clear()  # the section's other keys are checked by _section
    prompts: list[Prompt] = []
    for item, _line in reader.entries("prompts"):
        entry = FieldReader(top.path, item, ("title", "message"), what="prompt")
        title, message = entry.text("title", max_chars=SLACK_BUTTON_TEXT), entry.text("message")
        top.problems += entry.problems
        if title and message:
            prompts.append(Prompt(title, message))
    if len(prompts) > MAX_PROMPTS:
        top.fail("assistant", f"at most {MAX_PROMPTS} suggested prompts; Slack shows no more")
    top.problems += reader.problems
    return tuple(prompts[:MAX_PROMPTS])


def read_surfaces(path: Path, shown: str) -> tuple[Surfaces, list[Problem]]:
    """The file's texts, and its problems."""
    if not path.exists():
        return Surfaces(), [Problem(shown, 0, "file is missing")]
    doc = read_yaml(path, shown)
    if doc.data is None:
        return Surfaces(), list(doc.problems)
    top = FieldReader(doc.path, doc.data, ("assistant", "form", "shortcut", "home"), (), "file")
    top.problems[:0] = doc.problems
    assistant = _section(top, "assistant", LIMITS["assistant"], others=("prompts",))
    form = _section(top, "form", LIMITS["form"])
    shortcut = _section(top, "shortcut", LIMITS["shortcut"])
    home = _section(top, "home", LIMITS["home"], others=("examples", "comparisons"))
    lists = FieldReader(top.path, top.mapping("home"), (), ("examples", "comparisons"))
    lists.problems.clear()  # the section's other keys are checked by _section
    home_lists = {key: lists.text_list(key) for key in ("examples", "comparisons")}
    top.problems += lists.problems
    if "continue" in home:
        home["continue_"] = home.pop("continue")
    surfaces = Surfaces(
        AssistantTexts(**assistant, prompts=_prompts(top)),
        FormTexts(**form),
        ShortcutTexts(**shortcut),
        HomeTexts(**home),
        home_examples=home_lists["examples"],
        home_comparisons=home_lists["comparisons"],
    )
    return surfaces, top.problems
