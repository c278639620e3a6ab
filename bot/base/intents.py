"""The intents the code itself acts on (the conversation's own), named once; every other
intent is content alone (intents/*.yaml)."""

from __future__ import annotations

from typing import Final

GREETING: Final = "greeting"  # also what an empty message gets
HELP: Final = "help"
THANKS: Final = "thanks"
START_ADVISOR: Final = "start_advisor"  # the advisor starts instead of an answer
VERDICT: Final = "verdict"  # "which is better?": a pick, like starting the advisor
CONVERSATION_INTENTS = (GREETING, HELP, THANKS, START_ADVISOR)  # content must define them
