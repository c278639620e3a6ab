"""The advisor's controls, named once: content (advisor.yaml's typed words), the dialogue
(what each does), rendering (the buttons) and the terminal (what to type) use these."""

from __future__ import annotations

from typing import Literal, get_args

Control = Literal["back", "skip", "why", "cancel", "decide", "restart", "share"]
CONTROLS: tuple[Control, ...] = get_args(Control)
# Offered as buttons while a question is asked, and under a result.
QUESTION_CONTROLS: tuple[Control, ...] = ("back", "skip", "why", "cancel", "decide")
RESULT_CONTROLS: tuple[Control, ...] = ("restart", "share")
# The words that type a control live in advisor.yaml's `controls`; these must be there
# ("decide" may be left out: without it the advisor asks every question).
TYPED_CONTROLS: tuple[Control, ...] = ("back", "skip", "restart", "cancel", "why")
OPTIONAL_TYPED_CONTROLS: tuple[Control, ...] = ("decide",)


def parse_control(value: str) -> Control | None:
    """A button's or a line's control name, None when it names none."""
    return next((c for c in CONTROLS if c == value), None)
