"""Print the project's dependencies that this interpreter already has, one per line.

CI runs it with the base `python3`: any output means that interpreter could lend the
tests packages the project is supposed to install itself.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def requirement_names() -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    requirements = [*project["dependencies"], *(r for group in extras.values() for r in group)]
    names = {re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0] for r in requirements}
    return sorted((names | {project["name"]}) - {""})


def installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


if __name__ == "__main__":
    for name in requirement_names():
        if installed(name):
            print(name)
