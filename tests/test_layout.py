"""The layout, asserted from the code's own imports (ast), so it stays as designed:
the Slack listeners and rendering reach the core only through the engine and the reply
model, no import cycles, a short top level, small modules and functions."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
# The core modules the Slack listeners and rendering may import (at most three).
SLACK_MAY_IMPORT = {"bot.engine", "bot.reply"}
RENDERING = ("blocks.py", "home_view.py", "form_view.py")
# The composition root: builds the engine, its observers, stores and the app.
WIRING = ("serve.py", "app.py", "config.py", "oauth.py", "edge.py", "outbox_sender.py",
          "intake.py", "workers.py")  # fmt: skip
# The rest of the Slack layer (deps, Web API calls, dedup, ...) may also name Metrics.
SLACK_SUPPORT_MAY_IMPORT = SLACK_MAY_IMPORT | {"bot.ops.metrics"}
MAX_TOP_LEVEL = 6
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(BOT.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """The bot modules a file imports (`from bot.x import y` is bot.x.y when y is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names} & MODULES.keys()
    return {name for name in found if name in MODULES}


def slack_front_files() -> Iterator[Path]:
    yield from sorted((BOT / "slack" / "listeners").rglob("*.py"))
    yield from (BOT / "slack" / name for name in RENDERING)


def test_the_slack_listeners_and_rendering_reach_the_core_only_through_the_engine() -> None:
    used = {
        name: path.relative_to(ROOT).as_posix()
        for path in slack_front_files()
        for name in imported(path)
        if not name.startswith("bot.slack") and name != "bot"
    }
    assert set(used) <= SLACK_MAY_IMPORT, {
        n: f for n, f in used.items() if n not in SLACK_MAY_IMPORT
    }
    assert len(SLACK_MAY_IMPORT) <= 3


def core_imports(paths: Iterator[Path]) -> dict[str, str]:
    """Core module imported -> a file importing it (the Slack layer itself left out)."""
    return {
        name: path.relative_to(ROOT).as_posix()
        for path in paths
        for name in imported(path)
        if not name.startswith("bot.slack") and name != "bot"
    }


def test_the_rest_of_the_slack_layer_but_its_wiring_stays_behind_the_engine() -> None:
    support = (
        p
        for p in sorted((BOT / "slack").glob("*.py"))
        if p.name not in WIRING and p.name not in RENDERING
    )
    used = core_imports(support)
    extra = {n: f for n, f in used.items() if n not in SLACK_SUPPORT_MAY_IMPORT}
    assert extra == {}
    assert len(SLACK_SUPPORT_MAY_IMPORT) <= 3


def test_the_reading_sees_the_imports() -> None:
    """Guard against a vacuous pass: known imports are found, `from x import module` too."""
    form = imported(BOT / "slack" / "listeners" / "views" / "advisor_form.py")
    assert {"bot.reply", "bot.slack.deps", "bot.slack.form_view"} <= form
    assert "bot.engine" in imported(BOT / "slack" / "serve.py")
    assert "bot.slack.dedup" in imported(BOT / "slack" / "listeners" / "actions" / "feedback.py")


def import_graph() -> dict[str, set[str]]:
    return {name: imported(path) - {name} for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for name in graph:
        if name not in index:
            visit(name)
    return found


def test_the_cycle_finder_finds_cycles() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_among_bot_modules() -> None:
    assert cycles(import_graph()) == []


def test_at_most_six_modules_directly_under_bot() -> None:
    top = sorted(p.name for p in BOT.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, top


def test_no_module_over_300_lines() -> None:
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_over_60_lines() -> None:
    long = {
        f"{name}.{node.name}": size
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (size := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_FUNCTION_LINES
    }
    assert long == {}
