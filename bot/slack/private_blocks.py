"""Replies shown privately (ephemeral messages), in blocks Slack documents for them.

Block Kit documents `feedback_buttons` (in a `context_actions` block) for messages, but
not whether they render in ephemeral ones; unseen, the thumbs would silently be missing.
Private replies carry ordinary buttons instead (`feedback_up` / `feedback_down`, value the
intent), which the feedback listener counts the same way (docs/slack.md).
"""

from __future__ import annotations

from typing import Any

from bot.slack.blocks import Block, actions, button_element
from bot.slack.buttons import OLD_FEEDBACK


def _plain_feedback(block: Block) -> Block:
    (element,) = block["elements"]
    intent = str(element["positive_button"]["value"]).partition("|")[2]
    return actions(
        [
            button_element(":thumbsup:", OLD_FEEDBACK[0], intent),
            button_element(":thumbsdown:", OLD_FEEDBACK[1], intent),
        ],
        block_id="feedback",
    )


def for_ephemeral(content: dict[str, Any]) -> dict[str, Any]:
    """A rendered reply (`message(...)`) as an ephemeral message shows it."""
    blocks = [
        _plain_feedback(b)
        if b.get("type") == "context_actions"
        and [e.get("type") for e in b.get("elements", [])] == ["feedback_buttons"]
        else b
        for b in content.get("blocks", [])
    ]
    return {**content, "blocks": blocks}
