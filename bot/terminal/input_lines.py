"""What a line typed into `advisor chat` means before the conversation sees it.

A terminal program ignores an empty line and ends on exit/quit/bye; Slack's `/compare`
works here too. With `--json` every line is an input that gets one reply (docs/contracts.md), so
only `/compare` is read there: blank lines and "exit" go to the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass

QUIT_WORDS = frozenset({"exit", "quit", "bye", "goodbye", "exit()", "quit()", ":q"})
GOODBYE_WORDS = frozenset({"bye", "goodbye"})


@dataclass(frozen=True)
class Ignore:
    """Nothing to do (an empty line in the interactive chat)."""


@dataclass(frozen=True)
class Quit:
    farewell: bool  # "bye" says goodbye; "exit" and "quit" just end it


@dataclass(frozen=True)
class Compare:
    asked: str  # "" for the whole table


@dataclass(frozen=True)
class UnknownCommand:
    command: str


@dataclass(frozen=True)
class Say:
    text: str


TerminalLine = Ignore | Quit | Compare | UnknownCommand | Say


def read_terminal_line(line: str, json_mode: bool) -> TerminalLine:
    said = line.strip()
    if said.startswith("/"):
        command, _, rest = said.partition(" ")
        if command.lower() == "/compare":
            return Compare(rest.strip())
        return UnknownCommand(command)
    if json_mode:
        return Say(line)
    if not said:
        return Ignore()
    word = said.lower().rstrip("!. ")
    if word in QUIT_WORDS:
        return Quit(word in GOODBYE_WORDS)
    return Say(line)
