"""Render a reply for a terminal: Slack mrkdwn becomes plain text."""

from __future__ import annotations

from bot.reply import Reply, plain_text

# What to type for each advisor control, where Slack would show a button.
CONTROL_WORDS = {
    "back": "back",
    "skip": "skip",
    "why": "why?",
    "cancel": "cancel",
    "decide": "decide",
}


def render(reply: Reply) -> str:
    """The whole reply as lines of text: answer, numbered options, suggestions, follow-ups."""
    lines = [plain_text(reply.text)]
    numbered = reply.options or reply.suggestions or reply.alternatives or reply.related
    if numbered:
        if reply.alternatives and not (reply.options or reply.suggestions):
            lines.append("Not quite? Did you mean:")
        elif reply.related and not (reply.options or reply.suggestions):
            lines.append("Related questions:")
        lines += [f"  {n}. {option.label}" for n, option in enumerate(numbered, start=1)]
    if reply.options:
        words = [CONTROL_WORDS.get(o.value, o.value) for o in reply.controls]
        lines.append(f"  (or: {', '.join(words or CONTROL_WORDS.values())})")
    if reply.changes:
        lines.append("Say 'change <question>' to revise an answer, or 'restart'.")
    return "\n".join(lines)


def one_line(reply: Reply) -> str:
    """The reply on a single line, for line-by-line scripting."""
    return " ".join(part.strip() for part in render(reply).splitlines() if part.strip())
