"""Where the samples of a py-spy profile went (collapsed stacks, `--format raw`).

    python benchmarks/profile_summary.py FILE [--top 25]

Prints each process's share of the samples (a profile taken with `--subprocesses` holds
the serving process and its answering processes), then the functions with the most
samples including what they call (inclusive) and their own (self), all processes
together.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<name>.*?) \((?P<where>[^()]*)\)$")
PROCESS = re.compile(r'^process (?P<pid>\d+):"(?P<command>[^"]*)"')  # --subprocesses


def process_of(stack: str) -> str:
    """The process a sample is of: with `--subprocesses` a child's stack starts with its
    parent's process frame, then its own."""
    found = None
    for frame in stack.split(";"):
        match = PROCESS.match(frame)
        if match is None:
            break
        found = match
    if found is None:
        return "the process"
    kind = "answering" if "bot.terminal.answer_only" in found["command"] else "serving"
    return f"{kind} process {found['pid']}"


def frames(stack: str) -> list[str]:
    """`name (file:line)` frames as `name (file)`: lines within one function merged."""
    named = []
    for frame in stack.split(";"):
        found = FRAME.match(frame)
        if found:
            where = found["where"].rsplit(":", 1)[0].split("site-packages/")[-1]
            named.append(f"{found['name']} ({where})")
        else:
            named.append(frame)
    return named


def summarise(path: Path, top: int) -> None:
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    processes: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        names = frames(stack)
        processes[process_of(stack)] += n
        for name in set(names):
            inclusive[name] += n
        own[names[-1]] += n
    print(f"{total} samples")
    for process, n in processes.most_common():
        print(f"  {n / total:6.1%}  {process}")
    print("inclusive:")
    for name, n in inclusive.most_common(top):
        print(f"  {n / total:6.1%}  {name}")
    print("self:")
    for name, n in own.most_common(top):
        print(f"  {n / total:6.1%}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    summarise(args.file, args.top)


if __name__ == "__main__":
    main()
