"""The layout, asserted from the code's own imports (ast), so it stays as designed: every
import is one docs/development.md's table allows (the Slack listeners and rendering reach
the core only through the engine, the reply model and the base layer), no import cycles,
a short top level, small modules and functions."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOT = ROOT / "bot"
DEVELOPMENT = ROOT / "docs" / "development.md"
# The Slack layer but its wiring may name no more of ops than Metrics.
SLACK_SUPPORT_OPS = {"bot.ops.metrics"}
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


@dataclass(frozen=True)
class Row:
    """One row of development.md's table: the paths it covers and what they may import."""

    paths: tuple[str, ...]  # "bot/slack/" (a folder) or "bot/slack/app.py"
    may_import: frozenset[str]  # packages: "bot.engine", "bot.content", ...

    def covers(self, path: str) -> int:
        """How closely the row names the file: 0 not at all, more for a closer name."""
        return max(
            (len(p) for p in self.paths if path == p or (p.endswith("/") and path.startswith(p))),
            default=0,
        )


def table_rows() -> list[Row]:
    lines = DEVELOPMENT.read_text(encoding="utf-8").split("## Where things live")[1]
    rows = []
    for line in lines.splitlines():
        if not line.startswith("| `bot/"):
            continue
        cells = line.split("|")
        names = re.findall(r"`([^`]+)`", cells[1])
        folder = names[0].rsplit("/", 1)[0] + "/"
        paths = tuple(n if n.startswith("bot/") else folder + n for n in names)
        allowed = frozenset(f"bot.{n}" for n in re.findall(r"`(\w+)`", cells[3]))
        rows.append(Row(paths, allowed))
    return rows


def row_of(path: Path, rows: list[Row]) -> Row:
    where = path.relative_to(ROOT).as_posix()
    best = max(rows, key=lambda row: row.covers(where))
    assert best.covers(where), f"docs/development.md's table has no row for {where}"
    return best


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_every_import_is_allowed_by_the_documented_table() -> None:
    rows = table_rows()
    disallowed = {
        f"{path.relative_to(ROOT).as_posix()} -> {name}"
        for module, path in MODULES.items()
        if module != "bot"
        for name in imported(path)
        if name != "bot"
        and package_of(name) != package_of(module)
        and package_of(name) not in row_of(path, rows).may_import
    }
    assert disallowed == set()


def test_the_slack_layer_but_its_wiring_names_only_metrics_of_ops() -> None:
    rows = table_rows()
    wiring = next(r for r in rows if "bot/slack/serve.py" in r.paths)
    used = {
        f"{path.name} -> {name}"
        for module, path in MODULES.items()
        if module.startswith("bot.slack") and row_of(path, rows) != wiring
        for name in imported(path)
        if name.startswith("bot.ops") and name not in SLACK_SUPPORT_OPS
    }
    assert used == set()


def test_the_table_is_read() -> None:
    """Guard against a vacuous pass: rows are found, files get their closest row."""
    rows = table_rows()
    assert len(rows) >= 10
    listeners = row_of(BOT / "slack" / "listeners" / "actions" / "feedback.py", rows)
    assert listeners.may_import == {"bot.engine", "bot.base", "bot.reply"}
    assert "bot.storage" in row_of(BOT / "slack" / "serve.py", rows).may_import
    assert "bot.storage" not in row_of(BOT / "slack" / "deps.py", rows).may_import
    assert row_of(BOT / "base" / "sides.py", rows).may_import == set()


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


def test_no_import_cycles_among_bot_packages() -> None:
    """content and understanding, engine and ops: a package imports nothing that imports it."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        names = {package_of(n) for n in imported(path)} - {package_of(module), "bot"}
        graph.setdefault(package_of(module), set()).update(names)
    assert cycles(graph) == []
