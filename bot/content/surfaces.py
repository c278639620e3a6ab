"""The sentences around the answers on Slack's surfaces (knowledge/surfaces.yaml).

The assistant panel's greeting and suggested prompts, the one-screen advisor form, the
"Ask the advisor" message shortcut and App Home. Read with the rest of the content and
checked by `advisor kb check` against Slack's limits. A content root without the file
(an author's small test base) gets these short defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.base.slack_limits import SLACK_BUTTON_TEXT
from bot.base.surface_texts import (
    AssistantTexts,
    FormTexts,
    HomeTexts,
    Prompt,
    ShortcutTexts,
    text_fields,
)
from bot.content.fields import FieldReader
from bot.content.yaml_source import LocatedMap, Problem, read_yaml

MAX_PROMPTS = 4  # assistant.threads.setSuggestedPrompts takes up to four


@dataclass(frozen=True)
class Surfaces:
    assistant: AssistantTexts = field(default_factory=AssistantTexts)
    form: FormTexts = field(default_factory=FormTexts)
    shortcut: ShortcutTexts = field(default_factory=ShortcutTexts)
    home: HomeTexts = field(default_factory=HomeTexts)
    home_examples: tuple[str, ...] = ()  # intent ids whose titles App Home shows as examples
    home_comparisons: tuple[str, ...] = ()  # criterion ids App Home offers as buttons


def _section(
    top: FieldReader, key: str, texts: type[Any], others: tuple[str, ...] = ()
) -> dict[str, str]:
    """The text fields of one section, by field name (bot/base/surface_texts.py says
    each one's key and limit)."""
    section = top.mapping(key)
    if not isinstance(section, LocatedMap) or key not in top.data:
        return {}
    shape = text_fields(texts)
    # Every text is required: the words live in the file, not in code.
    reader = FieldReader(top.path, section, tuple(shape), others, what=key)
    read = {name: reader.text(k, max_chars=limit) for k, (name, limit) in shape.items()}
    top.problems += reader.problems
    return {name: text for name, text in read.items() if text}


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
    assistant = _section(top, "assistant", AssistantTexts, others=("prompts",))
    form = _section(top, "form", FormTexts)
    shortcut = _section(top, "shortcut", ShortcutTexts)
    home = _section(top, "home", HomeTexts, others=("examples", "comparisons"))
    lists = FieldReader(top.path, top.mapping("home"), (), ("examples", "comparisons"))
    lists.problems.clear()  # the section's other keys are checked by _section
    home_lists = {key: lists.text_list(key) for key in ("examples", "comparisons")}
    top.problems += lists.problems
    surfaces = Surfaces(
        AssistantTexts(**assistant, prompts=_prompts(top)),
        FormTexts(**form),
        ShortcutTexts(**shortcut),
        HomeTexts(**home),
        home_examples=home_lists["examples"],
        home_comparisons=home_lists["comparisons"],
    )
    return surfaces, top.problems
