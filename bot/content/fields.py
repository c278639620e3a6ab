"""Typed reading of one YAML mapping, collecting problems instead of raising.

A schema library would check types, but not our cross-file rules or Slack's limits,
and it could not point at lines; this small reader does both for our few shapes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.content.yaml_source import LocatedList, LocatedMap, Problem


class FieldReader:
    """Reads the fields of one mapping; every problem is recorded with its line."""

    def __init__(
        self,
        path: str,
        data: Any,
        required: Iterable[str],
        optional: Iterable[str] = (),
        what: str = "entry",
    ) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.ok = isinstance(data, LocatedMap)
        self.data: LocatedMap = data if isinstance(data, LocatedMap) else LocatedMap()
        line = getattr(data, "line", 1)
        if not self.ok:
            self.problems.append(Problem(path, line, f"{what} must be a mapping of keys"))
            return
        allowed = set(required) | set(optional)
        for key in self.data:
            if key not in allowed:
                self.fail(key, f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")
        for key in required:
            if key not in self.data:
                self.problems.append(Problem(path, self.data.line, f"missing key '{key}'"))

    def line(self, key: str) -> int:
        return self.data.line_of(key)

    def fail(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key), message))

    def text(self, key: str, default: str = "", max_chars: int | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            value = default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(key, f"'{key}' must be text")
            return default
        text = str(value).strip()
        if key in self.data and not text:
            self.fail(key, f"'{key}' is empty")
        if max_chars is not None and len(text) > max_chars:
            self.fail(key, f"'{key}' is {len(text)} characters; Slack allows {max_chars}")
        return text

    def text_list(self, key: str, max_chars: int | None = None) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, LocatedList):
            self.fail(key, f"'{key}' must be a list")
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            line = value.line_of(index)
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.problems.append(Problem(self.path, line, f"'{key}' items must be text"))
            elif not str(item).strip():
                self.problems.append(Problem(self.path, line, f"empty item in '{key}'"))
            elif max_chars is not None and len(str(item)) > max_chars:
                self.problems.append(
                    Problem(self.path, line, f"item in '{key}' is over {max_chars} characters")
                )
            else:
                items.append(str(item).strip())
        return tuple(items)

    def item_line(self, key: str, index: int) -> int:
        value = self.data.get(key)
        return value.line_of(index) if isinstance(value, LocatedList) else self.line(key)

    def choice(self, key: str, choices: Iterable[str], default: str) -> str:
        allowed = tuple(choices)
        value = self.text(key, default)
        if value not in allowed:
            self.fail(key, f"'{key}' must be one of {', '.join(allowed)}, not '{value}'")
            return default
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"'{key}' must be a number")
            return default
        if not low <= value <= high:
            self.fail(key, f"'{key}' must be between {low} and {high}, not {value}")
            return default
        return float(value)

    def mapping(self, key: str) -> LocatedMap:
        value = self.data.get(key)
        if value is None:
            return LocatedMap()
        if not isinstance(value, LocatedMap):
            self.fail(key, f"'{key}' must be a mapping")
            return LocatedMap()
        return value

    def entries(self, key: str) -> list[tuple[Any, int]]:
        """The items of a list field with their lines."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, LocatedList):
            self.fail(key, f"'{key}' must be a list")
            return []
        return [(item, value.line_of(i)) for i, item in enumerate(value)]
