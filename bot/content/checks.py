"""Rules that span the content's files: unique ids, valid references, no shared examples."""

from __future__ import annotations

from bot.base.intents import CONVERSATION_INTENTS
from bot.content.fields import FieldReader
from bot.content.model import (
    Criterion,
    Intent,
    Located,
    Settings,
    build_normaliser,
)
from bot.content.negatives import check_negatives
from bot.content.yaml_source import Problem


def cross_check(
    intents: list[Located[Intent]], criteria: list[Located[Criterion]], settings: Settings
) -> list[Problem]:
    """Rules that span files: unique ids, valid references, no shared examples."""
    problems: list[Problem] = []

    def report(r: FieldReader, line: int, message: str) -> None:
        problems.append(Problem(r.path, line, message))

    by_id: dict[str, Located[Intent]] = {}
    for located in intents:
        first = by_id.setdefault(located.item.id, located)
        if first is not located:
            r = located.reader
            report(
                r, r.line("id"), f"duplicate intent id '{r.data['id']}' (also {first.reader.path})"
            )
    criterion_ids: set[str] = set()
    for criterion in criteria:
        if criterion.item.id in criterion_ids:
            r = criterion.reader
            report(r, r.line("id"), f"duplicate criterion id '{criterion.item.id}'")
        criterion_ids.add(criterion.item.id)
    for missing in (i for i in CONVERSATION_INTENTS if i not in by_id):
        problems.append(Problem("intents/", 0, f"missing conversation intent '{missing}'"))

    vocabulary = settings.vocabulary
    for intent_id in vocabulary.concepts:
        if intent_id not in by_id:
            line = vocabulary.concept_lines.get(intent_id, 0)
            problems.append(Problem(vocabulary.source, line, f"unknown intent '{intent_id}'"))
    normaliser = build_normaliser(settings, tuple(i.item for i in intents))
    owners: dict[str, str] = {}
    for located in intents:
        intent, r = located.item, located.reader
        for index, ref in enumerate(intent.related):
            if ref not in by_id:
                report(
                    r, r.item_line("related", index), f"related refers to unknown intent '{ref}'"
                )
        if intent.counterpart and intent.counterpart not in by_id:
            report(
                r,
                r.line("counterpart"),
                f"counterpart refers to unknown intent '{intent.counterpart}'",
            )
        if intent.criterion and intent.criterion not in criterion_ids:
            report(
                r,
                r.line("criterion"),
                f"criterion refers to unknown criterion '{intent.criterion}'",
            )
        for index, example in enumerate(intent.examples):
            owner = owners.setdefault(normaliser.normalise(example).text, intent.id)
            if owner != intent.id:
                line = r.item_line("examples", index)
                report(r, line, f"example '{example}' is also an example of intent '{owner}'")
    problems += check_negatives(settings.negatives, lambda t: normaliser.normalise(t).text, owners)
    return problems
