"""What the advisor's commands share: exit codes, configuration errors, the content."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.content.loading import read_knowledge
from bot.content.location import ContentLocation, locate_content
from bot.content.model import KnowledgeBase

OK, FAILED, USAGE = 0, 1, 2


class ConfigurationError(Exception):
    """Bad configuration: reported in one line, exit code 2."""


def content_in_use(env: Mapping[str, str], explicit: str | None = None) -> ContentLocation:
    try:
        cwd = Path.cwd()
    except OSError:  # the working directory was deleted: no checkout around it
        cwd = Path("/")
    return locate_content(env, cwd, explicit)


def load_content(env: Mapping[str, str], calibrated: bool = True) -> KnowledgeBase:
    root = content_in_use(env).root
    kb, problems = read_knowledge(root, calibrated)
    if kb is None:
        shown = "\n".join(f"  {p}" for p in problems[:5])
        more = f"\n  ... and {len(problems) - 5} more" if len(problems) > 5 else ""
        raise ConfigurationError(
            f"the knowledge base in {root} has {len(problems)} problem(s); "
            f"run `advisor kb check {root}`:\n{shown}{more}"
        )
    return kb
