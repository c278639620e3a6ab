"""Run the command line on a pseudo-terminal, as a person at a keyboard would."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO


@dataclass(frozen=True)
class TerminalRun:
    returncode: int | None  # None: still running when the time ran out (then killed)
    output: str  # everything the terminal showed, typed echo included


def run_on_terminal(
    *args: str, typed: str = "", cwd: Path = REPO, env: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> TerminalRun:  # fmt: skip
    """`python -m bot ARGS` with stdin, stdout and stderr on a terminal; `typed` is typed."""
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", *args],
        stdin=child, stdout=child, stderr=child, cwd=cwd,
        env={**os.environ, "TERM": "dumb", **(env or {})},
    )  # fmt: skip
    os.close(child)
    if typed:
        os.write(main, typed.encode())
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(main, 4096)
                except OSError:  # EIO: the program closed the terminal
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            elif proc.poll() is not None:
                break
    finally:
        code: int | None
        try:
            code = proc.wait(timeout=max(0.5, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
            code = None
        os.close(main)
    return TerminalRun(code, b"".join(chunks).decode(errors="replace").replace("\r\n", "\n"))
