"""Side-by-side comparisons of Node.js and Django, one criterion or all of them."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.base.message_ids import EDGE_LINE, EDGE_SHORT
from bot.base.text import fold
from bot.content.model import Criterion, KnowledgeBase
from bot.reply import Comparison, Option, Reply


@lru_cache(maxsize=4)  # one entry per content version in use
def _criterion_names(kb: KnowledgeBase) -> dict[str, Criterion]:
    names: dict[str, Criterion] = {}
    for criterion in kb.criteria:
        for phrase in (criterion.id.replace("_", " "), criterion.name, *criterion.aliases):
            names.setdefault(fold(phrase), criterion)
            names.setdefault(kb.normaliser.normalise(phrase).text, criterion)
    return names


def find_criterion(kb: KnowledgeBase, text: str) -> Criterion | None:
    """The criterion a person means: 'perf', 'speed', 'secure', 'learning'..."""
    said = kb.normaliser.normalise(text).text
    if not said:
        return None
    names = _criterion_names(kb)
    if said in names:
        return names[said]
    if not kb.normaliser.normalise(text).stems:  # "a", "the": nothing to go on
        return None
    cutoff = kb.settings.fuzzy.criterion_name
    found = process.extractOne(said, list(names), scorer=fuzz.WRatio, score_cutoff=cutoff)
    return names[found[0]] if found else None


def compare_reply(kb: KnowledgeBase, asked: str) -> tuple[Reply, str | None]:
    """The comparison for what someone asked ("", "all", or a criterion, fuzzily), with
    the criterion id it resolved to ("all" for the summary, None when unknown)."""
    if asked.strip().lower() in {"", "all"}:
        return summary_reply(kb), "all"
    criterion = find_criterion(kb, asked)
    if criterion is None:
        return unknown_criterion_reply(kb, asked), None
    return comparison_reply(kb, criterion), criterion.id


def side_by_side(c: Criterion) -> Comparison:
    return Comparison(c.id, c.name, c.node, c.django, c.edge, c.why)


def comparison_reply(kb: KnowledgeBase, criterion: Criterion) -> Reply:
    comparison = side_by_side(criterion)
    words = kb.messages
    title = words.text("comparison_title", criterion=criterion.name)
    edge = words.text(EDGE_LINE[criterion.edge])
    text = (
        f"*{title}*\n*Node.js*: {criterion.node}\n*Django*: {criterion.django}\n"
        f"*{edge}.* {criterion.why}"
    )
    related = tuple(Option(i.title, i.id) for i in kb.intents if i.criterion == criterion.id)
    return Reply(
        text=text,
        title=title,
        comparisons=(comparison,),
        related=related,
    )


def summary_reply(kb: KnowledgeBase) -> Reply:
    """Every criterion in one table: which side has the edge, and why in a line."""
    words = kb.messages
    rows = [f"• *{c.name}*: {words.text(EDGE_SHORT[c.edge])}" for c in kb.criteria]
    comparisons = tuple(side_by_side(c) for c in kb.criteria)
    title = words.text("at_a_glance")
    return Reply(
        text=f"*{title}*\n" + "\n".join(rows),
        title=title,
        comparisons=comparisons,
    )


def unknown_criterion_reply(kb: KnowledgeBase, asked: str) -> Reply:
    names = ", ".join(f"`{c.id}`" for c in kb.criteria)
    return Reply(text=kb.messages.text("unknown_criterion", asked=asked, names=names))
