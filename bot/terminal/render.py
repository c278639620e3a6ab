"""Render a reply for a terminal: Slack mrkdwn becomes plain text."""

from __future__ import annotations

from bot.base.controls import QUESTION_CONTROLS
from bot.content.messages import Messages
from bot.reply import Reply, plain_text


def render(words: Messages, reply: Reply) -> str:
    """The whole reply as lines of text: answer, numbered options, suggestions, follow-ups."""
    lines = [plain_text(reply.text)]
    numbered = reply.options or reply.suggestions or reply.alternatives or reply.related
    if numbered:
        if reply.alternatives and not (reply.options or reply.suggestions):
            lines.append(words.text("terminal_alternatives"))
        elif reply.related and not (reply.options or reply.suggestions):
            lines.append(words.text("terminal_related"))
        lines += [f"  {n}. {option.label}" for n, option in enumerate(numbered, start=1)]
    if reply.options:
        # Where Slack shows a button, the terminal says what to type: the control's name.
        or_words = ", ".join([o.value for o in reply.controls] or QUESTION_CONTROLS)
        lines.append(f"  {words.text('terminal_or', words=or_words)}")
    if reply.changes:
        lines.append(words.text("terminal_change_hint"))
    return "\n".join(lines)


def one_line(words: Messages, reply: Reply) -> str:
    """The reply on a single line, for line-by-line scripting."""
    return " ".join(part.strip() for part in render(words, reply).splitlines() if part.strip())
