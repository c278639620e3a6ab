"""Which content (intents/ and knowledge/) a command uses, and how to say so.

Authors edit the YAML in a checkout, but after `pip install .` the package carries its
own copy. So a command run inside a checkout uses that checkout's content, and the
authoring commands name the content they use and how to point them at another.
Order: an explicit DIR, then ADVISOR_KB_DIR, then the checkout around the working
directory, then the content installed with the package.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot.content.loading import packaged_root

PROJECT_NAME = "node-django-advisor"
Origin = Literal["argument", "environment", "checkout", "installed"]


@dataclass(frozen=True)
class ContentLocation:
    root: Path
    origin: Origin

    def describe(self) -> str:
        """One line for people: whose content this is, and how to choose another."""
        if self.origin == "argument":
            return f"content: {self.root}"
        if self.origin == "environment":
            return f"content: {self.root} (from ADVISOR_KB_DIR)"
        if self.origin == "checkout":
            return f"content: {self.root} (this checkout's intents/ and knowledge/)"
        return (
            f"content: {self.root} (installed with the advisor; run inside your checkout, "
            "or set ADVISOR_KB_DIR, to use yours)"
        )


def is_checkout(directory: Path) -> bool:
    """A source tree of this project: its pyproject.toml plus the content folders."""
    pyproject = directory / "pyproject.toml"
    if not ((directory / "intents").is_dir() and (directory / "knowledge").is_dir()):
        return False
    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == PROJECT_NAME


def find_checkout(start: Path) -> Path | None:
    """The checkout containing `start` (or `start` itself), if any."""
    for directory in (start, *start.parents):
        if is_checkout(directory):
            return directory
    return None


def locate_content(
    env: Mapping[str, str], cwd: Path, explicit: str | None = None
) -> ContentLocation:
    if explicit:
        return ContentLocation(Path(explicit), "argument")
    configured = env.get("ADVISOR_KB_DIR", "").strip()
    if configured:
        return ContentLocation(Path(configured), "environment")
    checkout = find_checkout(cwd.resolve())
    if checkout is not None:
        return ContentLocation(checkout, "checkout")
    return ContentLocation(packaged_root(), "installed")
