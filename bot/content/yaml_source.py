"""Read YAML while remembering where every value came from.

Authors fix content by file and line, so the loader keeps the line of each mapping
key and list item, and reports duplicate keys that plain PyYAML silently overwrites.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located for the author."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line > 0 else self.path
        return f"{where}: {self.message}"


class LocatedMap(dict[Any, Any]):
    """A mapping that knows the line of itself and of each of its keys."""

    line: int = 1
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A list that knows the line of itself and of each item."""

    line: int = 1
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LocatingLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []


def _construct_map(loader: _LocatingLoader, node: yaml.MappingNode) -> LocatedMap:
    loader.flatten_mapping(node)
    result = LocatedMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark
            )
        if key in result:
            loader.duplicate_keys.append((str(key), line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: _LocatingLoader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


# libyaml's parser when installed (several times faster: start-up reads every file);
# a file it cannot parse is read again by the pure-Python one, whose messages point at
# the line an author can fix.
_FastParser: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLocatingLoader(_FastParser):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int]] = []


for _loader in (_LocatingLoader, _FastLocatingLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed file: its data (None when it could not be read) and what went wrong."""

    path: str
    data: Any
    problems: tuple[Problem, ...]


def read_yaml(path: Path, shown_as: str | None = None) -> YamlDocument:
    """Parse one YAML file; syntax errors become problems instead of exceptions."""
    name = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return YamlDocument(name, None, (Problem(name, 1, f"cannot read file: {exc}"),))
    fast = _FastLocatingLoader(text)
    try:
        return _document(name, fast.get_single_data(), fast.duplicate_keys)
    except yaml.YAMLError:
        pass  # read again below: the pure-Python parser's marks say where to fix it
    finally:
        fast.dispose()
    loader = _LocatingLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        return YamlDocument(name, None, (_syntax_problem(name, exc),))
    except yaml.YAMLError as exc:
        return YamlDocument(name, None, (Problem(name, 1, f"YAML error: {exc}"),))
    finally:
        loader.dispose()
    return _document(name, data, loader.duplicate_keys)


def _document(name: str, data: Any, duplicate_keys: list[tuple[str, int]]) -> YamlDocument:
    problems = tuple(
        Problem(name, line, f"duplicate key '{key}' (the later value would win)")
        for key, line in duplicate_keys
    )
    if data is None:  # an empty file (or only comments) holds none of what it should
        problems += (Problem(name, 1, "the file is empty"),)
    return YamlDocument(name, data, problems)


def _syntax_problem(name: str, exc: yaml.MarkedYAMLError) -> Problem:
    """Locate a syntax error where an author can fix it.

    An unclosed bracket or quote is only noticed where the parser gives up, often lines
    later; the line where the construct opened is the useful one then, and the line
    where parsing stopped is named too.
    """
    problem, context = exc.problem_mark, exc.context_mark
    at_end = problem is not None and "<stream end>" in (exc.problem or "")
    opened = any(word in (exc.context or "") for word in _OPENING_CONSTRUCTS)
    use_context = context is not None and (at_end or opened)
    mark = context if use_context else (problem or context)
    line = mark.line + 1 if mark is not None else 1
    reason = exc.problem or "invalid YAML"
    if exc.context and context is not None and mark is context:
        reason = f"{reason} ({exc.context} that starts here)"
        if problem is not None and problem.line != context.line:
            reason = f"{reason}; the parser stopped at line {problem.line + 1}"
    return Problem(name, line, f"YAML syntax error: {reason}")


# Contexts naming a bracket or quote that opened earlier (not a whole mapping, whose
# start would point far from an indentation slip).
_OPENING_CONSTRUCTS = ("flow", "quoted")


def shown_path(path: Path) -> str:
    """A file's name as people see it: relative to the working directory when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the working directory was deleted
        return str(path)
